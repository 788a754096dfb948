/**
 * What the remote and sharding benchmarks share: their NATS servers, request loops that check every
 * reply, a helper process forked and awaited until it says it is ready, and a shuffle for the
 * contenders' order.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { startNatsServer } from '../../test-support/nats-server';

/** A request whose reply must be its argument plus one. */
export type NumberRequest = (n: number) => Promise<number>;

/** Requests per second for `count` requests, one after the other. */
export async function sequential(request: NumberRequest, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    if ((await request(i)) !== i + 1) throw new Error('wrong reply');
  }
  return (count * 1000) / (performance.now() - started);
}

/** Requests per second for `count` requests, `inFlight` at a time. */
export async function parallel(request: NumberRequest, count: number, inFlight: number): Promise<number> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      if ((await request(i)) !== i + 1) throw new Error('wrong reply');
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
  return (count * 1000) / (performance.now() - started);
}

/** Forks `script` (TypeScript, next to the caller) with `servers`; resolves once it sends its first message. */
export function forkReady(script: string, servers: string, what: string): Promise<ChildProcess> {
  const child = fork(script, [servers], {
    execArgv: ['-r', path.resolve(__dirname, '../../examples/register.js')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the ${what} exited (code ${String(code)})`)));
  });
}

/**
 * The child's side of {@link forkReady}: tells the parent it is ready, then, when the parent goes
 * away or sends SIGTERM, runs `close` and exits.
 */
export function readyUntilParentGoes(close: () => Promise<unknown>): void {
  process.send?.('ready');
  const stop = (): void => void close().then(() => process.exit(0));
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
}

/** `items` in a random order (in place). */
export function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Runs `fn` on the servers `given` (`--servers`), or on a nats-server started for it when none are given, stopped after. */
export async function withServers<T>(given: string, fn: (servers: string) => Promise<T>): Promise<T> {
  if (given !== '') return fn(given);
  const server = await startNatsServer();
  try {
    return await fn(server.url);
  } finally {
    await server.stop();
  }
}
