/**
 * The xstate v5 actors of the scenarios, in the forms xstate's docs give for a long-lived actor
 * that handles events: `fromCallback` logic (https://stately.ai/docs/callback-actors), which
 * `receive`s each event and "can send events ... to other actors it has reference to", and, for
 * the counters of `spawn`, `fromTransition` logic (https://stately.ai/docs/transition-actors), the
 * reducer form, which is quicker to create and smaller. No state machines: a machine runs the
 * statechart algorithm (transition selection, eventless transitions, entry and exit sets, a new
 * snapshot) on every event, about 3 µs an event here, which the scenarios do not need.
 *
 * A reply goes to the reference the request carries, as the docs' "Sending Responses" section
 * does with `event.sender`; the caller here is not an actor, so the reference is its promise's
 * `resolve`. xstate handles an event synchronously inside `send`.
 */
import { createActor, fromCallback, fromTransition, type AnyActorRef } from 'xstate';
import { latch } from '../latch';

/** A request for the count: the actor calls `reply` with it. */
export type GetEvent = { type: 'get'; reply: (count: number) => void };
export type CounterEvent = { type: 'inc' } | GetEvent;

function counter(signal: boolean) {
  return fromCallback<CounterEvent>(({ receive }) => {
    let count = 0;
    receive((event) => {
      if (event.type === 'inc') {
        count++;
        if (signal) latch.hit();
      } else {
        event.reply(count);
      }
    });
  });
}

/** Counts `inc`s; `get` replies with the count. */
export const counterLogic = counter(false);
/** The same, hitting the latch on each `inc`. */
export const workerLogic = counter(true);

/** Asks a counter for its count. */
export function countOf(actor: AnyActorRef): Promise<number> {
  return new Promise((reply) => actor.send({ type: 'get', reply } satisfies GetEvent));
}

/** A counter as a reducer (`spawn`): hits the latch on each `inc`; the count is the snapshot's context. */
export const reducerWorkerLogic = fromTransition((count: number, _event: { type: 'inc' }) => {
  latch.hit();
  return count + 1;
}, 0);

type EchoEvent = { type: 'echo'; value: number; reply: (value: number) => void };

/** Replies with the value it was sent. */
export const echoLogic = fromCallback<EchoEvent>(({ receive }) => {
  receive((event) => event.reply(event.value));
});

/** A request–reply: the reply resolves the promise. */
export function ask(echo: AnyActorRef, value: number): Promise<number> {
  return new Promise((reply) => echo.send({ type: 'echo', value, reply } satisfies EchoEvent));
}

/** Starts an echo actor. */
export function startEcho() {
  return createActor(echoLogic).start();
}

type PlayerEvent = { type: 'meet'; peer: AnyActorRef } | { type: 'ball'; n: number };

/** One side of ping-pong: learns its peer from `meet`, returns the ball until `input.limit`. */
export const playerLogic = fromCallback<PlayerEvent, { limit: number }>(({ receive, input }) => {
  let peer: AnyActorRef | undefined;
  receive((event) => {
    if (event.type === 'meet') {
      peer = event.peer;
      return;
    }
    latch.hit();
    if (event.n < input.limit) peer!.send({ type: 'ball', n: event.n + 1 });
  });
});
