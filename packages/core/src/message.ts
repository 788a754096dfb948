/**
 * Phantom key carrying a message's reply type. It exists only for the type checker:
 * nothing is stored under it at run time.
 */
declare const replyType: unique symbol;

/**
 * The base class of every message. `R` is the reply type that `send` resolves to.
 *
 * @example
 * ```ts
 * class Increment extends Message<void> {}
 * class GetCount extends Message<number> {}
 * class Deposit extends Message<number> {
 *   constructor(readonly amount: number) { super(); }
 * }
 * ```
 *
 * Dispatch is by class: a handler for a base class also receives its subclasses, and the
 * most specific handler wins.
 */
export abstract class Message<R = void> {
  /** Type-level only: the reply type. Never present at run time. */
  declare readonly [replyType]: R;
}

/** The reply type of a message: `ReplyOf<GetCount>` is `number`. */
export type ReplyOf<M> = M extends Message<infer R> ? R : never;

/** A constructor of messages of type `M`, used to name message classes at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructors take any arguments
export type MessageClass<M extends Message<unknown> = Message<unknown>> = abstract new (...args: any[]) => M;

/** True when `value` is an instance of a class that extends {@link Message}. */
export function isMessage(value: unknown): value is Message<unknown> {
  return value instanceof Message;
}

/** The class name of any value, for error messages and dead letters. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  try {
    const ctor = (value as { constructor?: { name?: unknown } }).constructor;
    const name = ctor?.name;
    return typeof name === 'string' && name !== '' ? name : 'Object';
  } catch {
    return 'Object'; // a constructor getter that throws: say no more than that it is an object
  }
}
