/**
 * The Electron main process: creates the one window with locked-down settings and wires the register app
 * (ledger, services, IPC). Everything else lives in services that never import electron.
 */
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  safeStorage,
  session,
  shell,
  type WebFrameMain,
} from 'electron';
import { eventChannel } from '../shared/contract.ts';
import { createRegisterApp, type RegisterApp } from './app.ts';
import { registerIpc } from './ipc/register.ts';
import { phonePortSetting } from './phone/phones.ts';
import { keychainBox } from './sync/secrets.ts';

const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const rendererUrl = process.env['ELECTRON_RENDERER_URL'];

/** Only our own page may call main: the bundled file, or the dev server during `npm run dev`. */
export function isTrustedSender(frame: WebFrameMain | null): boolean {
  if (!frame) return false;
  try {
    const url = new URL(frame.url);
    if (rendererUrl && !app.isPackaged) return url.origin === new URL(rendererUrl).origin;
    return (
      url.protocol === 'file:' && decodeURIComponent(url.pathname) === rendererFile.replaceAll('\\', '/')
    );
  } catch {
    return false;
  }
}

export const windowOptions: Electron.BrowserWindowConstructorOptions = {
  width: 1280,
  height: 800,
  minWidth: 1024,
  minHeight: 700,
  title: 'Counter',
  backgroundColor: '#f4f5f7',
  webPreferences: {
    preload: join(import.meta.dirname, '../preload/index.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webviewTag: false,
    spellcheck: false,
  },
};

function createWindow(registerApp: RegisterApp): BrowserWindow {
  const window = new BrowserWindow(windowOptions);
  const unsubscribe = registerApp.events.subscribe((message) => {
    if (!window.isDestroyed()) window.webContents.send(eventChannel, message);
  });
  window.on('closed', unsubscribe);
  const loading =
    rendererUrl && !app.isPackaged ? window.loadURL(rendererUrl) : window.loadFile(rendererFile);
  // A screen that fails to load leaves the window blank: the log says why.
  loading.catch((error: unknown) => console.error('The register screen could not be loaded', error));
  return window;
}

/** Navigation, new windows, <webview> and permission prompts are all refused. */
function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://counter.example/help'))
        shell
          .openExternal(url)
          .catch((error: unknown) => console.error('The help page could not be opened', error));
      return { action: 'deny' };
    });
  });
}

export async function main(): Promise<void> {
  await app.whenReady();
  lockDown();
  const dataDir = process.env['COUNTER_DATA_DIR'] ?? app.getPath('userData');
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(import.meta.dirname, '../../resources');
  const registerApp = createRegisterApp({
    dataDir,
    resourcesDir,
    version: app.getVersion(),
    // The device token is kept sealed by the operating system's keychain where there is one.
    sync: { secrets: keychainBox(safeStorage) },
    phone: { port: phonePortSetting(process.env['COUNTER_PHONE_PORT']) },
  });
  registerIpc(ipcMain, registerApp.dispatch, isTrustedSender);
  createWindow(registerApp);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(registerApp);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => registerApp.close());
}

main().catch((error: unknown) => {
  // Without a window nobody would see what went wrong (e.g. a ledger written by a newer Counter).
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Counter cannot start', message);
  app.quit();
});
