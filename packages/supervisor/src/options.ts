import type { ActorClass, ActorArgs, ActorRef, Directive } from '@troupe/core';

/**
 * How a supervisor treats the siblings of a failed child (Erlang/OTP's restart strategies):
 * - `one-for-one`: only the failed child is restarted.
 * - `one-for-all`: every child is restarted.
 * - `rest-for-one`: the failed child and the children started after it are restarted.
 */
export type RestartStrategy = 'one-for-one' | 'one-for-all' | 'rest-for-one';

/**
 * When a child is restarted (Erlang/OTP's restart types):
 * - `permanent`: always, after a failure and after a normal stop too.
 * - `transient`: only after a failure.
 * - `temporary`: never.
 */
export type RestartType = 'permanent' | 'transient' | 'temporary';

/**
 * Exponential delays between restarts of the same child. The first restart waits `minMs`, the
 * n-th `minMs × factor^(n-1)`, capped at `maxMs`; `jitter` adds up to that fraction at random
 * (never less than the computed delay). The count starts over once the child has run `resetAfterMs`
 * without failing. Messages that arrive during the delay wait in the mailbox.
 */
export interface BackoffOptions {
  /** The first delay. Default 100 ms. */
  minMs?: number;
  /** The longest delay. Default 10 000 ms. */
  maxMs?: number;
  /** Growth per restart. Default 2. */
  factor?: number;
  /** Random extra delay, as a fraction of the delay (0 to 1). Default 0: delays are exact. */
  jitter?: number;
  /** Running this long without failing resets the delay to `minMs`. Default: `maxMs`. */
  resetAfterMs?: number;
}

/**
 * Maps a child's failure to what happens next: `resume` (keep the instance and its state),
 * `restart`, `stop`, or `escalate` (the supervisor fails in turn). Return `undefined` for the
 * default, `restart`. The child's own `@Actor({ onFailure })` is asked first.
 */
export type Decider = (error: unknown, child: ActorRef) => Directive | undefined;

/** Options of `@Supervise` and of `Supervisor.start`; every one has a default. */
export interface SupervisorOptions {
  /** Default `one-for-one`. */
  strategy?: RestartStrategy;
  /**
   * Restart intensity: more than `maxRestarts` restarts within `withinMs` and the supervisor gives
   * up: it stops its children, last started first, and fails. Default 3 (within 5000 ms).
   * `0` gives up at the first failure; `Infinity` never gives up.
   */
  maxRestarts?: number;
  /** The intensity window in ms. Default 5000. */
  withinMs?: number;
  /** Delays between restarts of one child. Default: none, restart at once (OTP). */
  backoff?: BackoffOptions;
  /** Chooses the directive for a failure. Default: restart. */
  decide?: Decider;
}

/**
 * `@Child` arguments computed from the supervisor's instance, e.g. `(s: Service) => [s.port]`.
 * (Written as a method type so that a function of the concrete supervisor class is accepted.)
 */
export type ChildArgsFunction<C extends ActorClass = ActorClass> = {
  bivariant(supervisor: object): ActorArgs<C>;
}['bivariant'];

/** Options of one child: how it is named, started, restarted and stopped. */
export interface ChildOptions<C extends ActorClass = ActorClass> {
  /** Default `permanent` (OTP's default). */
  restart?: RestartType;
  /**
   * How long a graceful stop by the supervisor may take before the child is killed. Default
   * 5000 ms, `Infinity` for a child that is itself a supervisor (OTP), so that its own children
   * get their full shutdown time.
   */
  shutdownMs?: number;
  /**
   * Constructor arguments, kept for the child's restarts. With `@Child` they may be a function
   * of the supervisor's instance, called each time the supervisor starts the child: it sees the
   * supervisor's constructor arguments and the addresses of the children declared before, e.g.
   * `args: (s: Service) => [s.config, s.pool]`.
   */
  args?: ActorArgs<C> | ChildArgsFunction<C>;
  /** The child's name, unique among its siblings. `@Child` defaults it to the property name. */
  name?: string;
  /** Mailbox capacity; overrides the class's `@Actor({ mailbox })`. */
  mailbox?: number;
}

/** A child of a functional supervisor: the class and its {@link ChildOptions}. */
export interface ChildSpec<C extends ActorClass = ActorClass> extends Omit<ChildOptions<C>, 'args'> {
  actor: C;
  /** Constructor arguments, kept for restarts. */
  args?: ActorArgs<C>;
}

/** What `Supervisor.start` takes: the supervisor's options, its name and its children. */
export interface SupervisorSpec<T extends readonly ActorClass[] = readonly ActorClass[]> extends SupervisorOptions {
  /** The supervisor's own name. Default: generated. */
  name?: string;
  /** The supervisor's own mailbox capacity. Default: the system's. */
  mailbox?: number;
  /** Started in this order before the supervisor's `started`, stopped in reverse. */
  children?: { readonly [K in keyof T]: ChildSpec<T[K]> };
}

/** A child as `Supervisor.children` reports it (OTP's `which_children`). */
export interface ChildInfo {
  readonly name: string;
  readonly actor: ActorRef;
  readonly restart: RestartType;
}

/** Defaults where the options are silent; see the README for why. */
export const DEFAULTS = {
  strategy: 'one-for-one' as RestartStrategy,
  maxRestarts: 3,
  withinMs: 5_000,
  restart: 'permanent' as RestartType,
  backoff: { minMs: 100, maxMs: 10_000, factor: 2, jitter: 0 },
} as const;
