/**
 * The nact actors of the scenarios, written as nact's docs do: functions of (state, msg, ctx) with
 * `spawn` where the actor keeps state (the counters), `spawnStateless` functions of (msg, ctx)
 * where it keeps none (echo, ping-pong).
 */
import { dispatch, spawn, spawnStateless, type Ref } from 'nact';
import { latch } from '../latch';

export type CounterMsg = { type: 'inc' } | { type: 'get'; sender: Ref<number> };

function counter(state: number, msg: CounterMsg): number {
  if (msg.type === 'inc') return state + 1;
  dispatch(msg.sender, state);
  return state;
}

function worker(state: number, msg: CounterMsg): number {
  if (msg.type === 'inc') {
    latch.hit();
    return state + 1;
  }
  dispatch(msg.sender, state);
  return state;
}

/** Counts `inc`s; `get` replies to its sender with the count. With `signal`, hits the latch. */
export function nactCounter(parent: Ref<unknown>, name: string, signal = false): Ref<CounterMsg> {
  return spawn(parent, signal ? worker : counter, name, { initialState: 0 });
}

export type EchoMsg = { value: number; sender: Ref<number> };

const echo = (msg: EchoMsg): void => dispatch(msg.sender, msg.value);

export function nactEcho(parent: Ref<unknown>, name: string): Ref<EchoMsg> {
  return spawnStateless(parent, echo, name);
}

export type BallMsg = { n: number; sender: Ref<BallMsg> };

/**
 * One side of ping-pong, stateless: it returns the ball to the sender the message names (nact's
 * typings: "include the sender as part of the message protocol"), signed with its own reference.
 */
export function nactPlayer(parent: Ref<unknown>, name: string, limit: number): Ref<BallMsg> {
  return spawnStateless(
    parent,
    (msg: BallMsg, ctx): void => {
      latch.hit();
      if (msg.n < limit) dispatch(msg.sender, { n: msg.n + 1, sender: ctx.self });
    },
    name,
  );
}

export type FragileMsg = { type: 'fail' };

/**
 * A child that throws on every message, under a parent, with nact's `reset` (restart) policy: each
 * state initialisation (the first and one per restart) hits the latch.
 */
export function nactFragile(parent: Ref<unknown>, name: string): Ref<FragileMsg> {
  return spawn(
    parent,
    (): number => {
      throw FAILURE;
    },
    name,
    {
      initialStateFunc: () => {
        latch.hit();
        return 0;
      },
      onCrash: (_msg, _error, ctx) => ctx.reset,
    },
  );
}

const FAILURE = new Error('bench: planned failure');
