/** The two shapes of the scale benchmark: N top-level actors, or N children of one parent. */
import type { ActorSystem, Addr } from '@troupe/core';
import { latch } from '../latch';
import { CountChildren, Idle, Parent, SpawnChildren } from './actors';
import type { Shape } from './types';

/** N idle actors of one shape in one system. */
export interface Tree {
  /** Spawns n idle actors; resolves with their addresses, in spawn order, once every one has started. */
  spawn(n: number): Promise<Addr<Idle>[]>;
  /** How many live actors the shape holds now (top-level actors, or the parent's children). */
  count(): Promise<number>;
}

/** A tree of `shape` in `system`; for "parent", the parent is spawned now, before anything is timed. */
export function treeOf(system: ActorSystem, shape: Shape): Tree {
  return shape === 'flat' ? flat(system) : underOneParent(system);
}

function flat(system: ActorSystem): Tree {
  return {
    async spawn(n) {
      const started = latch.arm(n);
      const actors: Addr<Idle>[] = new Array(n);
      for (let i = 0; i < n; i++) actors[i] = system.spawn(Idle);
      await started;
      return actors;
    },
    count: () => Promise.resolve(system.actors.length),
  };
}

function underOneParent(system: ActorSystem): Tree {
  const parent = system.spawn(Parent);
  return {
    async spawn(n) {
      const started = latch.arm(n);
      const children = await parent.send(new SpawnChildren(n));
      await started;
      return children;
    },
    count: () => parent.send(new CountChildren()),
  };
}
