import type { ActorEvent, ActorSystem } from '@troupe/core';
import { cellOf, type ActorCell } from '@troupe/core/internal';

/** Told when one of its children has finished starting (its `started` returned). */
export interface StartListener {
  childStarted(child: ActorCell): void;
}

const watched = new WeakSet<ActorSystem>();

/**
 * Lets supervisors learn when a child has finished starting, so that their own `started` runs
 * after their children's. Core reports it only as the `actor:started` event, so one listener per
 * system forwards each event to the parent's strategy, if that parent is a supervisor.
 */
export function watchStarts(system: ActorSystem, isListener: (value: unknown) => value is StartListener): void {
  if (watched.has(system)) return;
  watched.add(system);
  system.events.on('actor:started', (event: ActorEvent) => {
    const cell = cellOf(event.actor);
    const strategy = cell.parent.strategy;
    if (isListener(strategy)) strategy.childStarted(cell);
  });
}
