/**
 * The surface for sibling `@troupe/*` packages: the machinery behind `Addr` and `Context`.
 * Not for applications; it may change in any release.
 */
export { ActorCell, type Parent } from './cell';
export { ActorDefinition, type ActorExtension, type StrategyFactory, type HandlerEntry } from './actor-definition';
export { DefaultStrategy, ownDirective, type SupervisionStrategy } from './strategy';
export { RESTART_TYPE, spawnCell } from './spawn';
export { transferListOf } from './send';
export { currentRequestSignal } from './current';
export type { AdmitHook } from './actor-definition';
export { allowRestart, DEFAULT_MAX_RESTARTS, DEFAULT_WITHIN_MS } from '../supervision';
export { ACTOR_OPTIONS, EXTENSIONS, HANDLERS, STRATEGY, WIRE_NAME } from '../decorators/metadata-keys';
export type { HandlerRecord } from '../decorators/handler';

import type { ActorRef } from '../address';
import type { Context } from '../context';
import type { ActorCell } from './cell';

/** The cell behind an address. */
export function cellOf(addr: ActorRef): ActorCell {
  return addr.cell;
}

/** The cell behind a context. */
export function cellOfContext(ctx: Context<unknown>): ActorCell {
  return (ctx as unknown as { cell: ActorCell }).cell;
}
