import 'reflect-metadata';
import { EXTENSIONS, SHUTDOWN_MS, STRATEGY, type ActorCell, type ActorExtension, type StrategyFactory } from '@troupe/core/internal';
import type { SupervisorSpec } from '../options';
import { checkSpec, configOf } from './config';
import { OtpStrategy } from './otp-strategy';

/** The hooks core runs on a supervisor's own lifecycle; one object for every supervisor class. */
const supervisorExtension: ActorExtension = {
  spawned(cell: ActorCell): void {
    OtpStrategy.of(cell)?.spawned();
  },
  beforeStart(cell: ActorCell, instance: object): Promise<void> | undefined {
    return OtpStrategy.of(cell)?.beforeStart(instance);
  },
  terminated(cell: ActorCell): void {
    OtpStrategy.of(cell)?.terminated();
  },
};

/** Strategy of a class decorated with `@Supervise` / `@Child`: its options come from metadata. */
const fromMetadata: StrategyFactory = (cell) => new OtpStrategy(cell, configOf(cell.definition.actorClass));

/** Strategy of the functional `Supervisor`: its spec is its first constructor argument. */
const fromSpec: StrategyFactory = (cell) =>
  new OtpStrategy(cell, checkSpec(cell.args[0] as SupervisorSpec | undefined, `Supervisor at ${cell.path}`));

/**
 * Makes a class a supervisor for core: its strategy factory under `troupe:strategy`, the
 * supervisor's extension appended (once) to `troupe:extensions`, keeping what other packages
 * (`@Registered`) put there, whatever the decorator order, and a default `shutdownMs` of
 * Infinity (OTP: a supervisor's stop waits for its children, each of which has its own bound).
 */
export function installSupervisor(target: object, functional = false): void {
  Reflect.defineMetadata(STRATEGY, functional ? fromSpec : fromMetadata, target);
  Reflect.defineMetadata(SHUTDOWN_MS, Infinity, target);
  const extensions = (Reflect.getMetadata(EXTENSIONS, target) as ActorExtension[] | undefined) ?? [];
  if (!extensions.includes(supervisorExtension)) {
    Reflect.defineMetadata(EXTENSIONS, [...extensions, supervisorExtension], target);
  }
}
