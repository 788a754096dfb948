import type { ActorEvent } from '@troupe/core';
import type { RestartIntensityError } from './errors';

/** The payload of `supervisor:gave-up` on `system.events`. */
export interface SupervisorGaveUpEvent extends ActorEvent {
  /** The path of the child whose failure went over the limit. */
  readonly child: string;
  /** That child's failure (`undefined` for a permanent child that stopped normally). */
  readonly cause: unknown;
  /** The error with which the supervisor now fails upward. */
  readonly error: RestartIntensityError;
  readonly maxRestarts: number;
  readonly withinMs: number;
}

declare module '@troupe/core' {
  interface SystemEvents {
    /**
     * A supervisor exceeded its restart intensity: it stops its children and fails upward.
     * `path` and `actor` are the supervisor's.
     */
    'supervisor:gave-up': [SupervisorGaveUpEvent];
  }
}
