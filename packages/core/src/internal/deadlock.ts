import { AsyncLocalStorage } from 'node:async_hooks';

type Call = (this: object, message: unknown, ctx: unknown) => unknown;

function call(fn: Call, instance: object, message: unknown, ctx: unknown): unknown {
  return fn.call(instance, message, ctx);
}

/** An actor in the wait-for graph. */
export interface WaitNode {
  readonly path: string;
  /** Inside a handler that holds its mailbox (a wait here blocks the actor). */
  readonly blocking: boolean;
  /** The requests it waits on from that handler, by their targets. */
  readonly outstanding: readonly { readonly target: unknown }[];
}

/**
 * Deadlock detection across actors (`detectDeadlocks: true`). Knowing which actor makes a `send`
 * after an `await` needs async context, so handlers run inside an AsyncLocalStorage whose store is
 * the actor when its handler holds the mailbox (non-reentrant), and nothing otherwise. The
 * wait-for graph is the actors' outstanding requests; a `send` that would close a cycle is refused.
 */
export class DeadlockDetector<C> {
  private readonly storage = new AsyncLocalStorage<C | undefined>();

  /** The actor blocked on the current async path, if any. */
  caller(): C | undefined {
    return this.storage.getStore();
  }

  run(cell: C, reentrant: boolean, fn: Call, instance: object, message: unknown, ctx: unknown): unknown {
    return this.storage.run(reentrant ? undefined : cell, call, fn, instance, message, ctx);
  }

  /**
   * The cycle that `from` waiting on `to` would close, as a list of paths from `from` back to
   * itself, or undefined. Only actors blocked in a handler wait. Iterative: the graph may be deep.
   */
  findCycle(from: C & WaitNode, to: C & WaitNode): string[] | undefined {
    const seen = new Set<unknown>();
    // Depth-first with an explicit stack of (node, next outstanding index).
    const trail: (C & WaitNode)[] = [from];
    const stack: { node: C & WaitNode; index: number }[] = [];
    const enter = (node: C & WaitNode): boolean => {
      if (node === from) return true;
      if (seen.has(node) || !node.blocking) return false;
      seen.add(node);
      trail.push(node);
      stack.push({ node, index: 0 });
      return false;
    };
    if (enter(to)) return [from.path, from.path];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const outstanding = top.node.outstanding;
      if (top.index >= outstanding.length) {
        stack.pop();
        trail.pop();
        continue;
      }
      const next = outstanding[top.index++].target as C & WaitNode;
      if (enter(next)) return [...trail, from].map((c) => c.path);
    }
    return undefined;
  }
}
