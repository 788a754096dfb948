import type { ActorSystem } from '@troupe/core';
import type { ActorCell } from '@troupe/core/internal';
import { topLevel } from './system';

/**
 * Visits every live actor of `system` in tree order (a parent before its children, siblings in
 * start order), with its depth (0 for top-level actors). An explicit stack, never recursion:
 * trees may be 10 000 deep or 100 000 wide. Reads only; allocates one small stack.
 */
export function walkTree(system: ActorSystem, visit: (cell: ActorCell, depth: number) => void): void {
  const cells: ActorCell[] = [];
  const depths: number[] = [];
  const first = topLevel(system).first;
  if (first !== undefined) {
    cells.push(first);
    depths.push(0);
  }
  while (cells.length > 0) {
    const cell = cells.pop()!;
    const depth = depths.pop()!;
    visit(cell, depth);
    // The next sibling waits below the first child: the whole subtree comes before it.
    if (cell.nextSibling !== undefined) {
      cells.push(cell.nextSibling);
      depths.push(depth);
    }
    const child = cell.childList?.first;
    if (child !== undefined) {
      cells.push(child);
      depths.push(depth + 1);
    }
  }
}
