/**
 * The surface for sibling `@troupe/*` packages: the machinery behind `Addr` and `Context`.
 * Not for applications; it may change in any release.
 */
import type { ActorRef, Addr } from '../address';
import type { ActorSystem } from '../system';
import type { Context } from '../context';
import type { ActorCell } from './cell/cell';
import type { ActorExtension as Extension, AdmitHook as Admit, StrategyFactory as Factory } from './actor-definition';
import type { CellEnv, Parent as ParentOf } from './port';
import type { SupervisionStrategy as Strategy } from './strategy';

export { ActorCell } from './cell/cell';
export { ProxyCell, spawnProxy } from './cell/proxy';
export type { Request } from './request';
export { ActorDefinition, type HandlerEntry } from './actor-definition';
export { DefaultStrategy, ownDirective } from './strategy';
export { RESTART_TYPE, spawnCell } from './spawn';
export { transferListOf } from './send';
export { currentRequestSignal } from './current';
export { KNOWN_ERROR_CLASSES } from './error-classes';
export { systemClock, Turn, type Clock, type TimerId } from './clock';
export { RingScheduler, type Runnable, type Scheduler } from './scheduler';
export type { CellEnv } from './port';
export { createSystem, type SystemRuntime } from '../system';
export { allowRestart, DEFAULT_MAX_RESTARTS, DEFAULT_WITHIN_MS } from '../supervision';
export { ACTOR_OPTIONS, EXTENSIONS, HANDLERS, SHUTDOWN_MS, STRATEGY, WIRE_NAME } from '../decorators/metadata-keys';
export type { HandlerRecord } from '../decorators/handler';
export { wireClassNamed } from '../decorators/wire';

/** Hooks a sibling package attaches to an actor class (see `ActorDefinition`). */
export type ActorExtension = Extension<ActorCell>;
/** An extension's check of a message at the call. */
export type AdmitHook = Admit<ActorCell>;
/** Builds the strategy with which an actor supervises its children. */
export type StrategyFactory = Factory<ActorCell>;
/** How a parent treats its failed children. */
export type SupervisionStrategy = Strategy<ActorCell>;
/** The parent of a cell: another cell, or the system's root guardian. */
export type Parent = ParentOf<ActorCell>;

/** The cell behind an address. */
export function cellOf(addr: ActorRef): ActorCell {
  return addr.cell;
}

/** The cell behind a context. */
export function cellOfContext(ctx: Context<unknown>): ActorCell {
  return (ctx as unknown as { cell: ActorCell }).cell;
}

/** The address of a cell, typed (the machinery holds it as an opaque value). */
export function addrOf(cell: ActorCell): Addr<unknown> {
  return cell.addr as Addr<unknown>;
}

/** The system a cell belongs to, typed (the machinery sees it only as its `CellEnv`). */
export function systemOf(cell: ActorCell): ActorSystem {
  return cell.system as ActorSystem;
}

/**
 * The machinery's view of a system: what its cells see of it (`CellEnv`: clock, scheduler,
 * deadlines, `awaiting`, ...) and its root guardian, whose `childList` holds the top-level actors.
 * These members are internal, left out of `ActorSystem`'s published type; this is the one door.
 */
export function envOf(system: ActorSystem): CellEnv<ActorCell> & { readonly root: Parent } {
  return system as unknown as CellEnv<ActorCell> & { readonly root: Parent };
}

/** The `Context` of a cell, typed. */
export function contextOf(cell: ActorCell): Context<unknown> {
  return cell.ctx as Context<unknown>;
}
