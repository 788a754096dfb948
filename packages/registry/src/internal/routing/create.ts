import { ActorConfigError } from '@troupe/core';
import type { AnyRouterOptions, RoutingStrategy } from '../../router';
import { checkFunction, checkPositiveInteger, describe } from '../validate';
import type { Delivery } from '../group-router';
import { ConsistentHash, type KeyOf } from './consistent-hash';
import { allReplies, firstReply } from './gather';
import { LeastLoaded } from './least-loaded';
import { RandomPick } from './random';
import { RoundRobin } from './round-robin';

/** The default number of points per member on a consistent-hash ring. */
export const DEFAULT_VIRTUAL_NODES = 100;

/** Reads and checks router options: the one place where a strategy name becomes behaviour. */
export function deliveryFor(
  options: AnyRouterOptions | undefined,
  where: string,
): { strategy: RoutingStrategy; delivery: Delivery } {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new ActorConfigError(`${where}: options must be an object such as { strategy: 'round-robin' }, got ${describe(options)}`);
  }
  const strategy = options?.strategy ?? 'round-robin';
  switch (strategy) {
    case 'round-robin':
      return { strategy, delivery: { selector: new RoundRobin() } };
    case 'random': {
      const random = (options as { random?: () => number }).random;
      if (random !== undefined) checkFunction(random, 'random', where);
      return { strategy, delivery: { selector: new RandomPick(random) } };
    }
    case 'least-loaded':
      return { strategy, delivery: { selector: new LeastLoaded() } };
    case 'consistent-hash': {
      const { key, virtualNodes } = options as { key?: KeyOf; virtualNodes?: number };
      if (key === undefined) {
        throw new ActorConfigError(
          `${where}: a consistent-hash router needs a key, such as { strategy: 'consistent-hash', key: (m) => m.userId }`,
        );
      }
      checkFunction(key, 'key', where);
      const points = virtualNodes === undefined ? DEFAULT_VIRTUAL_NODES : checkPositiveInteger(virtualNodes, 'virtualNodes', where);
      return { strategy, delivery: { selector: new ConsistentHash(key, points) } };
    }
    case 'broadcast':
      return { strategy, delivery: { gather: allReplies } };
    case 'first-reply':
      return { strategy, delivery: { gather: firstReply } };
    default:
      throw new ActorConfigError(
        `${where}: unknown strategy ${describe(strategy)}; use round-robin, random, least-loaded, ` +
          'consistent-hash, broadcast or first-reply',
      );
  }
}
