import { ActorError } from '@troupe/core';

/**
 * A supervisor gave up: its children needed more than `maxRestarts` restarts within `withinMs`.
 * It has stopped them, last started first, and fails with this error, which its own parent
 * handles (at the root: `system:failure`, then shutdown). `.actor` is the supervisor's path,
 * `.child` the path of the child whose failure went over the limit, `.cause` that failure
 * (`undefined` when the child stopped normally and was permanent).
 */
export class RestartIntensityError extends ActorError {
  constructor(
    actor: string,
    readonly child: string,
    readonly maxRestarts: number,
    readonly withinMs: number,
    cause: unknown,
  ) {
    super(
      `supervisor ${actor} gave up: more than ${maxRestarts} restart${maxRestarts === 1 ? '' : 's'} within ${withinMs} ms; ` +
        `the last was ${child} ${cause === undefined ? 'stopping normally' : `failing with ${describe(cause)}`}. ` +
        'Fix the failing child, or raise maxRestarts / withinMs, or add a backoff.',
      actor,
      { cause },
    );
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
