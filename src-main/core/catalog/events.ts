import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '@shared/contract';

/** Core's outgoing events; main forwards them to the renderer, the harness to its WebSocket. */
export class CoreEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  onAny(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void, names: readonly EventName[]): () => void {
    const offs = names.map((name) => this.on(name, (p) => listener(name, p)));
    return () => offs.forEach((off) => off());
  }
}
