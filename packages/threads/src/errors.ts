import { ActorError } from '@troupe/core';

/**
 * A worker thread of a threaded actor died while it handled a message: it called
 * `process.exit`, threw an uncaught exception outside the handler's promise, or ran out of
 * memory under `resourceLimits`. The thread is replaced; the request it was handling rejects
 * with this error (its `.cause` is what the thread died of); messages still in the mailbox are
 * delivered afterwards. Like a handler's error, it is a failure of the threaded actor, which its
 * parent handles (core's default: restart).
 *
 * The request is not retried: the handler may have done part of its work. Retry it yourself if
 * the handler is idempotent.
 */
export class WorkerCrashedError extends ActorError {
  constructor(
    actor: string,
    /** The message whose handler was running when the thread died. */
    readonly sentMessage: unknown,
    cause: unknown,
  ) {
    super(
      `a worker thread of ${actor} died ${describe(sentMessage)} (${reason(cause)}). ` +
        'The thread is replaced and queued messages are delivered to the others; the request is not retried. ' +
        'Look for process.exit, an exception thrown outside the handler (a timer, an event), or raise resourceLimits.',
      actor,
      { cause },
    );
  }
}

function describe(message: unknown): string {
  const name = (message as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `while it handled a message of class ${name}` : 'while idle';
}

function reason(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}
