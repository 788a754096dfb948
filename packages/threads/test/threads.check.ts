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

  // Without a type argument the address is untyped and nothing is checked.
  const untyped = spawnThreaded(system, options);
  void untyped;
}

// The paths the check reports.
const paths: UncloneablePaths<Deep> = 'job.steps[].run';
const none: [UncloneablePaths<Hash>] extends [never] ? true : false = true;
void [paths, none];
