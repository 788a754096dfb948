/**
 * The xstate v5 actors of the scenarios: `fromTransition` logic for counters and echo (replies go
 * out as emitted events, the v5 way to talk to a non-actor caller), and a `setup` machine with
 * `sendTo` for actor-to-actor ping-pong. xstate processes an event synchronously inside `send`.
 */
import { assign, createActor, fromTransition, sendTo, setup, type AnyActorRef } from 'xstate';
import { latch } from '../latch';

/** Counts `inc`s; read the count from the snapshot's context. */
export const counterLogic = fromTransition((n: number, _event: { type: 'inc' }) => n + 1, 0);

type EchoEvent = { type: 'echo'; id: number; value: number };
type ReplyEvent = { type: 'reply'; id: number; value: number };

/** Emits a `reply` carrying the request's id and value. */
export const echoLogic = fromTransition(
  (state: null, event: EchoEvent, scope: { emit: (e: ReplyEvent) => void }) => {
    scope.emit({ type: 'reply', id: event.id, value: event.value });
    return state;
  },
  null,
);

/** Request–reply over emitted events: one listener, promises correlated by request id. */
export class EchoClient {
  readonly actor = createActor(echoLogic).start();
  private nextId = 0;
  private readonly pending = new Map<number, (value: number) => void>();

  constructor() {
    this.actor.on('reply', (reply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply.value);
    });
  }

  ask(value: number): Promise<number> {
    const id = this.nextId++;
    return new Promise<number>((resolve) => {
      this.pending.set(id, resolve);
      this.actor.send({ type: 'echo', id, value });
    });
  }
}

type PlayerEvent = { type: 'meet'; peer: AnyActorRef } | { type: 'ball'; n: number };

/** One side of ping-pong: `sendTo` its peer until `limit`. */
export const playerMachine = setup({
  types: {
    context: {} as { peer: AnyActorRef | undefined; limit: number },
    events: {} as PlayerEvent,
    input: {} as { limit: number },
  },
  actions: {
    hit: () => {
      latch.hit();
    },
  },
}).createMachine({
  context: ({ input }) => ({ peer: undefined, limit: input.limit }),
  on: {
    meet: { actions: assign({ peer: ({ event }) => event.peer }) },
    ball: [
      {
        guard: ({ context, event }) => event.n < context.limit,
        actions: [
          'hit',
          sendTo(
            ({ context }) => context.peer!,
            ({ event }) => ({ type: 'ball' as const, n: event.n + 1 }),
          ),
        ],
      },
      { actions: 'hit' },
    ],
  },
});
