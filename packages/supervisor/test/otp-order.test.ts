import 'reflect-metadata';
import { Actor, ActorStoppedError, Handler, Message, type Addr, type Context } from '@troupe/core';
import { Child, Supervise, Supervisor, type RestartStrategy } from '@troupe/supervisor';
import { Crash, deferred, Journal, newSystem, settle, stopSystems, until } from './helpers';

afterEach(() => {
  jest.useRealTimers();
  return stopSystems();
});

/** Holds the handler until the test lets go (or forever): a sibling busy when the group restarts. */
class Hold extends Message<string> {
  constructor(readonly release: Promise<string>) {
    super();
  }
}

/**
 * A child that journals `started:<name>#<instance>` and `restarting:<name>#<instance>`, so that a
 * test can tell which instance ran when; its `restarting` may take time (`slowRestart`).
 */
let instances = 0;
@Actor()
class Member {
  private readonly instance = ++instances;
  constructor(
    readonly journal: Journal,
    readonly slowRestart?: Promise<void>,
  ) {}
  started(ctx: Context<Member>): void {
    this.journal.add(`started:${ctx.name}#${this.instance}`);
  }
  async restarting(ctx: Context<Member>): Promise<void> {
    this.journal.add(`restarting:${ctx.name}#${this.instance}`);
    await this.slowRestart;
    this.journal.add(`restarted:${ctx.name}#${this.instance}`);
  }
  @Handler(Crash) crash(m: Crash): void {
    throw m.error;
  }
  @Handler(Hold) hold(m: Hold, ctx: Context<Member>): Promise<string> {
    this.journal.add(`handled:${ctx.name}#${this.instance}`);
    return m.release;
  }
}

function tree(strategy: RestartStrategy, journal: Journal, options: { slowRestartOfC?: Promise<void>; shutdownMsOfC?: number } = {}) {
  @Actor()
  @Supervise({ strategy, maxRestarts: 5, withinMs: 60_000 })
  class Sup {
    @Child(Member, { args: [journal] }) a!: Addr<Member>;
    @Child(Member, { args: [journal] }) b!: Addr<Member>;
    @Child(Member, { args: [journal, options.slowRestartOfC], shutdownMs: options.shutdownMsOfC }) c!: Addr<Member>;
  }
  return Sup;
}

/** The journal without instance numbers, from the first restart on. */
function steps(journal: Journal): string[] {
  const from = journal.entries.findIndex((e) => e.startsWith('restarting'));
  return journal.entries
    .slice(from)
    .filter((e) => e.startsWith('restarting') || e.startsWith('started'))
    .map((e) => e.replace(/#\d+$/, ''));
}

describe('group restarts follow OTP: all old instances stop, last started first, then all start in start order', () => {
  test('one-for-all: the failed child stops, then the others in reverse start order, then all start in order', async () => {
    const journal = new Journal();
    const sup = newSystem().spawn(tree('one-for-all', journal), { name: 'sup' });
    await settle();
    await Supervisor.child<Member>(sup, 'b')!.send(new Crash()).catch(() => undefined);
    await until(() => steps(journal).length === 6, 'the group restart');
    expect(steps(journal)).toEqual(['restarting:b', 'restarting:c', 'restarting:a', 'started:a', 'started:b', 'started:c']);
  });

  test('rest-for-one: the failed child and those after it, in the same order', async () => {
    const journal = new Journal();
    const sup = newSystem().spawn(tree('rest-for-one', journal), { name: 'sup' });
    await settle();
    await Supervisor.child<Member>(sup, 'a')!.send(new Crash()).catch(() => undefined);
    await until(() => steps(journal).length === 6, 'the group restart');
    expect(steps(journal)).toEqual(['restarting:a', 'restarting:c', 'restarting:b', 'started:a', 'started:b', 'started:c']);
  });

  test('no new instance starts while a sibling’s old instance still handles a message; that message completes', async () => {
    const journal = new Journal();
    const sup = newSystem().spawn(tree('one-for-all', journal), { name: 'sup' });
    await settle();
    const release = deferred<string>();
    const busy = Supervisor.child<Member>(sup, 'c')!.send(new Hold(release.promise), { timeoutMs: Infinity });
    await settle();
    await Supervisor.child<Member>(sup, 'a')!.send(new Crash()).catch(() => undefined);
    await settle();
    // a has stopped; c is busy, so it has not stopped yet, and nothing has started again.
    expect(steps(journal)).toEqual(['restarting:a']);
    release.resolve('done');
    expect(await busy).toBe('done'); // its old instance finished the message: stopped, not cut short
    await until(() => steps(journal).length === 6, 'the group restart');
    expect(steps(journal)).toEqual(['restarting:a', 'restarting:c', 'restarting:b', 'started:a', 'started:b', 'started:c']);
  });

  test('a sibling still busy after its shutdownMs is cut loose: its request rejects, then the group starts', async () => {
    jest.useFakeTimers();
    const journal = new Journal();
    const sup = newSystem().spawn(tree('one-for-all', journal, { shutdownMsOfC: 1000 }), { name: 'sup' });
    await settle();
    const never = new Promise<string>(() => undefined);
    const stuck = Supervisor.child<Member>(sup, 'c')!.send(new Hold(never), { timeoutMs: Infinity });
    const outcome = stuck.catch((e: unknown) => e);
    await settle();
    await Supervisor.child<Member>(sup, 'a')!.send(new Crash()).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(999);
    expect(steps(journal)).toEqual(['restarting:a']);
    await jest.advanceTimersByTimeAsync(1);
    await until(() => steps(journal).length === 6, 'the group restart');
    expect(await outcome).toBeInstanceOf(ActorStoppedError);
    expect(steps(journal)).toEqual(['restarting:a', 'restarting:c', 'restarting:b', 'started:a', 'started:b', 'started:c']);
  });

  test('a sibling whose restarting hook takes time holds back every start until it is done', async () => {
    const journal = new Journal();
    const slow = deferred();
    const sup = newSystem().spawn(tree('one-for-all', journal, { slowRestartOfC: slow.promise }), { name: 'sup' });
    await settle();
    await Supervisor.child<Member>(sup, 'b')!.send(new Crash()).catch(() => undefined);
    await settle();
    expect(steps(journal)).toEqual(['restarting:b', 'restarting:c']);
    slow.resolve();
    await until(() => steps(journal).length === 6, 'the group restart');
    expect(steps(journal)).toEqual(['restarting:b', 'restarting:c', 'restarting:a', 'started:a', 'started:b', 'started:c']);
  });

  test('messages sent to a sibling after the failure are handled by its new instance, never the old one', async () => {
    const journal = new Journal();
    const sup = newSystem().spawn(tree('one-for-all', journal), { name: 'sup' });
    await settle();
    const c = Supervisor.child<Member>(sup, 'c')!;
    await Supervisor.child<Member>(sup, 'a')!.send(new Crash()).catch(() => undefined);
    const reply = await c.send(new Hold(Promise.resolve('handled')));
    expect(reply).toBe('handled');
    const cEntries = journal.entries.filter((e) => e.includes(':c#'));
    // c's first instance started and was restarted; the second started and handled the message.
    expect(cEntries.map((e) => e.replace(/#\d+$/, ''))).toEqual(['started:c', 'restarting:c', 'restarted:c', 'started:c', 'handled:c']);
    expect(cEntries[4].split('#')[1]).toBe(cEntries[3].split('#')[1]);
  });
});
