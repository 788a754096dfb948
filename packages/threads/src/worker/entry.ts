/**
 * The module piscina runs in each worker thread: builds the thread's {@link WorkerHost} from
 * `workerData` when the thread starts, and hands it every task. It never throws, not even when
 * the actor module cannot be loaded (each task then answers with why), since piscina would
 * otherwise replace a thread that fails at start over and over.
 */
import { workerData } from 'node:worker_threads';
import { WorkerHost } from './host';
import type { Result, Task, WorkerSetup } from '../internal/protocol';

const host = new WorkerHost(workerData as WorkerSetup);

export default function handle(task: Task): Result | object | Promise<Result | object> {
  return host.handle(task);
}
