import type { ActorClass } from '@troupe/core';
import { addrOf, systemOf, type ActorCell, type ActorExtension } from '@troupe/core/internal';
import { REGISTRATIONS } from '../metadata-keys';
import { REGISTRY_EXTENSION } from './extension-marker';
import { existingState, stateOf } from './states';

/** One `@Registered` entry: a name, a group, or both. */
export interface Registration {
  readonly name?: string;
  readonly group?: string;
}

interface Plan {
  readonly names: readonly string[];
  readonly groups: readonly string[];
}

const plans = new WeakMap<ActorClass, Plan>();

/** The names and groups an actor class asks for, read from its metadata once. */
function planOf(actorClass: ActorClass): Plan {
  let plan = plans.get(actorClass);
  if (plan === undefined) {
    const registrations = (Reflect.getMetadata(REGISTRATIONS, actorClass) as Registration[] | undefined) ?? [];
    const names = new Set<string>();
    const groups = new Set<string>();
    for (const r of registrations) {
      if (r.name !== undefined) names.add(r.name);
      if (r.group !== undefined) groups.add(r.group);
    }
    plan = { names: [...names], groups: [...groups] };
    plans.set(actorClass, plan);
  }
  return plan;
}

/**
 * The registry's hook into core, attached to `@Registered` classes: names and groups are taken
 * when the actor is spawned (before `spawn` returns, so `lookup` right after `spawn` finds it; a
 * taken name makes `spawn` throw `NameTakenError`), kept across restarts (the `Addr` is the same),
 * and given up the moment the actor stops accepting messages for good (`stopping`: a graceful stop
 * that was not vetoed, or a kill), so its names are free and group subscribers are told while it
 * may still be draining its mailbox. `terminated` is the final sweep, and also the call core makes
 * when another extension refuses the spawn after this one accepted it.
 */
export const registryExtension: ActorExtension & { readonly [REGISTRY_EXTENSION]: true } = {
  [REGISTRY_EXTENSION]: true,

  spawned(cell: ActorCell): void {
    const plan = planOf(cell.definition.actorClass);
    stateOf(systemOf(cell)).admit(addrOf(cell), plan.names, plan.groups);
  },

  stopping(cell: ActorCell): void {
    existingState(systemOf(cell))?.removeActor(addrOf(cell));
  },

  terminated(cell: ActorCell): void {
    existingState(systemOf(cell))?.removeActor(addrOf(cell));
  },
};
