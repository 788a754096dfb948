import 'reflect-metadata';
import { Registry } from '@troupe/registry';
import { DisconnectedError, NodeDownError } from '@troupe/remote';
import { Account, Deposit, eventually, serverForFile, Slow, startNode } from './support';

const server = serverForFile();

describe('the NATS server restarts', () => {
  test('sends while disconnected reject at once; the nodes rejoin and register their names again', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    const events: string[] = [];
    b.node.events.on('disconnected', () => events.push('disconnected'));
    b.node.events.on('reconnected', () => events.push('reconnected'));
    b.node.events.on('node:down', (d) => events.push(`down ${d.node}`));
    b.node.events.on('node:up', (d) => events.push(`up ${d.node}`));
    const acct = a.system.spawn(Account, { name: 'acct' });
    await a.node.expose('acct', acct);
    await Registry.of(a.system).register('ledger', a.system.spawn(Account), { cluster: true });
    const before = await b.node.waitFor<Account>('acct', { timeoutMs: 2000 });
    expect(await before.send(new Deposit(10))).toBe(10);
    // b must have heard a's heartbeat: `node:down` reports only nodes that were up.
    await eventually(() => b.node.members().some((m) => m.node === 'a'), 'b to hear a');

    const inFlight = before.send(new Slow(300), { timeoutMs: 30_000 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    await server.halt();
    await eventually(() => events.includes('disconnected'), 'b to notice');
    expect(await inFlight).toBeInstanceOf(DisconnectedError); // not left to hang until its timeout
    const started = Date.now();
    const refused = await before.send(new Deposit(1), { timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DisconnectedError);
    expect((refused as Error).message).toMatch(/node "b" is not connected to NATS/);
    await expect(before.tell(new Deposit(1))).rejects.toBeInstanceOf(DisconnectedError);
    await expect(b.node.lookup('acct')).rejects.toBeInstanceOf(DisconnectedError);
    expect(Date.now() - started).toBeLessThan(2000); // at once, not at the 30 s timeout
    // Unheard for three heartbeats, a is down as far as b can tell: its addresses end.
    await eventually(() => !before.isAlive, 'the old address to end');
    expect(events).toContain('down a');

    await server.start();
    await eventually(() => events.includes('reconnected'), 'b to reconnect', 10_000);
    await eventually(() => b.node.members().some((m) => m.node === 'a') && a.node.members().some((m) => m.node === 'b'), 'a and b to rejoin', 10_000);
    const after = await b.node.waitFor<Account>('acct', { timeoutMs: 10_000 });
    expect(after).not.toBe(before);
    expect(await after.send(new Deposit(1), { timeoutMs: 5000 })).toBe(11); // the same actor, which lived on
    const ledger = await Registry.of(b.system).waitFor<Account>('ledger', { timeoutMs: 10_000 });
    expect(await ledger.send(new Deposit(2), { timeoutMs: 5000 })).toBe(2);
    expect(acct.isAlive).toBe(true);
    expect(NodeDownError).toBeDefined();
  });
});

describe('a node loses its connection briefly', () => {
  test('what waits on it fails with DisconnectedError when it says hello again, instead of waiting forever', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    const acct = b.system.spawn(Account, { name: 'acct', mailbox: 1 });
    await b.node.expose('acct', acct);
    const remote = await a.node.waitFor<Account>('acct', { timeoutMs: 2000 });
    await eventually(() => a.node.members().length === 2 && b.node.members().length === 2, 'a and b to meet');
    void remote.send(new Slow(300)).catch(() => undefined); // holds the actor
    await remote.tell(new Deposit(1)); // fills the mailbox
    const waiting = remote.tell(new Deposit(2)).catch((e: unknown) => e); // waits for room at b
    await new Promise((r) => setTimeout(r, 50));
    // b's connection drops and comes back within a heartbeat: b says hello again.
    const runtime = (b.node as unknown as { runtime: { nc: { reconnect(): Promise<void> } } }).runtime;
    await runtime.nc.reconnect();
    const error = await waiting;
    expect(error).toBeInstanceOf(DisconnectedError);
    expect((error as Error).message).toMatch(/node "b" lost its connection to NATS before it answered/);
    expect(a.node.members().map((m) => m.node)).toEqual(['a', 'b']); // never considered down
    expect(await remote.send(new Deposit(0), { timeoutMs: 3000 })).toBeGreaterThanOrEqual(1);
  });
});
