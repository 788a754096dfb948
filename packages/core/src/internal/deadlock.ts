import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActorCell } from './cell';

type Call = (this: object, message: unknown, ctx: unknown) => unknown;

function call(fn: Call, instance: object, message: unknown, ctx: unknown): unknown {
  return fn.call(instance, message, ctx);
}

/**
 * Deadlock detection across actors (`detectDeadlocks: true`). Knowing which actor makes a `send`
 * after an `await` needs async context, so handlers run inside an AsyncLocalStorage whose store is
 * the actor when its handler holds the mailbox (non-reentrant), and nothing otherwise. The
 * wait-for graph is the actors' outstanding requests; a `send` that would close a cycle is refused.
 */
export class DeadlockDetector {
  private readonly storage = new AsyncLocalStorage<ActorCell | undefined>();

  /** The actor blocked on the current async path, if any. */
  caller(): ActorCell | undefined {
    return this.storage.getStore();
  }

  run(cell: ActorCell, reentrant: boolean, fn: Call, instance: object, message: unknown, ctx: unknown): unknown {
    return this.storage.run(reentrant ? undefined : cell, call, fn, instance, message, ctx);
  }

  /**
   * The cycle that `from` waiting on `to` would close, as a list of paths from `from` back to
   * itself, or undefined. Only actors blocked in a handler wait.
   */
  findCycle(from: ActorCell, to: ActorCell): string[] | undefined {
    const seen = new Set<ActorCell>();
    const trail: ActorCell[] = [from];
    const visit = (cell: ActorCell): boolean => {
      if (cell === from) return true;
      if (seen.has(cell) || !cell.blocking) return false;
      seen.add(cell);
      trail.push(cell);
      for (const request of cell.outstanding) if (visit(request.target)) return true;
      trail.pop();
      return false;
    };
    return visit(to) ? [...trail, from].map((c) => c.path) : undefined;
  }
}
