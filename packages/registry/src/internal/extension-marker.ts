import type { ActorCell } from '@troupe/core/internal';

/** Marks the registry's actor extension among a class's extensions. */
export const REGISTRY_EXTENSION = Symbol('troupe:registry-extension');

/** Whether the actor's class carries the registry extension (so its stop reaches the registry synchronously, through `stopping`). */
export function hasRegistryExtension(cell: ActorCell): boolean {
  return cell.definition.extensions.some((ext) => REGISTRY_EXTENSION in ext);
}
