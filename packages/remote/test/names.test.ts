import 'reflect-metadata';
import { Actor, Handler, Message, TimeoutError, Wire, type Addr } from '@troupe/core';
import { NameTakenError, Registry } from '@troupe/registry';
import { RemoteAddr } from '@troupe/remote';
import { Account, Deposit, eventually, serverForFile, startNode } from './support';

const server = serverForFile();

@Wire('names.WhoAreYou')
class WhoAreYou extends Message<string> {}

@Actor()
class Worker {
  constructor(private readonly label: string) {}
  @Handler(WhoAreYou) who(): string {
    return this.label;
  }
}

describe('cluster-wide names', () => {
  test('of nodes racing for one name exactly one wins; the others get NameTakenError naming the holder', async () => {
    const nodes = await Promise.all(['a', 'b', 'c'].map((n) => startNode(server.url, n)));
    const results = await Promise.allSettled(nodes.map(({ system, node }) => node.expose('leader', system.spawn(Account, { name: 'acct' }))));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(2);
    const winner = nodes[results.findIndex((r) => r.status === 'fulfilled')].node.node;
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(NameTakenError);
      expect((r.reason as NameTakenError).holder).toBe(`troupe://test@${winner}/user/acct`);
    }
  });

  test('a name is released when its actor stops, and can then be taken by another node', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    const acct = a.system.spawn(Account);
    await a.node.expose('accounts', acct);
    const remote = await b.node.waitFor<Account>('accounts', { timeoutMs: 2000 });
    await expect(b.node.expose('accounts', b.system.spawn(Account))).rejects.toBeInstanceOf(NameTakenError);
    await acct.stop();
    await remote.stopped;
    await eventually(() => Registry.of(b.system).lookup('accounts') === undefined, 'the name to leave b');
    expect(await b.node.lookup('accounts')).toBeUndefined();
    const mine = b.system.spawn(Account);
    await b.node.expose('accounts', mine);
    expect(await b.node.lookup('accounts')).toBe(mine);
    await eventually(() => Registry.of(a.system).lookup('accounts') !== undefined, 'a to see the name');
    expect(a.node.unexpose('accounts')).toBe(false); // b's, not a's
    expect(b.node.unexpose('accounts')).toBe(true);
    await eventually(() => Registry.of(a.system).lookup('accounts') === undefined, 'the name to leave a');
  });

  test('a node that stops releases its names; waitFor times out with TimeoutError', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    await a.node.expose('gone-soon', a.system.spawn(Account));
    await b.node.waitFor('gone-soon', { timeoutMs: 2000 });
    await a.node.stop();
    await eventually(() => Registry.of(b.system).lookup('gone-soon') === undefined, 'the name to go');
    expect(await b.node.lookup('gone-soon')).toBeUndefined();
    await expect(b.node.waitFor('gone-soon', { timeoutMs: 100 })).rejects.toBeInstanceOf(TimeoutError);
    expect(a.node.unexpose('anything')).toBe(false);
    expect(b.node.unexpose('gone-soon')).toBe(false);
  });

  test('waitFor resolves when the name appears later', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    const waiting = b.node.waitFor<Account>('late', { timeoutMs: 3000 });
    await new Promise((r) => setTimeout(r, 50));
    await a.node.expose('late', a.system.spawn(Account));
    const late = await waiting;
    expect(await late.send(new Deposit(3))).toBe(3);
  });
});

describe('the registry speaks for the cluster', () => {
  test('register(name, addr, { cluster: true }) is unique across nodes and found by every registry', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    const ra = Registry.of(a.system);
    const rb = Registry.of(b.system);
    const acct = a.system.spawn(Account, { name: 'acct' });
    await ra.register('ledger', acct, { cluster: true });
    expect(ra.lookup('ledger')).toBe(acct);
    const remote = await rb.waitFor<Account>('ledger', { timeoutMs: 2000 });
    expect(remote).toBeInstanceOf(RemoteAddr);
    expect(await remote.send(new Deposit(2))).toBe(2);
    await expect(rb.register('ledger', b.system.spawn(Account), { cluster: true })).rejects.toBeInstanceOf(NameTakenError);
    expect(() => rb.register('ledger', b.system.spawn(Account))).toThrow(NameTakenError); // a local name cannot shadow it either
    expect(rb.unregister('ledger')).toBe(false); // only its own node releases it
    expect(ra.unregister('ledger')).toBe(true);
    await eventually(() => rb.lookup('ledger') === undefined, 'the name to leave b');
  });

  test('groups span nodes: members, subscribers and routers see the actors of every node', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    const ra = Registry.of(a.system);
    const rb = Registry.of(b.system);
    const seen: number[] = [];
    rb.subscribe('workers', (members) => seen.push(members.length));
    const wa: Addr<Worker>[] = [0, 1].map((i) => a.system.spawn(Worker, { args: [`a${i}`] }));
    const wb = b.system.spawn(Worker, { args: ['b0'] });
    for (const w of wa) ra.join('workers', w, { cluster: true });
    rb.join('workers', wb, { cluster: true });
    await eventually(() => rb.members('workers').length === 3 && ra.members('workers').length === 3, 'three members everywhere');
    const router = rb.router<Worker>('workers', { strategy: 'round-robin' });
    const answers = new Set<string>();
    for (let i = 0; i < 6; i++) answers.add(await router.send(new WhoAreYou()));
    expect([...answers].sort()).toEqual(['a0', 'a1', 'b0']);
    const all = await rb.router<Worker>('workers', { strategy: 'broadcast' }).send(new WhoAreYou());
    expect(all.sort()).toEqual(['a0', 'a1', 'b0']);
    await wa[0].stop();
    await eventually(() => rb.members('workers').length === 2, 'the stopped member to leave b');
    ra.leave('workers', wa[1]);
    await eventually(() => rb.members('workers').length === 1, 'the member that left to leave b');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    await a.node.stop();
    expect(rb.members('workers')).toEqual([wb]);
  });
});

test('a watch of the name store that ends by itself is started again', async () => {
  const a = await startNode(server.url, 'a');
  const b = await startNode(server.url, 'b');
  const store = (b.node as unknown as { runtime: { store: { watcher: { iterator?: { stop(): void } } } } }).runtime.store;
  store.watcher.iterator!.stop(); // the watch's iterator ends, as when JetStream drops the consumer
  await new Promise((r) => setTimeout(r, 20));
  await a.node.expose('after-the-gap', a.system.spawn(Account));
  await eventually(() => Registry.of(b.system).lookup('after-the-gap') !== undefined, "b's mirror to have the name again");
});
