/**
 * `@troupe/threads`: heavy work off the event loop. {@link spawnThreaded} runs an ordinary actor
 * class on worker threads behind an ordinary, typed `Addr`.
 */
export { spawnThreaded, type ThreadedParent } from './spawn-threaded';
export type { ThreadedOptions } from './options';
export { WorkerCrashedError } from './errors';
export { transfer, type Transferable } from './transfer';
export type { ThreadSafe, UncloneablePaths } from './thread-safe';
