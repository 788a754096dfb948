/** The nact actors of the scenarios, written as nact's docs do: functions of (state, msg, ctx). */
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

export type PlayerMsg = { type: 'meet'; peer: Ref<PlayerMsg> } | { type: 'ball'; n: number };
type PlayerState = { peer: Ref<PlayerMsg> | undefined };

/** One side of ping-pong: returns the ball to its peer until `limit`. */
export function nactPlayer(parent: Ref<unknown>, name: string, limit: number): Ref<PlayerMsg> {
  return spawn(
    parent,
    (state: PlayerState, msg: PlayerMsg): PlayerState => {
      if (msg.type === 'meet') return { peer: msg.peer };
      latch.hit();
      if (msg.n < limit) dispatch(state.peer!, { type: 'ball', n: msg.n + 1 });
      return state;
    },
    name,
    { initialState: { peer: undefined } },
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
