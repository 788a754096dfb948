/**
 * Every metadata key Troupe's decorators write, in one place. Decorators only record metadata
 * under these keys; `internal/actor-definition.ts` is the one reader in core. Sibling packages
 * (`@troupe/supervisor`, `@troupe/registry`, `@troupe/threads`) use their own `troupe:` keys.
 */
export const ACTOR_OPTIONS = 'troupe:actor';
export const HANDLERS = 'troupe:handlers';
export const WIRE_NAME = 'troupe:wire';
/** A list of {@link ActorExtension}s that run at an actor's start and stop. */
export const EXTENSIONS = 'troupe:extensions';
/** A factory for the strategy with which an actor supervises its children. */
export const STRATEGY = 'troupe:strategy';
/**
 * A class's default `shutdownMs`, set by sibling packages (a supervisor's is Infinity, as in OTP:
 * its children's own bounds apply); `@Actor({ shutdownMs })` and the spawn option come first.
 */
export const SHUTDOWN_MS = 'troupe:shutdown-ms';
