import { InvalidMessageError, MailboxFullError, Message, type Addr, type SendOptions } from '@troupe/core';
import { cellOf } from '@troupe/core/internal';
import { NoRouteeError } from '../errors';
import type { RoutingStrategy } from '../router';
import { liveOf } from './groups';
import type { Gather } from './routing/gather';
import type { Selector } from './routing/selector';
import type { RegistryState } from './state';

/** How a router delivers: to one member a selector picks, or to every live member. */
export type Delivery = { readonly selector: Selector } | { readonly gather: Gather };

/**
 * The one implementation behind `Router` and `BroadcastRouter`. It keeps no member list of its
 * own: every message reads the group's current snapshot from the registry, so the router follows
 * the group as members come and go, and a router over a group that does not exist yet is simply
 * empty until members arrive.
 */
export class GroupRouter {
  private readonly selector: Selector | undefined;
  private readonly gather: Gather | undefined;

  constructor(
    private readonly state: RegistryState,
    readonly group: string,
    readonly strategy: RoutingStrategy,
    delivery: Delivery,
  ) {
    this.selector = 'selector' in delivery ? delivery.selector : undefined;
    this.gather = 'gather' in delivery ? delivery.gather : undefined;
  }

  get routees(): Addr<unknown>[] {
    return liveOf(this.state.membersOf(this.group)).slice();
  }

  tell(message: Message<unknown>): Promise<void> {
    try {
      if (this.selector !== undefined) return this.pick(message).tell(message);
      const all = this.everyone(message);
      if (all.length === 1) return all[0].tell(message);
      return Promise.all(all.map((m) => m.tell(message))).then(noop);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  send(message: Message<unknown>, options?: SendOptions): Promise<unknown> {
    try {
      if (this.selector !== undefined) return this.pick(message).send(message, options);
      const all = this.everyone(message);
      return this.gather!(all.map((m) => m.send(message, options)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  trySend(message: Message<unknown>): void {
    if (this.selector !== undefined) return this.pick(message).trySend(message);
    const all = this.everyone(message);
    for (const member of all) {
      if (cellOf(member).isFull()) throw new MailboxFullError(member.path, member.capacity, message);
    }
    for (const member of all) member.trySend(message);
  }

  doSend(message: Message<unknown>): void {
    if (this.selector !== undefined) return this.pick(message).doSend(message);
    for (const member of this.everyone(message)) member.doSend(message);
  }

  toString(): string {
    return `Router(${this.strategy} over "${this.group}")`;
  }

  /** Shown by `console.log` and `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  private pick(message: Message<unknown>): Addr<unknown> {
    this.check(message);
    const chosen = this.selector!.select(this.state.membersOf(this.group), message);
    if (chosen === undefined) throw new NoRouteeError(this.group, this.strategy, message);
    return chosen;
  }

  private everyone(message: Message<unknown>): readonly Addr<unknown>[] {
    this.check(message);
    const all = liveOf(this.state.membersOf(this.group));
    if (all.length === 0) throw new NoRouteeError(this.group, this.strategy, message);
    return all;
  }

  private check(message: unknown): void {
    if (!(message instanceof Message)) throw new InvalidMessageError(message, `the ${this.strategy} router over group "${this.group}"`);
  }
}

function noop(): void {}
