import type { Addr } from './address';
import { InvalidMessageError } from './errors';
import type { MessageClass, Message, ReplyOf } from './message';
import type { SendOptions } from './internal/send';

/**
 * A type-erased address that accepts one message class (actix's `Recipient`): hand it to code that
 * should be able to send `M` to some actor without knowing which actor class it is.
 *
 * @example
 * ```ts
 * const onTick: Recipient<Tick> = clock.recipient(Tick);
 * onTick.doSend(new Tick());
 * ```
 */
export class Recipient<M extends Message<unknown>> {
  /** @internal */
  constructor(
    readonly addr: Addr<unknown>,
    readonly messageClass: MessageClass<M>,
  ) {}

  get path(): string {
    return this.addr.path;
  }

  get isAlive(): boolean {
    return this.addr.isAlive;
  }

  tell(message: M): Promise<void> {
    if (!(message instanceof this.messageClass)) return Promise.reject(this.refuse(message));
    return this.addr.tell(message);
  }

  send(message: M, options?: SendOptions): Promise<ReplyOf<M>> {
    if (!(message instanceof this.messageClass)) return Promise.reject(this.refuse(message));
    return this.addr.send(message, options) as Promise<ReplyOf<M>>;
  }

  trySend(message: M): void {
    if (!(message instanceof this.messageClass)) throw this.refuse(message);
    this.addr.trySend(message);
  }

  doSend(message: M): void {
    if (!(message instanceof this.messageClass)) throw this.refuse(message);
    this.addr.doSend(message);
  }

  private refuse(message: unknown): InvalidMessageError {
    return new InvalidMessageError(
      message,
      this.addr.path,
      `this recipient takes ${this.messageClass.name} only`,
    );
  }
}
