import type { TransferListItem } from 'node:worker_threads';

/**
 * What can be moved to another thread instead of copied: an `ArrayBuffer` (the sender's copy is
 * left detached, with byteLength 0) or a `MessagePort`.
 */
export type Transferable = ArrayBuffer | TransferListItem;

/**
 * The transfer lists, keyed by message or reply. Kept on `globalThis` under a registered symbol
 * so that every copy of this module in a thread (a build and a source copy, say) shares it.
 */
const lists: WeakMap<object, readonly Transferable[]> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('troupe.threads.transfer')
] ??= new WeakMap()) as WeakMap<object, readonly Transferable[]>;

/**
 * Marks `value` (a message, or a handler's reply in a worker) so that the buffers in `list` are
 * moved to the other thread rather than copied: `postMessage`'s transfer list. Returns `value`
 * itself, so that it reads as a wrapper at the call. Once sent, the buffers are detached in the
 * sending thread: do not read them again.
 *
 * With `send`, core's own option says the same: `send(message, { transfer: [buf] })`. This marker
 * is for what takes no options: `tell`, `doSend`, and a handler's reply.
 *
 * @example
 * ```ts
 * const pixels = new ArrayBuffer(4 * width * height);
 * await resizer.tell(transfer(new Resize(pixels, 128), [pixels]));
 *
 * // in the worker, a reply can move its buffers back:
 * @Handler(Resize) resize(m: Resize): Thumbnail {
 *   const out = shrink(m.pixels, m.size);
 *   return transfer(new Thumbnail(out), [out]);
 * }
 * ```
 */
export function transfer<T extends object>(value: T, list: readonly Transferable[]): T {
  if (!Array.isArray(list)) throw new TypeError('transfer(value, list): list must be an array of ArrayBuffers or MessagePorts');
  lists.set(value, list);
  return value;
}

/** @internal The transfer list recorded for `value`, if any. */
export function transferListOf(value: object): readonly Transferable[] | undefined {
  return lists.get(value);
}
