/**
 * Compile-time tests: `npx tsc -p tsconfig.json` must accept this file. Each `@ts-expect-error`
 * proves that the type checker refuses what it annotates; if a refusal ever stops, tsc fails with
 * "Unused '@ts-expect-error' directive".
 */
import { Actor, ActorSystem, Handler, Message, type Addr, type Context } from '@troupe/core';
import { spawnThreaded, transfer, type UncloneablePaths } from '@troupe/threads';

class Hash extends Message<string> {
  constructor(
    readonly password: string,
    readonly salt: Uint8Array,
    readonly rounds: { n: number; r: number; tags: string[]; at: Date },
  ) {
    super();
  }
}
class Count extends Message<number> {}

@Actor()
class Hasher {
  @Handler(Hash) hash(m: Hash): string {
    return m.password;
  }
  @Handler(Count) count(_: Count): number {
    return 1;
  }
}

class Notify extends Message<void> {
  constructor(readonly onDone: () => void) {
    super();
  }
}
class Deep extends Message<void> {
  constructor(readonly job: { steps: Array<{ run: (x: number) => number }> }) {
    super();
  }
}
class Tagged extends Message<void> {
  constructor(readonly tag: symbol) {
    super();
  }
}

@Actor()
class Callbacks {
  @Handler(Hash) hash(m: Hash): string {
    return m.password;
  }
  @Handler(Notify) notify(m: Notify): void {
    m.onDone();
  }
}

@Actor()
class DeepCallbacks {
  @Handler(Deep) deep(_: Deep): void {}
}

@Actor()
class Symbols {
  @Handler(Tagged) tagged(_: Tagged): void {}
}

/** A plain class nested in a message: its methods stay behind too (it arrives as a plain object). */
class Span {
  constructor(
    readonly from: number,
    readonly to: number,
  ) {}
  length(): number {
    return this.to - this.from;
  }
}

/** Methods (with and without parameters, generic, overloaded, optional) and getters: all fine. */
class Described extends Message<string> {
  constructor(
    readonly data: string,
    readonly span: Span,
  ) {
    super();
  }
  describe(): string {
    return this.data;
  }
  withPrefix(prefix: string): string {
    return prefix + this.data;
  }
  pick<T>(choices: readonly T[]): T {
    return choices[this.data.length % choices.length];
  }
  cut(at: number): string;
  cut(at: string): string;
  cut(at: number | string): string {
    return this.data.slice(0, typeof at === 'number' ? at : at.length);
  }
  hint?(verbose: boolean): string;
  get size(): number {
    return this.data.length;
  }
}

/** Functions in fields, beside methods. */
class WithCallback extends Message<void> {
  readonly callback = (): number => 1;
  describe(): string {
    return 'with a callback';
  }
}
class WithProgress extends Message<void> {
  onProgress: (done: number) => void = () => undefined;
}
class WithOptionalHandler extends Message<void> {
  constructor(readonly onError?: (error: Error) => void) {
    super();
  }
}
/** What the check cannot see: a mutable field holding a function of no parameters looks like a method. */
class WithMutableThunk extends Message<void> {
  onDone: () => void = () => undefined;
}

@Actor()
class Describer {
  @Handler(Described) describe(m: Described): string {
    return m.describe() + m.span.length();
  }
}

@Actor()
class CallbackField {
  @Handler(WithCallback) run(m: WithCallback): void {
    m.callback();
  }
}

@Actor()
class ProgressField {
  @Handler(WithProgress) run(m: WithProgress): void {
    m.onProgress(1);
  }
}

@Actor()
class OptionalHandlerField {
  @Handler(WithOptionalHandler) run(_: WithOptionalHandler): void {}
}

const options = { module: '/abs/hasher.js', export: 'Hasher', threads: 2 };

export async function typedAddress(system: ActorSystem, ctx: Context<Hasher>): Promise<void> {
  const hasher: Addr<Hasher> = spawnThreaded<Hasher>(system, options);
  const digest: string = await hasher.send(new Hash('pw', new Uint8Array(16), { n: 1, r: 8, tags: [], at: new Date() }));
  const n: number = await hasher.send(new Count());
  await hasher.send(transfer(new Count(), [new ArrayBuffer(8)]));

  // @ts-expect-error the reply of Count is a number, not a string
  const wrong: string = await hasher.send(new Count());

  // @ts-expect-error no handler of Hasher takes Notify
  await hasher.send(new Notify(() => undefined));

  const child: Addr<Hasher> = spawnThreaded<Hasher>(ctx, options); // as a child of an actor
  void [digest, n, wrong, child];
}

export function functionsAreRefused(system: ActorSystem): void {
  // @ts-expect-error Notify holds a function (onDone): it cannot cross to a worker thread
  spawnThreaded<Callbacks>(system, options);

  // @ts-expect-error Deep holds a function deep inside (job.steps[].run)
  spawnThreaded<DeepCallbacks>(system, options);

  // @ts-expect-error Tagged holds a symbol
  spawnThreaded<Symbols>(system, options);

  // @ts-expect-error WithCallback holds a function in a readonly field (callback); its method is fine
  spawnThreaded<CallbackField>(system, options);

  // @ts-expect-error WithProgress holds a function of one parameter in a mutable field (onProgress)
  spawnThreaded<ProgressField>(system, options);

  // @ts-expect-error WithOptionalHandler may hold a function (onError), a readonly constructor parameter
  spawnThreaded<OptionalHandlerField>(system, options);

  // Without a type argument the address is untyped and nothing is checked.
  const untyped = spawnThreaded(system, options);
  void untyped;
}

export async function methodsAreFine(system: ActorSystem): Promise<void> {
  const describer: Addr<Describer> = spawnThreaded<Describer>(system, options);
  const text: string = await describer.send(new Described('data', new Span(0, 4)));
  void text;
}

// The paths the check reports.
const paths: UncloneablePaths<Deep> = 'job.steps[].run';
const none: [UncloneablePaths<Hash>] extends [never] ? true : false = true;
const methods: [UncloneablePaths<Described>] extends [never] ? true : false = true;
const callback: UncloneablePaths<WithCallback> = 'callback';
const progress: UncloneablePaths<WithProgress> = 'onProgress';
// The gap: refused at the call instead (InvalidMessageError naming .onDone).
const thunk: [UncloneablePaths<WithMutableThunk>] extends [never] ? true : false = true;
void [paths, none, methods, callback, progress, thunk];
