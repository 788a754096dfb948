import { EventEmitter } from 'eventemitter3';
import type { Logger } from './logger';
import { describeValue } from './message';

/** Why a message reached no actor. */
export type DeadLetterReason = 'stopped' | 'unhandled';

/** A message that reached no actor: the very object, its class name, the target and why. */
export interface DeadLetter {
  readonly message: unknown;
  readonly messageClass: string;
  /** The target actor's path. */
  readonly path: string;
  readonly reason: DeadLetterReason;
}

/**
 * The system's dead letters: every `tell`/`doSend` to a stopped actor, every command no handler
 * takes, every queued command dropped by a kill. Subscribe with `on('deadletter', fn)`; `count`
 * says how many there have been. A listener that throws is reported to the system's logger.
 */
export class DeadLetters extends EventEmitter<{ deadletter: [DeadLetter] }> {
  count = 0;

  /** @internal */
  constructor(
    private readonly forward: (letter: DeadLetter) => void,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** @internal */
  publish(message: unknown, path: string, reason: DeadLetterReason): void {
    this.count++;
    const letter: DeadLetter = { message, messageClass: describeValue(message), path, reason };
    if (this.listenerCount('deadletter') > 0) {
      try {
        this.emit('deadletter', letter);
      } catch (error) {
        this.logger.error(`a deadLetters listener threw (dead letter to ${path})`, error);
      }
    }
    this.forward(letter);
  }
}
