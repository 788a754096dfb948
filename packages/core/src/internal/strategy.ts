import type { ActorOptions } from '../decorators/actor';
import type { Logger } from '../logger';
import { allowRestart, DEFAULT_MAX_RESTARTS, DEFAULT_WITHIN_MS, type Directive } from '../supervision';
import type { Clock } from './clock';

/**
 * How a parent treats its failed children. Core ships {@link DefaultStrategy}; `@troupe/supervisor`
 * implements the OTP strategies against this interface. `handleFailure` is called with the child
 * already suspended (it handles nothing until a directive is applied) and must apply exactly one
 * directive to it, now or later: `child.resume()`, `child.restart(cause, delayMs)`,
 * `child.terminate(cause)`, or `parent.fail(cause)` to escalate.
 */
export interface SupervisionStrategy<C> {
  handleFailure(child: C, cause: unknown): void;
  /** A child finished starting (`started` returned or resolved), the first time and after each restart. */
  childStarted?(child: C): void;
  /** A child stopped for good (any reason). */
  childTerminated?(child: C): void;
  /**
   * A child is about to stop gracefully on its own or someone else's request (`ctx.stop()`,
   * `addr.stop()`), not because its parent is stopping or restarting it and not in a shutdown.
   * Return true to keep it instead (OTP `permanent`): the child is then suspended, its stop
   * request dropped, and the strategy must restart it in place (`child.restart(undefined)`, or
   * `halt` and `revive`: the `Addr` and the mailbox survive) or end it.
   */
  childStopping?(child: C): boolean;
  /**
   * Children spawned together all start before any of them handles a message (OTP: a
   * supervisor's children are all started before its `init` returns). Without it, a child whose
   * start ends at once (no `started` hook) handles its first messages in the same run.
   */
  readonly childrenStartTogether?: boolean;
}

/** What core's default strategy needs of a child. */
export interface Supervised {
  readonly path: string;
  readonly definition: { readonly options: ActorOptions };
  readonly system: { readonly clock: Clock; readonly logger: Logger };
  /** Restart times, for the intensity window. */
  readonly restartLog: number[];
  terminate(cause?: unknown): void;
  apply(directive: Directive, cause: unknown): void;
}

/** The directive the child's own `@Actor({ onFailure })` asks for, if any. */
export function ownDirective(child: Supervised, cause: unknown): Directive | undefined {
  const onFailure = child.definition.options.onFailure;
  return onFailure ? onFailure(cause) : undefined;
}

/**
 * Core's default: restart, at most 10 restarts within 10 s (the eleventh failure in the window
 * stops the actor). The child's `@Actor({ onFailure })` may choose another directive.
 */
export class DefaultStrategy implements SupervisionStrategy<Supervised> {
  constructor(
    private readonly maxRestarts = DEFAULT_MAX_RESTARTS,
    private readonly withinMs = DEFAULT_WITHIN_MS,
  ) {}

  handleFailure(child: Supervised, cause: unknown): void {
    const directive = ownDirective(child, cause) ?? 'restart';
    if (directive === 'restart' && !allowRestart(child.restartLog, child.system.clock.now(), this.maxRestarts, this.withinMs)) {
      child.system.logger.warn(
        `${child.path} failed more than ${this.maxRestarts} times within ${this.withinMs} ms; stopping it`,
      );
      child.terminate(cause);
      return;
    }
    child.apply(directive, cause);
  }
}

/** One instance serves every parent that has no strategy of its own. */
export const defaultStrategy = new DefaultStrategy();
