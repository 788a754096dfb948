import { ActorConfigError } from '../errors';
import { checkCapacity } from '../context';
import type { ActorSystem, SpawnOptions } from '../system';
import type { ActorClass } from '../types';
import { ActorDefinition } from './actor-definition';
import { ActorCell, type Parent } from './cell';

/** Key under which a child's restart type is kept in `cell.tags`, for supervisor strategies. */
export const RESTART_TYPE = Symbol('troupe:restart-type');

/** Creates a cell under `parent`: validates the options, names it, links it into the tree. */
export function spawnCell<C extends ActorClass>(
  system: ActorSystem,
  parent: Parent,
  actorClass: C,
  options: SpawnOptions<C> = {},
): ActorCell {
  if (system.isShuttingDown) {
    throw new ActorConfigError(`spawn ${actorClass?.name}: the system "${system.name}" is shutting down`);
  }
  const definition = ActorDefinition.of(actorClass);
  const name = options.name === undefined ? system.nextSerial() : checkName(options.name, parent);
  const capacity = options.mailbox ?? definition.options.mailbox ?? system.defaultMailbox;
  const args = options.args ?? NO_ARGS;
  if (!isCapacity(capacity) || !Array.isArray(args)) {
    // Only a bad spawn pays for the path string.
    const where = `${parent.path}/${typeof name === 'number' ? `$${name.toString(36)}` : name}`;
    checkCapacity(capacity, where);
    throw new ActorConfigError(`spawn ${where}: args must be an array of constructor arguments`, where);
  }
  const cell = new ActorCell(system, parent, definition, args, name, capacity, (c) => {
    if (options.shutdownMs !== undefined) c.shutdownMs = options.shutdownMs;
    if (options.restart !== undefined) c.setTag(RESTART_TYPE, options.restart);
    parent.adopt(c);
  });
  return cell;
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);

function isCapacity(capacity: unknown): capacity is number {
  return capacity === Infinity || (typeof capacity === 'number' && Number.isInteger(capacity) && capacity >= 1);
}

function checkName(name: unknown, parent: Parent): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('/')) {
    throw new ActorConfigError(`spawn under ${parent.path}: a name must be a non-empty string without "/", got ${JSON.stringify(name)}`);
  }
  if (parent.children.some((c) => c.name === name && c.isAlive)) {
    throw new ActorConfigError(`spawn: the name "${name}" is taken under ${parent.path}; names are unique among siblings`);
  }
  return name;
}
