import type { Message } from './message';

/** Any class usable as an actor: constructed with its spawn arguments. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructor arguments are the class's own
export type ActorClass<A extends object = object> = new (...args: any[]) => A;

/** The constructor arguments of an actor class, as `spawn({ args })` takes them. */
export type ActorArgs<C> = C extends new (...args: infer P) => object ? P : never;

/** Lifecycle hooks: never message handlers, whatever their parameters. */
type LifecycleHook = 'started' | 'stopping' | 'stopped' | 'restarting';

/**
 * The message types actor `A` handles: the first parameter of each of its public methods that is
 * a {@link Message}. Used to refuse, at compile time, a message no handler of `A` takes. A method
 * declared without its message parameter (`@Handler(Ping) ping(): string`) takes any message whose
 * reply type is what it returns, so `send(new Ping())` is typed by that reply. For an unknown
 * actor type every message is allowed.
 */
export type HandledBy<A> = unknown extends A
  ? Message<unknown>
  : {
      [K in keyof A]-?: K extends LifecycleHook
        ? never
        : A[K] extends () => infer R
          ? Message<Awaited<R>>
          : A[K] extends (message: infer M, ...rest: never[]) => unknown
            ? M extends Message<unknown>
              ? M
              : never
            : never;
    }[keyof A];

/** Options of `spawn` (`system.spawn` and `ctx.spawn`). */
export interface SpawnOptions<C extends ActorClass = ActorClass> {
  /** Constructor arguments, kept for restarts; checked against the constructor's parameters. */
  args?: ActorArgs<C>;
  /** Unique among live siblings. Default a generated `$<n>` (unique in the system). */
  name?: string;
  /** Mailbox capacity; overrides the class's `@Actor({ mailbox })`. */
  mailbox?: number;
  /**
   * How long a graceful stop may take before the actor is killed, and how long its `stopped` may
   * take after a kill; overrides `@Actor({ shutdownMs })`. Default 5000 ms; `Infinity` waits forever.
   */
  shutdownMs?: number;
  /** For supervisor strategies: `permanent`, `transient` or `temporary`. */
  restart?: 'permanent' | 'transient' | 'temporary';
}
