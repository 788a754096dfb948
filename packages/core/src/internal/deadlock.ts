import { handlerOwner, releaseHandlerContext, runOwned, useHandlerContext } from './handler-context';

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
 * after an `await` needs async context: handlers that return promises run as owned by their actor
 * when they hold its mailbox (non-reentrant), and by nobody otherwise (handler-context.ts). The
 * wait-for graph is the actors' outstanding requests; a `send` that would close a cycle is refused.
 */
export class DeadlockDetector<C> {
  /** Whether this detector turned the promise hooks on: at the first handler that returned a promise. */
  private hooked = false;
  private closed = false;

  /** `ours`: whether an owner is an actor of this detector's system (several systems may detect). */
  constructor(private readonly ours: (owner: object) => owner is C & object) {}

  /** The actor blocked on the current async path, if any. */
  caller(): C | undefined {
    const owner = handlerOwner();
    return owner !== undefined && this.ours(owner) ? owner : undefined;
  }

  /**
   * Runs a handler that may await (one that returned a promise before, or an `async` method) as
   * owned by its actor. The hooks go on with the first: until then, with handlers that return
   * their replies, no promise of the process pays for them.
   */
  run(cell: C & object, reentrant: boolean, fn: Call, instance: object, message: unknown, ctx: unknown): unknown {
    if (!this.hooked && !this.closed) {
      this.hooked = true;
      useHandlerContext();
    }
    return runOwned(reentrant ? undefined : cell, call, fn, instance, message, ctx);
  }

  /** The system is shut down: its share of the promise hooks goes. */
  close(): void {
    this.closed = true;
    if (!this.hooked) return;
    this.hooked = false;
    releaseHandlerContext();
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
