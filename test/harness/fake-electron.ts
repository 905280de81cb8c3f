/**
 * A recording stand-in for the `electron` module, for importing the real src/main/index.ts under Vitest
 * (`vi.mock('electron', () => fakeElectron.module)`). It implements only what main uses, records every call,
 * and lets a test play the part of Electron: invoke an IPC handler from a chosen frame, emit webContents
 * events, ask the permission handlers.
 */
import { EventEmitter } from 'node:events';

type Listener = Parameters<EventEmitter['on']>[1];
export type IpcHandler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;

export interface FakeInvokeEvent {
  senderFrame: { url: string } | null;
  sender: FakeWebContents;
}

/** Electron events that can be cancelled; the fake records whether a listener did. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: WindowOpenHandler | undefined;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
}

export function createFakeElectron() {
  const appEvents = new EventEmitter();
  const windows: FakeBrowserWindow[] = [];
  const ipcHandlers = new Map<string, IpcHandler>();
  const openedExternally: string[] = [];
  const permissions: {
    requestHandler?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    checkHandler?: (contents: unknown, permission: string) => boolean;
  } = {};
  const paths: Record<string, string> = {};
  let quitCalls = 0;
  const errorBoxes: { title: string; content: string }[] = [];
  let resolveFirstErrorBox: (box: { title: string; content: string }) => void = () => {};
  const firstErrorBox = new Promise<{ title: string; content: string }>(
    (resolve) => (resolveFirstErrorBox = resolve),
  );
  let resolveFirstWindow: (window: FakeBrowserWindow) => void = () => {};
  const firstWindow = new Promise<FakeBrowserWindow>((resolve) => (resolveFirstWindow = resolve));

  /** Like Electron, every new webContents is announced through app's 'web-contents-created'. */
  function createWebContents(): FakeWebContents {
    const contents = new FakeWebContents();
    appEvents.emit('web-contents-created', new FakeEvent(), contents);
    return contents;
  }

  class FakeBrowserWindow {
    readonly options: Electron.BrowserWindowConstructorOptions;
    readonly webContents: FakeWebContents;
    readonly loaded: { file?: string; url?: string } = {};
    readonly events = new EventEmitter();

    constructor(options: Electron.BrowserWindowConstructorOptions) {
      this.options = options;
      this.webContents = createWebContents();
      windows.push(this);
      resolveFirstWindow(this);
    }

    static getAllWindows(): FakeBrowserWindow[] {
      return [...windows];
    }

    async loadFile(file: string): Promise<void> {
      this.loaded.file = file;
    }

    async loadURL(url: string): Promise<void> {
      this.loaded.url = url;
    }

    isDestroyed(): boolean {
      return false;
    }

    on(event: string, listener: Listener): this {
      this.events.on(event, listener);
      return this;
    }
  }

  const app = {
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    getVersion: () => '0.0.0-test',
    /** Throws for a path the test did not configure, so an unexpected use of the real user data dir shows. */
    getPath(name: string): string {
      const path = paths[name];
      if (path === undefined)
        throw new Error(`fake electron: app.getPath('${name}') was not configured by the test`);
      return path;
    },
    on(event: string, listener: Listener) {
      appEvents.on(event, listener);
      return app;
    },
    quit() {
      quitCalls += 1;
    },
  };

  const ipcMain = {
    /** Electron refuses a second handler for a channel; so does the fake. */
    handle(channel: string, handler: IpcHandler): void {
      if (ipcHandlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, handler);
    },
  };

  const session = {
    defaultSession: {
      setPermissionRequestHandler(handler: typeof permissions.requestHandler) {
        permissions.requestHandler = handler;
      },
      setPermissionCheckHandler(handler: typeof permissions.checkHandler) {
        permissions.checkHandler = handler;
      },
    },
  };

  const dialog = {
    showErrorBox(title: string, content: string): void {
      errorBoxes.push({ title, content });
      resolveFirstErrorBox({ title, content });
    },
  };

  const shell = {
    async openExternal(url: string): Promise<void> {
      openedExternally.push(url);
    },
  };

  /** A keychain whose sealed text is the secret's bytes reversed: not readable as the secret, easy to check. */
  const safeStorage = {
    isEncryptionAvailable: () => true,
    encryptString: (plainText: string): Buffer => Buffer.from(plainText, 'utf8').reverse(),
    decryptString: (encrypted: Buffer): string => Buffer.from(encrypted).reverse().toString('utf8'),
  };

  return {
    /** What `import ... from 'electron'` resolves to under the mock. */
    module: { app, BrowserWindow: FakeBrowserWindow, dialog, ipcMain, safeStorage, session, shell },
    safeStorage,
    /** Paths app.getPath may return; empty unless a test fills it. */
    paths,
    windows,
    ipcHandlers,
    permissions,
    openedExternally,
    firstWindow,
    /** Resolves with the first dialog.showErrorBox, i.e. main could not start. */
    firstErrorBox,
    errorBoxes,
    createWebContents,
    emitAppEvent: (event: string, ...args: unknown[]) => appEvents.emit(event, ...args),
    get quitCalls() {
      return quitCalls;
    },
    /** Calls a registered ipcMain handler as Electron would for a message from a frame at `senderUrl`. */
    async invoke(channel: string, payload: unknown, senderUrl: string | null): Promise<unknown> {
      const handler = ipcHandlers.get(channel);
      if (!handler) throw new Error(`fake electron: no ipcMain handler for '${channel}'`);
      const sender = windows[0]?.webContents ?? new FakeWebContents();
      return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl }, sender }, payload);
    },
  };
}

/** One per test file: vi.mock's factory and the test itself import this same instance. */
export const fakeElectron = createFakeElectron();
