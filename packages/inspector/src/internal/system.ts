import type { ActorSystem } from '@troupe/core';
import type { ActorCell } from '@troupe/core/internal';

/** The root's children, as a linked list: `first`, then each `nextSibling`. */
type ChildListOf = { readonly first: ActorCell | undefined; readonly size: number };

/**
 * What the inspector reads of a system beyond its public face. `root` and `clock` are marked
 * `@internal` in core and stripped from its published types, and `@troupe/core/internal` has no
 * accessor for them (as it has `cellOf`), so they are typed here.
 */
interface SystemInternals {
  /** The root guardian: its children are the top-level actors. */
  readonly root: { readonly childList: ChildListOf };
  readonly clock: { now(): number };
}

/** The root's children: the top-level actors. */
export function topLevel(system: ActorSystem): ChildListOf {
  return (system as unknown as SystemInternals).root.childList;
}

/** The system clock's time (virtual under a test kit), as core stamps `lastFailure.at`. */
export function clockNow(system: ActorSystem): number {
  return (system as unknown as SystemInternals).clock.now();
}
