import type { EventMessage, EventName, Events } from '../shared/contract.ts';

export type EventListener = (message: EventMessage) => void;

/** Main → renderer events. Services emit; index.ts (or the test bridge) forwards to the window. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    const message = { name, payload } as EventMessage;
    for (const listener of this.listeners) listener(message);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
