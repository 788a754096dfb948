import type { ActorSystem } from '@troupe/core';
import { envOf, type ActorCell } from '@troupe/core/internal';

/** The root's children, as a linked list: `first`, then each `nextSibling`. */
type ChildListOf = { readonly first: ActorCell | undefined; readonly size: number };

/** The root's children: the top-level actors (core's root guardian always has its list). */
export function topLevel(system: ActorSystem): ChildListOf {
  return envOf(system).root.childList!;
}

/** The system clock's time (virtual under a test kit), as core stamps `lastFailure.at`. */
export function clockNow(system: ActorSystem): number {
  return envOf(system).clock.now();
}
