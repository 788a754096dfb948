import type { Addr, HandledBy, ReplyOf, SendOptions } from '@troupe/core';

/** How a router picks the members that get a message. */
export type RoutingStrategy =
  | 'round-robin'
  | 'random'
  | 'least-loaded'
  | 'consistent-hash'
  | 'broadcast'
  | 'first-reply';

/** `round-robin` (the default): exact rotation over the members in the order they joined. */
export interface RoundRobinOptions {
  readonly strategy?: 'round-robin';
}

/** `random`: a uniformly random member. */
export interface RandomOptions {
  readonly strategy: 'random';
  /** A source of numbers in [0, 1). Default `Math.random`; pass a seeded one for repeatable tests. */
  readonly random?: () => number;
}

/**
 * `least-loaded`: the member with the shortest mailbox (`addr.queued`); among equals an idle member
 * beats one busy with an async handler, then rotation decides.
 */
export interface LeastLoadedOptions {
  readonly strategy: 'least-loaded';
}

/**
 * `consistent-hash`: messages with the same key go to the same member while membership is
 * unchanged; when a member joins or leaves only about 1/n of the keys move.
 */
export interface ConsistentHashOptions<A = unknown> {
  readonly strategy: 'consistent-hash';
  /** The routing key of a message, such as a user id. Required. */
  key(message: HandledBy<A>): string | number;
  /** Points per member on the hash ring; more spread keys more evenly. Default 100. */
  readonly virtualNodes?: number;
}

/**
 * `first-reply` (Akka's scatter-gather): `send` goes to every live member and resolves with the
 * first reply; later replies are ignored. It rejects only when every member failed, with the first
 * error. `tell`, `trySend` and `doSend` go to every live member.
 */
export interface FirstReplyOptions {
  readonly strategy: 'first-reply';
}

/**
 * `broadcast`: `tell`, `trySend` and `doSend` go to every live member; `send` resolves with the
 * array of replies in member order, or rejects with the first error.
 */
export interface BroadcastOptions {
  readonly strategy: 'broadcast';
}

/** Options of a router whose `send` resolves with one reply. */
export type RouterOptions<A = unknown> =
  | RoundRobinOptions
  | RandomOptions
  | LeastLoadedOptions
  | ConsistentHashOptions<A>
  | FirstReplyOptions;

/** Options of any router. */
export type AnyRouterOptions<A = unknown> = RouterOptions<A> | BroadcastOptions;

/**
 * What every router has: the same delivery verbs as an `Addr<A>`, over the live members of a group.
 * A router follows its group as members join and leave; with no live member, `tell` and `send`
 * reject and `trySend` and `doSend` throw {@link NoRouteeError}. Anything that is not a `Message` is
 * refused with `InvalidMessageError`.
 */
export interface RouterBase<A = unknown> {
  /** The group routed over. */
  readonly group: string;
  /** The routing strategy. */
  readonly strategy: RoutingStrategy;
  /** The live members now, in join order (a copy). */
  readonly routees: Addr<A>[];
  /** Resolves once the message is in the chosen mailbox(es); waits while one is full (backpressure). */
  tell<M extends HandledBy<A>>(message: M): Promise<void>;
  /** Queues now into the chosen mailbox(es), or throws `MailboxFullError` (for fan-out: before queuing any). */
  trySend<M extends HandledBy<A>>(message: M): void;
  /** Always queues, ignoring capacity (actix's `do_send`). */
  doSend<M extends HandledBy<A>>(message: M): void;
}

/**
 * A router whose `send` resolves with one typed reply, exactly like `Addr<A>.send`.
 *
 * @example
 * ```ts
 * const workers = Registry.of(system).router<Worker>('workers', { strategy: 'round-robin' });
 * const result: number = await workers.send(new Job(1), { timeoutMs: 1000 });
 * ```
 */
export interface Router<A = unknown> extends RouterBase<A> {
  /** Request–reply through the chosen member; rejects as `Addr.send` does. */
  send<M extends HandledBy<A>>(message: M, options?: SendOptions): Promise<ReplyOf<M>>;
}

/**
 * A `broadcast` router: `send` resolves with every live member's reply.
 *
 * @example
 * ```ts
 * const all = Registry.of(system).router<Cache>('caches', { strategy: 'broadcast' });
 * const sizes: number[] = await all.send(new GetSize());
 * ```
 */
export interface BroadcastRouter<A = unknown> extends RouterBase<A> {
  /** Sends to every live member; resolves with the replies in member order, or rejects with the first error. */
  send<M extends HandledBy<A>>(message: M, options?: SendOptions): Promise<ReplyOf<M>[]>;
}
