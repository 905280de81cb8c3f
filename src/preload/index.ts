/**
 * The bridge: exposes `window.counter` with typed invoke and one event subscription. Nothing else crosses.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Channel, CounterBridge, EventMessage, EventName } from '../shared/contract.ts';
import { eventChannel, ipcChannel } from '../shared/ipc-names.ts';
import type { Envelope } from '../shared/errors.ts';

const bridge: CounterBridge = {
  invoke(channel: Channel, input?: unknown) {
    return ipcRenderer.invoke(ipcChannel(channel), input) as Promise<Envelope<never>>;
  },
  on(name: EventName, listener: (payload: never) => void) {
    const relay = (_event: IpcRendererEvent, message: EventMessage) => {
      if (message.name === name) listener(message.payload as never);
    };
    ipcRenderer.on(eventChannel, relay);
    return () => {
      ipcRenderer.removeListener(eventChannel, relay);
    };
  },
};

contextBridge.exposeInMainWorld('counter', bridge);
