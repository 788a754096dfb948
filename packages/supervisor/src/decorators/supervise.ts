import 'reflect-metadata';
import type { SupervisorOptions } from '../options';
import { checkOptions } from '../internal/config';
import { installSupervisor } from '../internal/install';
import { SUPERVISE } from '../internal/metadata-keys';

/**
 * Makes an `@Actor` class a supervisor with Erlang/OTP semantics. Only records metadata; the
 * order of `@Actor`, `@Supervise` and other class decorators does not matter. Options are
 * checked at once: a bad value throws `ActorConfigError` when the class is defined.
 *
 * A supervisor's life: its `@Child` children start in declaration order, and its own `started`
 * runs once they all have. When a child fails, `decide` (default: restart) and the strategy say
 * what happens; more than `maxRestarts` restarts within `withinMs` and the supervisor gives up:
 * it stops its children, last started first, and fails, so that its own parent decides. When the
 * supervisor stops, its children stop first, last started first, each killed after its
 * `shutdownMs`. When the supervisor restarts, its children are stopped and started afresh.
 *
 * @example
 * ```ts
 * @Actor()
 * @Supervise({ strategy: 'rest-for-one', maxRestarts: 3, withinMs: 5000,
 *              backoff: { minMs: 100, maxMs: 10_000 } })
 * class Pipeline {
 *   @Child(Reader) reader!: Addr<Reader>;
 *   @Child(Writer, { restart: 'transient', args: ['out.log'] }) writer!: Addr<Writer>;
 * }
 * ```
 */
export function Supervise(options: SupervisorOptions = {}): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(SUPERVISE, checkOptions(options, `@Supervise on ${target.name}`), target);
    installSupervisor(target);
  };
}
