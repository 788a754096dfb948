import { EventEmitter } from 'eventemitter3';

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
 * says how many there have been.
 */
export class DeadLetters extends EventEmitter<{ deadletter: [DeadLetter] }> {
  count = 0;

  /** @internal */
  constructor(private readonly forward: (letter: DeadLetter) => void) {
    super();
  }

  /** @internal */
  publish(message: unknown, path: string, reason: DeadLetterReason): void {
    this.count++;
    const messageClass = (message as object | null)?.constructor?.name ?? typeof message;
    const letter: DeadLetter = { message, messageClass, path, reason };
    this.emit('deadletter', letter);
    this.forward(letter);
  }
}
