import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { ActorConfigError, ActorStoppedError } from '@troupe/core';
import { spawnThreaded } from '@troupe/threads';
import type { Crashy } from './fixtures/crashy';
import type { Disambiguated } from './fixtures/misc';
import { liveThreadCount } from '../src/internal/census';
import { crashy, fixture, misc, useSystem } from './support';

describe('spawnThreaded', () => {
  const system = useSystem();

  it('refuses a module that does not exist, at once, saying to point at the built JavaScript', () => {
    expect(() => spawnThreaded(system(), { module: path.join(__dirname, 'no-such-actor.js') })).toThrow(ActorConfigError);
    expect(() => spawnThreaded(system(), { module: path.join(__dirname, 'no-such-actor.js') })).toThrow(
      /the module .*no-such-actor\.js does not exist .*Point module at the JavaScript that your build emits/,
    );
  });

  it('refuses a relative module path', () => {
    expect(() => spawnThreaded(system(), { module: './fixtures/dist/crashy.js' })).toThrow(/module must be an absolute path/);
  });

  it('refuses an export that is not an @Actor class, or is missing', () => {
    expect(() => spawnThreaded(system(), { module: fixture('misc'), export: 'NotAnActor' })).toThrow(
      /export "NotAnActor" of .*misc\.js is the class or function NotAnActor without @Actor\(\), not an @Actor class/,
    );
    expect(() => spawnThreaded(system(), { module: fixture('misc'), export: 'notAClass' })).toThrow(/is a number, not an @Actor class/);
    expect(() => spawnThreaded(system(), { module: fixture('misc'), export: 'Nope' })).toThrow(/has no export "Nope"; it exports "NotAnActor", "notAClass"/);
    expect(() => spawnThreaded(system(), { module: fixture('misc') })).toThrow(/name the actor class with \{ export \}: .* exports several @Actor classes/);
    expect(system().actors).toHaveLength(0); // nothing was spawned
  });

  it('finds the only @Actor class of a module without { export }', async () => {
    const actor = spawnThreaded<Crashy>(system(), { module: fixture('crashy'), threads: 1 });
    expect(await actor.send(new crashy.Double(4))).toBe(8);
  });

  it('refuses two handler classes with one wire name, saying to use @Wire', () => {
    expect(() => spawnThreaded(system(), { module: fixture('misc'), export: 'Colliding' })).toThrow(
      /two classes the actor handles are both called "Ping" on the wire.*@Wire\('some\.unique\.Name'\)/,
    );
  });

  it('tells such classes apart by their @Wire names', async () => {
    const actor = spawnThreaded<Disambiguated>(system(), { module: fixture('misc'), export: 'Disambiguated', threads: 1 });
    expect(await actor.send(new misc.c.Pong())).toBe('c');
    expect(await actor.send(new misc.d.Pong())).toBe('d');
  });

  it('refuses args that cannot be sent to the threads, and bad thread counts', () => {
    expect(() => spawnThreaded(system(), { module: fixture('crashy'), args: [{ f: () => 1 }] })).toThrow(
      /args cannot be sent to worker threads: args\[0\]\.f is a function/,
    );
    expect(() => spawnThreaded(system(), { module: fixture('crashy'), threads: 0 })).toThrow(/threads must be a positive integer, got 0/);
  });

  it('starts one thread per CPU core by default', async () => {
    const before = liveThreadCount();
    const actor = spawnThreaded<Crashy>(system(), { module: fixture('crashy') });
    await actor.send(new crashy.Double(1));
    expect(liveThreadCount() - before).toBe(availableParallelism());
  });

  it('stops the actor, with the reason, when its threads cannot load the module that loads here', async () => {
    const stops: unknown[] = [];
    system().events.on('actor:stopped', (e) => stops.push(e.cause));
    const actor = spawnThreaded<import('./fixtures/main-only').MainOnly>(system(), { module: fixture('main-only'), threads: 1 });
    const { Hello } = require(fixture('main-only')) as typeof import('./fixtures/main-only');
    const sent = actor.send(new Hello()).catch((e: unknown) => e);
    await actor.stopped;
    expect(await sent).toBeInstanceOf(ActorStoppedError);
    expect(stops).toEqual([expect.objectContaining({ message: expect.stringMatching(/loading .*main-only\.js threw: this module refuses to load in a worker thread/) })]);
  });
});
