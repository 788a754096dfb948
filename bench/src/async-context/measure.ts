/**
 * What following a handler across its `await`s costs on this Node, outside Troupe: a loop of
 * sequential requests to a bare `async` handler (the shape of `ask-seq-async`), with no async
 * context, with an `AsyncLocalStorage` (what `detectDeadlocks` uses), with the smallest context
 * V8's promise hooks allow (a field written on each promise when it is made, read back when its
 * reactions run), and with those hooks switched on only while a handler is in flight. The figure
 * behind the analysis's "why `detectDeadlocks` costs so much with an `async` handler".
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { promiseHooks } from 'node:v8';

export const MODES = ['none', 'AsyncLocalStorage', 'promise hooks', 'promise hooks while a handler runs'] as const;
export type Mode = (typeof MODES)[number];

const CONTEXT = Symbol('context');
type Tagged = Promise<unknown> & { [CONTEXT]?: string };

async function handler(n: number): Promise<number> {
  return n + 1;
}

/** Sends `requests` sequential requests in `mode`; resolves with nanoseconds per request. */
export async function nsPerRequest(mode: Mode, requests: number): Promise<number> {
  const storage = new AsyncLocalStorage<string>();
  let current: string | undefined;
  const hooks = {
    init(promise: Promise<unknown>): void {
      if (current !== undefined) (promise as Tagged)[CONTEXT] = current;
    },
    before(promise: Promise<unknown>): void {
      current = (promise as Tagged)[CONTEXT];
    },
    after(): void {
      current = undefined;
    },
  };
  const start = (): (() => void) => promiseHooks.createHook(hooks) as () => void; // typed `Function` in @types/node
  let stop: (() => void) | undefined = mode === 'promise hooks' ? start() : undefined;
  const request = (n: number): Promise<number> =>
    new Promise((resolve) => {
      let reply: Promise<number>;
      if (mode === 'AsyncLocalStorage') reply = storage.run('actor', handler, n);
      else if (mode === 'none') reply = handler(n);
      else {
        if (mode === 'promise hooks while a handler runs') stop = start();
        current = 'actor';
        reply = handler(n);
        current = undefined;
      }
      void reply.then((value) => {
        if (mode === 'promise hooks while a handler runs') stop?.();
        resolve(value);
      });
    });
  try {
    let sum = 0;
    const t = process.hrtime.bigint();
    for (let i = 0; i < requests; i++) sum += await request(i);
    const ns = Number(process.hrtime.bigint() - t) / requests;
    if (sum !== (requests * (requests + 1)) / 2) throw new Error(`wrong replies: sum ${sum}`);
    return ns;
  } finally {
    stop?.();
  }
}
