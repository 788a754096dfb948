import type { Message } from './message';

/** Any class usable as an actor: constructed with its spawn arguments. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructor arguments are the class's own
export type ActorClass<A extends object = object> = new (...args: any[]) => A;

/** The constructor arguments of an actor class, as `spawn({ args })` takes them. */
export type ActorArgs<C> = C extends new (...args: infer P) => object ? P : never;

/**
 * The message types actor `A` handles: the first parameter of each of its methods that is a
 * {@link Message}. Used to refuse, at compile time, a message no handler of `A` takes.
 * For an unknown actor type every message is allowed.
 */
export type HandledBy<A> = unknown extends A
  ? Message<unknown>
  : {
      [K in keyof A]-?: A[K] extends (message: infer M, ...rest: never[]) => unknown
        ? M extends Message<unknown>
          ? M
          : never
        : never;
    }[keyof A];

