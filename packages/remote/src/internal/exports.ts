import type { Addr } from '@troupe/core';
import { cellOf } from '@troupe/core/internal';

/**
 * The actors of this node that other nodes can address: each gets a handle (a number, never
 * reused by this incarnation of the node) the first time its address crosses the wire, by
 * `expose` or inside a message. An actor leaves the table when it stops; its watchers on other
 * nodes are then told, with the cause of its stop. `W` is the type of a watching node (a peer).
 */
export class Exports<W> {
  private next = 1;
  private readonly byHandle = new Map<number, Addr<unknown>>();
  private readonly handles = new Map<Addr<unknown>, number>();
  private readonly watchers = new Map<number, Set<W>>();

  constructor(private readonly ended: (handle: number, cause: unknown, watchers: ReadonlySet<W>) => void) {}

  /** The actor's handle, given on first use. */
  handleOf(addr: Addr<unknown>): number {
    let handle = this.handles.get(addr);
    if (handle !== undefined) return handle;
    handle = this.next++;
    this.handles.set(addr, handle);
    this.byHandle.set(handle, addr);
    const h = handle;
    void addr.stopped.then(() => this.end(h, addr));
    return handle;
  }

  /** The live actor behind a handle, if it has not stopped. */
  get(handle: number): Addr<unknown> | undefined {
    return this.byHandle.get(handle);
  }

  /** Another node watches the actor; false when the actor has stopped already. */
  watch(handle: number, peer: W): boolean {
    if (!this.byHandle.has(handle)) return false;
    let set = this.watchers.get(handle);
    if (set === undefined) this.watchers.set(handle, (set = new Set()));
    set.add(peer);
    return true;
  }

  /** A node is down: it watches nothing any more. */
  forget(peer: W): void {
    for (const [handle, set] of this.watchers) {
      set.delete(peer);
      if (set.size === 0) this.watchers.delete(handle);
    }
  }

  private end(handle: number, addr: Addr<unknown>): void {
    this.byHandle.delete(handle);
    this.handles.delete(addr);
    const set = this.watchers.get(handle);
    this.watchers.delete(handle);
    if (set !== undefined && set.size > 0) this.ended(handle, cellOf(addr).cause, set);
  }
}
