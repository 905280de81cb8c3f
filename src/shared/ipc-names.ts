/**
 * Electron channel names: one per call, one for all events. Apart from contract.ts so the preload can use
 * them without pulling in zod: a sandboxed preload cannot require packages, and zod's JIT probe
 * (`new Function`) trips the page's CSP.
 */
import type { Channel } from './contract.ts';

export const ipcChannel = (channel: Channel): string => `counter:${channel}`;
export const eventChannel = 'counter:event';
