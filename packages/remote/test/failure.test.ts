import 'reflect-metadata';
import { Actor, ActorStoppedError, Handler, Terminated, type ActorRef, type Context } from '@troupe/core';
import { Registry } from '@troupe/registry';
import { NodeDownError, type DownMember } from '@troupe/remote';
import { Account, Deposit, eventually, Fail, serverForFile, Slow, startChildNode, startNode } from './support';

const server = serverForFile();

/** Watches what it is given and keeps the `Terminated` messages it gets. */
@Actor()
class Watcher {
  constructor(
    private readonly target: ActorRef,
    private readonly got: Terminated[],
  ) {}
  started(ctx: Context<Watcher>): void {
    ctx.watch(this.target);
  }
  @Handler(Terminated) terminated(t: Terminated): void {
    this.got.push(t);
  }
}

describe('a node in another process is lost', () => {
  test('SIGKILL: pending sends reject with NodeDownError at once, watchers get Terminated, its names go', async () => {
    const child = startChildNode(server.url, 'doomed', { heartbeatMs: 100 });
    await child.ready;
    const a = await startNode(server.url, 'a', { heartbeatMs: 100 });
    const downs: DownMember[] = [];
    a.node.events.on('node:down', (d) => downs.push(d));
    const acct = await a.node.waitFor<Account>('acct-doomed', { timeoutMs: 3000 });
    expect(await acct.send(new Deposit(1))).toBe(1);
    const got: Terminated[] = [];
    a.system.spawn(Watcher, { args: [acct, got] });
    await eventually(() => a.node.members().some((m) => m.node === 'doomed'), 'a to hear the child');
    const pending = acct.send(new Slow(60_000), { timeoutMs: 60_000 });
    const pendingTell = acct.tell(new Deposit(1));
    await pendingTell; // accepted before the kill
    const killedAt = Date.now();
    child.process.kill('SIGKILL');
    const error = await pending.catch((e: unknown) => e);
    const after = Date.now() - killedAt;
    expect(error).toBeInstanceOf(NodeDownError);
    expect((error as NodeDownError).node).toBe('doomed');
    expect((error as NodeDownError).actor).toBe('troupe://test@doomed/user/acct');
    expect(after).toBeGreaterThanOrEqual(150); // three heartbeats (100 ms) after the last one heard, which came before the kill
    expect(after).toBeLessThan(2000); // not the send's 60 s timeout
    await eventually(() => got.length === 1, 'Terminated');
    expect(got[0].actor).toBe(acct);
    expect(got[0].cause).toBeInstanceOf(NodeDownError);
    expect(acct.isAlive).toBe(false);
    expect(downs.map((d) => [d.node, d.reason])).toEqual([['doomed', 'unheard for 3 heartbeats (300 ms)']]);
    expect(a.node.members().map((m) => m.node)).toEqual(['a']);
    expect(Registry.of(a.system).lookup('acct-doomed')).toBeUndefined();
    expect(await a.node.lookup('acct-doomed')).toBeUndefined(); // deleted from the store by a survivor
    await expect(acct.send(new Deposit(1))).rejects.toBeInstanceOf(ActorStoppedError);
  });

  test('a node that stops cleanly says so: it is down at once, not after three heartbeats', async () => {
    const child = startChildNode(server.url, 'polite', { heartbeatMs: 1000 });
    await child.ready;
    const a = await startNode(server.url, 'a', { heartbeatMs: 1000 });
    const acct = await a.node.waitFor<Account>('acct-polite', { timeoutMs: 3000 });
    await eventually(() => a.node.members().some((m) => m.node === 'polite'), 'a to hear the child');
    const downs: DownMember[] = [];
    a.node.events.on('node:down', (d) => downs.push(d));
    const pending = acct.send(new Slow(60_000), { timeoutMs: 60_000 }).catch((e: unknown) => e);
    const stoppedAt = Date.now();
    child.process.kill('SIGTERM');
    await eventually(() => downs.length === 1, 'node:down');
    expect(Date.now() - stoppedAt).toBeLessThan(1500); // three heartbeats would be 3000 ms
    expect(downs[0].reason).toBe('it left the cluster');
    expect(await pending).toBeInstanceOf(NodeDownError);
    expect(await a.node.lookup('acct-polite')).toBeUndefined(); // it released its name as it left
  });

  test('a node restarted under the same name is a new incarnation: old addresses are dead, new lookups work', async () => {
    const first = startChildNode(server.url, 'phoenix', { heartbeatMs: 100 });
    await first.ready;
    const a = await startNode(server.url, 'a', { heartbeatMs: 100 });
    const old = await a.node.waitFor<Account>('acct-phoenix', { timeoutMs: 3000 });
    expect(await old.send(new Deposit(5))).toBe(5);
    first.process.kill('SIGKILL');
    await first.exited;
    const second = startChildNode(server.url, 'phoenix', { heartbeatMs: 100 });
    await second.ready; // it claimed its name again: the stale entry of its earlier life was replaced
    await eventually(() => !old.isAlive, 'the old address to end');
    await expect(old.send(new Deposit(1))).rejects.toBeInstanceOf(ActorStoppedError);
    const fresh = await a.node.waitFor<Account>('acct-phoenix', { timeoutMs: 3000 });
    expect(fresh).not.toBe(old);
    expect(await fresh.send(new Deposit(1))).toBe(1); // a new account
  });
});

@Actor({ onFailure: () => 'stop' })
class Fragile {
  @Handler(Fail) fail(m: Fail): void {
    throw new TypeError(m.kind);
  }
}

describe('watching remote actors on live nodes', () => {
  test('a remote actor stopped by its failure: Terminated with that failure as cause, of its class', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    await a.node.expose('fragile', a.system.spawn(Fragile, { name: 'fragile' }));
    const fragile = await b.node.waitFor<Fragile>('fragile', { timeoutMs: 2000 });
    const got: Terminated[] = [];
    b.system.spawn(Watcher, { args: [fragile, got] });
    await new Promise((r) => setTimeout(r, 50)); // the watch travels
    await expect(fragile.send(new Fail('broken'))).rejects.toBeInstanceOf(TypeError);
    await eventually(() => got.length === 1, 'Terminated');
    expect(got[0].actor).toBe(fragile);
    expect(got[0].cause).toBeInstanceOf(TypeError);
    expect((got[0].cause as Error).message).toBe('broken');
  });

  test('Terminated when a remote actor stops; stop() and kill() reach the remote actor', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    const failing = a.system.spawn(Account, { name: 'failing' });
    const quiet = a.system.spawn(Account, { name: 'quiet' });
    await a.node.expose('failing', failing);
    await a.node.expose('quiet', quiet);
    const rf = await b.node.waitFor<Account>('failing', { timeoutMs: 2000 });
    const rq = await b.node.waitFor<Account>('quiet', { timeoutMs: 2000 });
    const got: Terminated[] = [];
    b.system.spawn(Watcher, { args: [rf, got] });
    b.system.spawn(Watcher, { args: [rq, got] });
    await new Promise((r) => setTimeout(r, 50)); // the watches travel
    await rq.stop(); // resolves once a reports the actor stopped
    expect(quiet.isAlive).toBe(false);
    await rf.kill();
    expect(failing.isAlive).toBe(false);
    await eventually(() => got.length === 2, 'two Terminated');
    expect(got.map((t) => t.actor)).toEqual([rq, rf]);
  });
});
