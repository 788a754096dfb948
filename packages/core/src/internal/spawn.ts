import { Addr } from '../address';
import { ActorConfigError } from '../errors';
import type { ActorClass, SpawnOptions } from '../types';
import { ActorDefinition } from './actor-definition';
import { checkCapacity, isCapacity } from './checks';
import { ActorCell } from './cell/cell';
import type { CellEnv, Parent } from './port';

/** Key under which a child's restart type is kept in `cell.tags`, for supervisor strategies. */
export const RESTART_TYPE = Symbol('troupe:restart-type');

const NO_ARGS: readonly unknown[] = Object.freeze([]);
const NO_OPTIONS: SpawnOptions<ActorClass> = Object.freeze({});

/**
 * Creates an actor under `parent`: checks the options, names it, makes its cell and its `Addr`,
 * then `init` links it into the tree and schedules its start. Throws `ActorConfigError` for bad
 * options, and whatever the actor's constructor throws.
 */
export function spawnCell<C extends ActorClass>(
  system: CellEnv<ActorCell>,
  parent: Parent<ActorCell>,
  actorClass: C,
  options: SpawnOptions<C> = NO_OPTIONS,
  /** Internal: the sibling to start before (a supervisor's respawned child keeps its place). */
  before?: ActorCell,
): ActorCell {
  if (system.isShuttingDown) {
    throw new ActorConfigError(`spawn ${describeClass(actorClass)}: the system "${system.name}" is shutting down`);
  }
  const definition = ActorDefinition.of(actorClass);
  if (typeof options !== 'object' || options === null) {
    throw new ActorConfigError(`spawn ${definition.name} under ${parent.path}: options must be an object, got ${String(options)}`);
  }
  const name = options.name === undefined ? system.nextSerial() : checkName(options.name, parent);
  const capacity = options.mailbox ?? definition.options.mailbox ?? system.defaultMailbox;
  if (!isCapacity(capacity)) checkCapacity(capacity, pathOf(parent, name));
  const args = options.args ?? NO_ARGS;
  if (!Array.isArray(args)) {
    const where = pathOf(parent, name);
    throw new ActorConfigError(`spawn ${where}: args must be an array of constructor arguments`, where);
  }
  const shutdownMs = options.shutdownMs ?? definition.shutdownMs;
  if (shutdownMs !== undefined && !(typeof shutdownMs === 'number' && shutdownMs >= 0)) {
    const where = pathOf(parent, name);
    throw new ActorConfigError(`spawn ${where}: shutdownMs must be a number of ms >= 0 or Infinity, got ${String(shutdownMs)}`, where);
  }
  const cell = new ActorCell(system, parent, definition, args, name, capacity);
  if (shutdownMs !== undefined) cell.shutdownMs = shutdownMs;
  if (options.restart !== undefined) cell.setTag(RESTART_TYPE, options.restart);
  cell.addr = new Addr(cell);
  cell.init(before);
  return cell;
}

/** The path the actor being spawned would have, for errors (no closure per spawn). */
function pathOf(parent: Parent<ActorCell>, name: string | number): string {
  return `${parent.path}/${typeof name === 'number' ? `$${name.toString(36)}` : name}`;
}

function checkName(name: unknown, parent: Parent<ActorCell>): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('/')) {
    throw new ActorConfigError(`spawn under ${parent.path}: a name must be a non-empty string without "/", got ${JSON.stringify(name)}`);
  }
  if (parent.childList?.byName(name) !== undefined) {
    throw new ActorConfigError(`spawn: the name "${name}" is taken under ${parent.path}; names are unique among siblings`);
  }
  return name;
}

function describeClass(value: unknown): string {
  return typeof value === 'function' && value.name ? value.name : String(value);
}
