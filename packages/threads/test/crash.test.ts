import { spawnThreaded, WorkerCrashedError } from '@troupe/threads';
import type { Crashy } from './fixtures/crashy';
import { liveThreadCount } from '../src/internal/census';
import { crashy, fixture, useSystem } from './support';

const { Double, Exit, Hog, ThrowOutside, WhichThread } = crashy;

describe('a worker thread that dies', () => {
  const system = useSystem();
  const spawnCrashy = (threads: number, resourceLimits?: { maxOldGenerationSizeMb: number }) =>
    spawnThreaded<Crashy>(system(), { module: fixture('crashy'), export: 'Crashy', threads, name: 'crashy', resourceLimits });

  it('by process.exit is replaced; its request rejects with WorkerCrashedError', async () => {
    const actor = spawnCrashy(1);
    const before = await actor.send(new WhichThread());
    const error = await actor.send(new Exit(3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect(error).toMatchObject({ name: 'WorkerCrashedError', actor: '/user/crashy' });
    expect((error as Error).message).toMatch(/a worker thread of \/user\/crashy died while it handled a message of class Exit \(worker exited with code: 3\)/);
    const after = await actor.send(new WhichThread());
    expect(after).not.toBe(before);
    expect(await actor.send(new Double(21))).toBe(42);
  });

  it('by an exception thrown outside the handler is replaced; the cause is that exception', async () => {
    const actor = spawnCrashy(1);
    const error = await actor.send(new ThrowOutside()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as Error).cause).toEqual(expect.objectContaining({ message: 'thrown outside any handler' }));
    expect(await actor.send(new Double(2))).toBe(4);
  });

  it('by running out of memory under resourceLimits is replaced', async () => {
    const actor = spawnCrashy(1, { maxOldGenerationSizeMb: 24 });
    const error = await actor.send(new Hog()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as Error).cause).toEqual(expect.objectContaining({ code: 'ERR_WORKER_OUT_OF_MEMORY' }));
    expect(await actor.send(new Double(5))).toBe(10);
  });

  it('loses no queued message: the messages behind the crash are delivered afterwards', async () => {
    const actor = spawnCrashy(2);
    const restarts: number[] = [];
    system().events.on('actor:restarted', (e) => restarts.push(e.attempt));
    const crash = actor.send(new Exit(1)).catch((e: unknown) => e);
    const doubles = Array.from({ length: 30 }, (_, i) => actor.send(new Double(i)));
    expect(await crash).toBeInstanceOf(WorkerCrashedError);
    expect(await Promise.all(doubles)).toEqual(Array.from({ length: 30 }, (_, i) => i * 2));
    expect(restarts).toEqual([1]); // the crash was a failure of the threaded actor; core restarted it
    expect(liveThreadCount()).toBe(2);
  });
});
