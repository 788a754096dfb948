/**
 * Removes one occurrence of `item` from `list`, if both exist. Searches from the end, where the
 * item usually is (children stop last started first; a wait ends soon after it began).
 */
export function removeItem<T>(list: T[] | undefined, item: T): void {
  if (list === undefined) return;
  const index = list.lastIndexOf(item);
  if (index >= 0) list.splice(index, 1);
}
