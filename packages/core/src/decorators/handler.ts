import 'reflect-metadata';
import { HANDLERS } from './metadata-keys';
import { Message, type MessageClass, type ReplyOf } from '../message';
import { ActorConfigError } from '../errors';

/** Options of {@link Handler}. */
export interface HandlerOptions {
  /** The message class, when it cannot be read from the parameter's type. */
  message?: MessageClass;
  /**
   * Let this async handler interleave with other messages at its `await` points instead of
   * holding the mailbox until its promise settles.
   */
  reentrant?: boolean;
  /**
   * The behaviour in which this handler is active (`ctx.become(name)` switches behaviours). A
   * handler without `in` is active in every behaviour; within one, the most specific class wins.
   */
  in?: string;
}

/** A handler as recorded on a class: which method takes which message class, in which behaviour. */
export interface HandlerRecord {
  readonly method: string | symbol;
  readonly messageClass: MessageClass;
  readonly reentrant: boolean;
  /** Undefined: active in every behaviour. */
  readonly behaviour: string | undefined;
}

/** What a handler for `M` may return: its reply, or a promise of it. */
type Returns<M> = ReplyOf<M> | PromiseLike<ReplyOf<M>>;

/** The error tsc shows at a handler whose return type does not match its message's reply type. */
type WrongReply<M> = { 'handler must return the reply type of its message': ReplyOf<M> };

/**
 * Holds a handler's return type to its message's reply type: a mismatch makes the decorator's
 * descriptor parameter demand a property the method cannot have, so tsc reports it at the method.
 * The message is the first parameter's type, or the named class for a method declared without it.
 */
type ReplyCheck<T, Named> = T extends (message: infer M, ...rest: never[]) => infer R
  ? M extends Message<unknown>
    ? [R] extends [Returns<M>]
      ? unknown
      : WrongReply<M>
    : [Named] extends [Message<unknown>]
      ? [R] extends [Returns<Named>]
        ? unknown
        : WrongReply<Named>
      : unknown
  : unknown;

type HandlerDecorator<Named = unknown> = <T extends (message: never, ...rest: never[]) => unknown>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<T> & ReplyCheck<T, Named>,
) => void;

/**
 * Marks a method as the handler of one message class. The class is read from the first
 * parameter's type (`design:paramtypes`, emitted with `emitDecoratorMetadata`), or named:
 * `@Handler(Deposit)`, which works under every compiler (esbuild, tsx) too. The method gets
 * `(message, ctx)`; its return value, or what its promise resolves to, is the reply, and the
 * type checker holds it to the message's reply type. `@Handler(Message)` takes every message
 * that no more specific handler takes (a catch-all, as forwarding actors need).
 *
 * @example
 * ```ts
 * @Handler() get(_: GetCount): number { return this.value; }
 * @Handler(Deposit) async deposit(m: Deposit) { await this.ledger.write(m); return this.balance; }
 * @Handler({ reentrant: true }) async fetch(m: Fetch) { return await http(m.url); }
 * @Handler(Query, { in: 'open' }) serve(q: Query) { return this.run(q); } // active only in behaviour 'open'
 * ```
 */
export function Handler<M extends Message<unknown>>(messageClass: MessageClass<M>, options?: Omit<HandlerOptions, 'message'>): HandlerDecorator<M>;
export function Handler<M extends Message<unknown>>(options: HandlerOptions & { message: MessageClass<M> }): HandlerDecorator<M>;
export function Handler(options?: HandlerOptions): HandlerDecorator;
export function Handler(messageOrOptions?: MessageClass | HandlerOptions, more?: Omit<HandlerOptions, 'message'>): HandlerDecorator {
  const options: HandlerOptions =
    typeof messageOrOptions === 'function' ? { ...more, message: messageOrOptions } : (messageOrOptions ?? {});
  return (target, key) => {
    const owner = (target as { constructor: { name: string } }).constructor.name;
    const where = `${owner}.${String(key)}`;
    const messageClass = options.message ?? readParameterClass(target, key, where);
    if (typeof messageClass !== 'function' || !(messageClass === Message || messageClass.prototype instanceof Message)) {
      throw new ActorConfigError(
        `@Handler on ${where}: ${describeClass(messageClass)} does not extend Message. ` +
          'A handler takes one message class: `class X extends Message<Reply> {}`.',
      );
    }
    const behaviour = options.in;
    if (behaviour !== undefined && (typeof behaviour !== 'string' || behaviour.length === 0)) {
      throw new ActorConfigError(`@Handler on ${where}: { in } must be a behaviour's name, a non-empty string, got ${String(behaviour)}`);
    }
    const own: HandlerRecord[] = Reflect.getOwnMetadata(HANDLERS, target) ?? [];
    const clash = own.find((h) => h.messageClass === messageClass && h.behaviour === behaviour);
    if (clash) {
      throw new ActorConfigError(
        `@Handler on ${where}: ${messageClass.name} is already handled by ${owner}.${String(clash.method)}` +
          `${behaviour === undefined ? '' : ` in behaviour '${behaviour}'`}. ` +
          'Each message class has one handler per actor class and behaviour.',
      );
    }
    const record: HandlerRecord = { method: key, messageClass, reentrant: !!options.reentrant, behaviour };
    Reflect.defineMetadata(HANDLERS, [...own, record], target);
  };
}

function readParameterClass(target: object, key: string | symbol, where: string): MessageClass {
  const types: unknown[] | undefined = Reflect.getMetadata('design:paramtypes', target, key);
  const first = types?.[0];
  if (typeof first !== 'function' || first === Object) {
    throw new ActorConfigError(
      `@Handler() on ${where}: cannot read the message class from the first parameter's type ` +
        `(${types ? 'it is not a class' : 'no design:paramtypes; is emitDecoratorMetadata on?'}). ` +
        'Write @Handler(MessageClass) instead.',
    );
  }
  return first as MessageClass;
}

function describeClass(value: unknown): string {
  return typeof value === 'function' && value.name ? value.name : String(value);
}
