import type { ActorSystem } from '@troupe/core';
import { RegistryState } from './state';

/** One registry state per system instance, never a module global: it dies with its system. */
const states = new WeakMap<ActorSystem, RegistryState>();

export function stateOf(system: ActorSystem): RegistryState {
  let state = states.get(system);
  if (state === undefined) {
    state = new RegistryState(system);
    states.set(system, state);
  }
  return state;
}

/** The state if the system has one already (an actor's stop must not create it). */
export function existingState(system: ActorSystem): RegistryState | undefined {
  return states.get(system);
}
