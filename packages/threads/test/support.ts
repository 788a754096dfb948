import * as path from 'node:path';
import { ActorSystem, silentLogger } from '@troupe/core';
import type * as CalculatorModule from './fixtures/calculator';
import type * as CrashyModule from './fixtures/crashy';
import type * as MiscModule from './fixtures/misc';

/** The compiled fixture module, as worker threads load it (`npm run build` compiles it). */
export function fixture(name: 'calculator' | 'crashy' | 'misc' | 'main-only' | 'registered'): string {
  return path.join(__dirname, 'fixtures', 'dist', `${name}.js`);
}

/**
 * The fixture modules' classes, from the compiled modules that spawnThreaded also loads, so that
 * `instanceof` holds for the replies it rebuilds (the .ts sources would be second copies).
 */
export const calculator = require(fixture('calculator')) as typeof CalculatorModule;
export const crashy = require(fixture('crashy')) as typeof CrashyModule;
export const misc = require(fixture('misc')) as typeof MiscModule;

/** A system per test, shut down after it; failures are expected, so it logs nothing. */
export function useSystem(): () => ActorSystem {
  let system: ActorSystem | undefined;
  beforeEach(() => {
    system = new ActorSystem({ name: 'threads-test', logger: silentLogger });
  });
  afterEach(async () => {
    await system?.shutdown();
    system = undefined;
  });
  return () => system!;
}

/** A gate for `Hold` messages: threads block on it until `open()`. */
export function gate(): { readonly buffer: SharedArrayBuffer; open(): void } {
  const buffer = new SharedArrayBuffer(4);
  return {
    buffer,
    open() {
      Atomics.store(new Int32Array(buffer), 0, 1);
      Atomics.notify(new Int32Array(buffer), 0);
    },
  };
}

/** A flag for `Spin` messages: `spinning()` resolves once a thread spins on it, `release()` ends the loop. */
export function spinFlag(): { readonly buffer: SharedArrayBuffer; spinning(): Promise<void>; release(): void } {
  const buffer = new SharedArrayBuffer(8);
  const flag = new Int32Array(buffer);
  return {
    buffer,
    async spinning() {
      const wait = (Atomics as unknown as AtomicsWaitAsync).waitAsync(flag, 1, 0);
      if (wait.async) await wait.value;
    },
    release() {
      Atomics.store(flag, 0, 1);
    },
  };
}

/** `Atomics.waitAsync` (Node 16+), which the ES2022 lib does not declare. */
interface AtomicsWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** Waits, a few milliseconds at a time, until `condition()` holds; fails the test after `ms`. */
export async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms: ${String(condition)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
