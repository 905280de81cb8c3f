import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { channels, ipcChannel } from '../../shared/contract.ts';
import { CounterError } from '../../shared/errors.ts';
import type { Dispatch } from './dispatch.ts';

export type TrustedSenderCheck = (frame: WebFrameMain | null) => boolean;

/**
 * Registers one ipcMain handler per contract channel. Every call is checked against the sender frame first:
 * only our own renderer, loaded from our own files, may talk to main.
 */
export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, isTrustedSender: TrustedSenderCheck): void {
  for (const channel of channels) {
    ipcMain.handle(ipcChannel(channel), (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        const refused = new CounterError('FORBIDDEN', 'This window is not allowed to talk to the register.');
        return { ok: false, error: refused.toJSON() };
      }
      return dispatch(channel, payload);
    });
  }
}
