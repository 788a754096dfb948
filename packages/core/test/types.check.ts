/**
 * Compile-time tests: `npm run typecheck` (tsc --noEmit) must accept this file. Each
 * `@ts-expect-error` line proves that the type checker refuses what it annotates; if the refusal
 * ever stops, tsc fails with "Unused '@ts-expect-error' directive".
 */
import { Actor, ActorRef, ActorSystem, Addr, Handler, Message, Recipient } from '@troupe/core';

class Increment extends Message<void> {}
class GetCount extends Message<number> {}
class GetName extends Message<string> {
  constructor(readonly prefix: string) {
    super();
  }
}
class Unrelated extends Message<boolean> {
  constructor(readonly flag: boolean) {
    super();
  }
}

@Actor()
class Counter {
  private value = 0;
  @Handler() increment(_: Increment): void {
    this.value += 1;
  }
  @Handler() get(_: GetCount): number {
    return this.value;
  }
  @Handler(GetName) async name(m: GetName): Promise<string> {
    return `${m.prefix}counter`;
  }
}

export async function typedReplies(system: ActorSystem): Promise<void> {
  const counter: Addr<Counter> = system.spawn(Counter);
  const n: number = await counter.send(new GetCount());
  const s: string = await counter.send(new GetName('x'));
  await counter.tell(new Increment());
  counter.doSend(new Increment());
  counter.trySend(new Increment());

  // @ts-expect-error the reply of GetCount is a number, not a string
  const wrong: string = await counter.send(new GetCount());

  // @ts-expect-error no handler of Counter takes Unrelated
  await counter.send(new Unrelated(true));

  // @ts-expect-error no handler of Counter takes Unrelated
  counter.doSend(new Unrelated(true));

  // @ts-expect-error a plain object is not a message
  await counter.tell({ kind: 'increment' });

  // @ts-expect-error null is not a message
  counter.doSend(null);

  const r: Recipient<GetCount> = counter.recipient(GetCount);
  const m: number = await r.send(new GetCount());

  // @ts-expect-error constructor arguments are checked: Counter takes none... of type string
  system.spawn(Greeter, { args: [42] });
  system.spawn(Greeter, { args: ['hello'] });

  void [n, s, wrong, m];
}

@Actor()
class Greeter {
  constructor(readonly greeting: string) {}
}

export class WrongReply {
  // @ts-expect-error a GetCount handler must return a number
  @Handler() get(_: GetCount): string {
    return 'not a number';
  }
}

// ---- second release: variance, handlers without a parameter, spawn args ----------------------

class Ping extends Message<string> {}
class Log extends Message<void> {
  constructor(readonly line: string) {
    super();
  }
}

@Actor()
class Pinger {
  @Handler(Ping) ping(): string {
    return 'pong';
  }
  @Handler(GetCount) async count(): Promise<number> {
    return 1;
  }
}

@Actor()
class Logger {
  @Handler() log(_: Log): void {}
}

export class WrongBareReply {
  // @ts-expect-error a handler declared without its parameter is still held to the reply type
  @Handler(Ping) ping(): number {
    return 1;
  }
}

class TwoArgs {
  constructor(
    readonly n: number,
    readonly s: string,
  ) {}
}

export async function secondRelease(system: ActorSystem, pinger: Addr<Pinger>, counter: Addr<Counter>): Promise<void> {
  // Addr<A> is an Addr<unknown> and an ActorRef: collections of mixed actors hold them.
  const anyAddr: Addr<unknown> = counter;
  const refs: ActorRef[] = [counter, pinger];
  const mixed: Addr<unknown>[] = [counter, pinger];
  // @ts-expect-error but never an address of another actor type
  const wrongActor: Addr<Logger> = counter;

  // A handler declared without its message parameter types the reply.
  const pong: string = await pinger.send(new Ping());
  const n: number = await pinger.send(new GetCount());
  // @ts-expect-error the reply of Ping is a string
  const notPong: number = await pinger.send(new Ping());
  // @ts-expect-error Pinger has no handler that takes Log
  await pinger.tell(new Log('x'));

  // spawn args are a tuple checked against the constructor's parameters.
  system.spawn(Greeter, { args: ['hi'] });
  // @ts-expect-error the arguments are (number, string)
  system.spawn(TwoArgsActor, { args: ['x', 1] });
  system.spawn(TwoArgsActor, { args: [1, 'x'] });
  const args = [1, 'x'] as const;
  system.spawn(TwoArgsActor, { args: [...args] });

  void [anyAddr, refs, mixed, wrongActor, pong, n, notPong];
}

@Actor()
class TwoArgsActor extends TwoArgs {}
