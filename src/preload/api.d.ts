import type { CounterBridge } from '../shared/contract.ts';

declare global {
  interface Window {
    counter: CounterBridge;
  }
}
