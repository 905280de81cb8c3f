/**
 * Layer 3 bridge: the built renderer and the built preload, running in a plain browser, talking to the real
 * register (app.ts: ledger, services, handler table, dispatcher, event bus) in this Node process.
 *
 * - GET /                  out/renderer/index.html with one added `<script src="/__bridge/preload.js">` before
 *                          the app's module script, so it runs first, as a preload does.
 * - GET /__bridge/preload.js  a fake `electron` (contextBridge sets window[key]; ipcRenderer travels over the
 *                          WebSocket below) and the built out/preload/index.cjs, wrapped in a CommonJS function.
 *                          A file, not inline script: the page's CSP forbids inline script and eval.
 * - WS  /__bridge/ws       `invoke` messages go to `app.dispatch`; every EventBus message is pushed to the page.
 * - GET anything else      a file from out/renderer.
 *
 * Payloads cross as JSON, which the contract promises is enough (no Date, Map or BigInt).
 *
 * What this layer cannot cover, and the Electron smoke test (test/e2e/electron-smoke.test.ts) does: the
 * preload here runs in the page's own world, so contextIsolation is not exercised; there is no sandbox (the
 * fake `require` only mimics its "electron only" rule); Electron's IPC, structured clone and the sender-frame
 * check are replaced by this socket (the sender check is covered by test/integration/main-wiring.test.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { channels, eventChannel, ipcChannel } from '../../src/shared/contract.ts';
import { createRegisterApp, type RegisterApp, type RegisterAppOptions } from '../../src/main/app.ts';
import { builtPreloadFile, builtRendererDir as rendererDir, missingBuild, repoRoot } from './built-app.ts';

const bridgeScriptPath = '/__bridge/preload.js';
const socketPath = '/__bridge/ws';

/** Contract channel by its Electron channel name ('counter:sale.scan' → 'sale.scan'). */
const channelByIpcName = new Map<string, string>(channels.map((channel) => [ipcChannel(channel), channel]));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

export interface Bridge {
  url: string;
  app: RegisterApp;
  /** The register's data folder. */
  dataDir: string;
  close(): Promise<void>;
}

export interface BridgeOptions {
  /** Omitted: a fresh temporary folder, removed again by close(). */
  dataDir?: string;
  /** Peripheral test seams, e.g. a fast status poll so a printer coming back is noticed at once. */
  devices?: RegisterAppOptions['devices'];
  /** Head-office sync test seams, e.g. a socket that reconnects within a fraction of a second. */
  sync?: RegisterAppOptions['sync'];
  /** Where the phone server listens and the phone page it serves (out/phone). */
  phone?: RegisterAppOptions['phone'];
}

export async function startBridge({ devices, sync, phone, ...options }: BridgeOptions): Promise<Bridge> {
  const missing = missingBuild();
  if (missing) throw new Error(missing);
  const [indexHtml, preload] = await Promise.all([
    readFile(join(rendererDir, 'index.html'), 'utf8'),
    readFile(builtPreloadFile, 'utf8'),
  ]);
  const page = withBridgeScript(indexHtml);
  const bridgeScript = fakeElectronWithPreload(preload);

  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'counter-e2e-'));
  const app = createRegisterApp({
    dataDir,
    resourcesDir: join(repoRoot, 'resources'),
    version: '0.0.0-e2e',
    devices,
    sync,
    phone,
  });
  const server = createServer((request, response) => {
    serve(request, response, page, bridgeScript).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  let url = '';
  // Only our own page may talk to the register, as with the sender-frame check in Electron.
  const sockets = new WebSocketServer({
    server,
    path: socketPath,
    verifyClient: ({ origin }: { origin: string }) => origin === url,
  });
  sockets.on('connection', (socket) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        type: 'invoke';
        id: number;
        channel: string;
        payload?: unknown;
      };
      void app
        .dispatch(channelByIpcName.get(message.channel) ?? message.channel, message.payload)
        .then((envelope) => socket.send(JSON.stringify({ type: 'result', id: message.id, envelope })));
    });
  });
  const unsubscribe = app.events.subscribe((message) => {
    const text = JSON.stringify({ type: 'event', channel: eventChannel, message });
    for (const socket of sockets.clients) if (socket.readyState === WebSocket.OPEN) socket.send(text);
  });

  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    app,
    dataDir,
    async close() {
      unsubscribe();
      for (const socket of sockets.clients) socket.terminate();
      await new Promise((closed) => sockets.close(closed));
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
      app.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  page: string,
  bridgeScript: string,
): Promise<void> {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://bridge').pathname);
  if (path === '/' || path === '/index.html') return send(response, '.html', page);
  if (path === bridgeScriptPath) return send(response, '.js', bridgeScript);
  const file = resolve(rendererDir, `.${path}`);
  if (!file.startsWith(rendererDir + sep) || !existsSync(file)) {
    response.writeHead(404).end(`Not found: ${path}`);
    return;
  }
  send(response, extname(file), await readFile(file));
}

function send(response: ServerResponse, extension: string, body: string | Buffer): void {
  response.writeHead(200, {
    'content-type': contentTypes[extension] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  response.end(body);
}

/** The only change to the built page: our preload stand-in runs before the app's module script. */
function withBridgeScript(html: string): string {
  const appScript = html.search(/<script\b[^>]*type="module"/);
  if (appScript < 0)
    throw new Error('out/renderer/index.html has no <script type="module">; is it the built page?');
  return `${html.slice(0, appScript)}<script src="${bridgeScriptPath}"></script>\n${html.slice(appScript)}`;
}

/**
 * Browser code: a fake `electron` for the preload, then the built preload itself, called the way Node calls
 * a CommonJS file. A sandboxed preload can require little besides `electron` (never a package from
 * node_modules), and this one needs nothing else, so `electron` is all the fake offers.
 */
function fakeElectronWithPreload(preload: string): string {
  return `(() => {
  'use strict';
  const socket = new WebSocket('ws://' + window.location.host + '${socketPath}');
  const opened = new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('The test bridge socket did not open')));
  });
  const pending = new Map();
  const listeners = new Map();
  let lastId = 0;

  const ipcRenderer = {
    async invoke(channel, payload) {
      await opened;
      const id = ++lastId;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
      });
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'result') {
      pending.get(message.id)(message.envelope);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.channel) ?? []) listener({ sender: ipcRenderer }, message.message);
    }
  });

  const contextBridge = {
    exposeInMainWorld(key, api) {
      Object.defineProperty(window, key, { value: Object.freeze(api), enumerable: true });
    },
  };
  const sandboxedRequire = (name) => {
    if (name === 'electron') return { contextBridge, ipcRenderer };
    throw new Error('module not found: ' + name + ' (a sandboxed preload cannot load packages; bundle it or keep it out of the preload)');
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preload}
  })(sandboxedRequire, module, module.exports);
})();
`;
}
