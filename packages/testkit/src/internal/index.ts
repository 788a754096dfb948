/**
 * The kit's machinery, for sibling `@troupe/*` packages that build systems of their own on
 * virtual time (`createSystem(options, { clock, scheduler })` from `@troupe/core/internal`).
 * Not for applications; it may change in any release.
 */
export { VirtualClock } from './virtual-clock';
export { KitScheduler, type SchedulePolicy, type RunObserver } from './kit-scheduler';
export { RandomPolicy, PreemptionPolicy } from './policies';
export { seededRandom, scheduleSeed, type Random } from './random';
