import 'reflect-metadata';
import { Actor, Handler, Message, Wire, type ActorSystem, type Context } from '@troupe/core';
import { Remote, type RemoteOptions } from '@troupe/remote';
import { newSystem } from '../../../test-support/system';

export { deferred, newSystem, settle, stopSystems, until } from '../../../test-support/system';
export { startNatsServer, type NatsServer } from '../../../test-support/nats-server';
import { startNatsServer, type NatsServer } from '../../../test-support/nats-server';
import { stopSystems } from '../../../test-support/system';

const nodes: Remote[] = [];

/** A node of cluster `test` on `url` with a 100 ms heartbeat, stopped by {@link stopNodes}. */
export async function startNode(url: string, node: string, options: RemoteOptions = {}, system: ActorSystem = newSystem()): Promise<{ system: ActorSystem; node: Remote }> {
  const remote = await Remote.start(system, { servers: url, cluster: 'test', node, heartbeatMs: 100, ...options });
  nodes.push(remote);
  return { system, node: remote };
}

/** Stops every node {@link startNode} made (before the systems are shut down). */
export async function stopNodes(): Promise<void> {
  await Promise.all(nodes.splice(0).map((n) => n.stop()));
}

/** Waits until `node` sees every one of `names` as a live member. */
export async function seeEachOther(...all: Remote[]): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const ok = all.every((n) => all.every((m) => n.members().some((x) => x.node === m.node)));
    if (ok) return;
    if (Date.now() > deadline) throw new Error('nodes did not see each other within 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function eventually(predicate: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// ---- messages and actors shared by the tests -------------------------------------------------

@Wire('test.Deposit')
export class Deposit extends Message<number> {
  constructor(readonly amount: number) {
    super();
  }
}

@Wire('test.Note')
export class Note extends Message<void> {
  constructor(readonly text: string) {
    super();
  }
}

@Wire('test.Notes')
export class Notes extends Message<string[]> {}

@Wire('test.Fail')
export class Fail extends Message<void> {
  constructor(readonly kind: string) {
    super();
  }
}

@Wire('test.Slow')
export class Slow extends Message<string> {
  constructor(readonly ms: number) {
    super();
  }
}

@Wire('test.Balance')
export class Balance {
  constructor(
    readonly amount: number,
    readonly at: Date,
  ) {}

  describe(): string {
    return `${this.amount} at ${this.at.toISOString()}`;
  }
}

@Wire('test.GetBalance')
export class GetBalance extends Message<Balance> {}

@Wire('test.Overdrawn')
export class Overdrawn extends Error {
  constructor(readonly shortBy: number) {
    super(`overdrawn by ${shortBy}`);
    this.name = 'Overdrawn';
  }
}

/** An account that keeps a balance and a log of notes. */
@Actor()
export class Account {
  balance = 0;
  notes: string[] = [];

  @Handler(Deposit) deposit(m: Deposit): number {
    if (this.balance + m.amount < 0) throw new Overdrawn(-(this.balance + m.amount));
    this.balance += m.amount;
    return this.balance;
  }

  @Handler(Note) note(m: Note): void {
    this.notes.push(m.text);
  }

  @Handler(Notes) all(): string[] {
    return this.notes;
  }

  @Handler(GetBalance) get(): Balance {
    return new Balance(this.balance, new Date(0));
  }

  @Handler(Fail) fail(m: Fail, ctx: Context<Account>): void {
    if (m.kind === 'type') throw new TypeError('bad type');
    if (m.kind === 'unknown') throw new (class Weird extends Error {})('weird');
    if (m.kind === 'stop') ctx.stop();
    throw new Error(m.kind);
  }

  @Handler(Slow) async slow(m: Slow): Promise<string> {
    await new Promise((r) => setTimeout(r, m.ms));
    return `slept ${m.ms}`;
  }
}

// ---- a node in a child process ------------------------------------------------------------------

import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';

export interface ChildNode {
  readonly process: ChildProcess;
  /** Resolves once the node has joined and exposed its actors. */
  readonly ready: Promise<void>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** What it wrote to stderr. */
  stderr(): string;
}

const children: ChildProcess[] = [];

/**
 * Starts `test/fixtures/node.js` as node `name` (its actors: `acct-<name>`, `echo-<name>-<i>`), or
 * another fixture (`fixture`, such as `sharding-node.js`, whose arguments are the same but `echoes`).
 */
export function startChildNode(
  url: string,
  name: string,
  options: { heartbeatMs?: number; echoes?: number; cluster?: string; fixture?: string } = {},
): ChildNode {
  const child = spawnProcess(
    process.execPath,
    [resolvePath(__dirname, 'fixtures', options.fixture ?? 'node.js'), url, options.cluster ?? 'test', name, String(options.heartbeatMs ?? 100), String(options.echoes ?? 0)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(`ready ${name}`)) resolve();
    });
    void exited.then(() => reject(new Error(`node ${name} exited before it was ready:\n${err}`)));
  });
  ready.catch(() => undefined);
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { process: child, ready, exited, stderr: () => err };
}

/** Kills every child node still running (use in afterEach/afterAll). */
export async function killChildren(): Promise<void> {
  await Promise.all(
    children.splice(0).map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return exited;
    }),
  );
}

/**
 * One nats-server for the test file: started before its tests, stopped after them. After each
 * test, the child nodes it forked are killed and its nodes and systems stopped; then
 * `afterEachTest` runs. The server is read through the returned object inside tests.
 */
export function serverForFile(afterEachTest?: () => void): NatsServer {
  let server: NatsServer | undefined;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(() => server?.stop());
  afterEach(async () => {
    await killChildren();
    await stopNodes();
    await stopSystems();
    afterEachTest?.();
  });
  const current = (): NatsServer => {
    if (server === undefined) throw new Error('the test file’s nats-server is read before it started (read it inside a test)');
    return server;
  };
  return {
    get url() {
      return current().url;
    },
    get port() {
      return current().port;
    },
    halt: () => current().halt(),
    start: () => current().start(),
    stop: () => current().stop(),
  };
}
