/**
 * The comedy actors of the scenarios: class-defined actors (each method a message handler) created
 * with `createChild` in comedy's default, in-process "in-memory" mode; `send` for fire-and-forget,
 * `sendAndReceive` for request–reply, as comedy's README does.
 *
 * comedy is loaded on first use, so that the other libraries' processes never load it (it brings
 * bluebird, babel-polyfill and a toobusy-js timer with it).
 */
import type { Actor, ActorRef, ActorSystem } from 'comedy';
import { latch } from '../latch';

/** A fresh, silent actor system and its root actor. */
export async function comedySystem(): Promise<{ system: ActorSystem; root: Actor }> {
  const comedy = require('comedy') as typeof import('comedy');
  const system = comedy.createSystem({});
  const log = system.getLog();
  log.setLevel(log.levels().Silent);
  return { system, root: await system.rootActor() };
}

/** Counts `inc`s; `get` replies with the count. */
export class ComedyCounter {
  private n = 0;

  inc(): void {
    this.n++;
  }

  get(): number {
    return this.n;
  }
}

/** A counter that also hits the shared latch on each `inc`. */
export class ComedyWorker {
  private n = 0;

  inc(): void {
    this.n++;
    latch.hit();
  }

  get(): number {
    return this.n;
  }
}

/** Replies with the value it was sent. */
export class ComedyEcho {
  echo(value: number): number {
    return value;
  }
}

/** One side of ping-pong: learns its peer from `meet`, returns the ball until `limit`. */
export class ComedyPlayer {
  private peer: ActorRef | undefined = undefined;
  private limit = 0;

  meet(peer: ActorRef, limit: number): void {
    this.peer = peer;
    this.limit = limit;
  }

  ball(n: number): void {
    latch.hit();
    if (n < this.limit) void this.peer!.send('ball', n + 1);
  }
}

/**
 * Spawns `count` workers as its own children (only an actor can create actors in comedy), sends
 * each one `inc`, and replies with their references. `spawn` uses one group per 1,000 actors: comedy
 * removes a destroyed child from its parent's list by copying the list, so destroying 100,000
 * children of one parent takes minutes (quadratic), outside the timed part but after every run.
 */
export class ComedyGroup {
  private self: Actor | undefined = undefined;

  initialize(self: Actor): void {
    this.self = self;
  }

  async spawn(count: number): Promise<ActorRef[]> {
    const children: ActorRef[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const child = await this.self!.createChild(ComedyWorker);
      void child.send('inc');
      children[i] = child;
    }
    return children;
  }
}
