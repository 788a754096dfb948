import 'reflect-metadata';
import { Actor, Handler, Message, Wire, type Addr } from '@troupe/core';
import type { Remote } from '@troupe/remote';
import { seeEachOther, serverForFile, startChildNode, startNode, type ChildNode } from './support';

const server = serverForFile();

@Wire('chaos.Echo')
class Echo extends Message<string> {
  constructor(readonly id: number) {
    super();
  }
}

/** Handled ids of the in-process nodes, to find any message handled twice. */
const handled = new Map<number, number>();

@Actor()
class Echoer {
  constructor(private readonly node: string) {}
  @Handler(Echo) echo(m: Echo): string {
    handled.set(m.id, (handled.get(m.id) ?? 0) + 1);
    return `${this.node}:${m.id}`;
  }
}

const ECHOES = 4;
const TOTAL = 10_000;
const IN_FLIGHT = 100;
/** The errors a send may end with while a node is lost and comes back. */
const NAMED = new Set(['NodeDownError', 'ActorStoppedError', 'TimeoutError', 'DisconnectedError']);

describe('chaos', () => {
  test('3 nodes, 10 000 sends between random actors while one node is killed and restarted: each resolves right or rejects with a named error', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    for (const { system, node } of [a, b]) {
      for (let i = 0; i < ECHOES; i++) await node.expose(`echo-${node.node}-${i}`, system.spawn(Echoer, { args: [node.node] }));
    }
    let c: ChildNode = startChildNode(server.url, 'c', { heartbeatMs: 100, echoes: ECHOES });
    await c.ready;
    await seeEachOther(a.node, b.node);
    const names = ['a', 'b', 'c'].flatMap((n) => Array.from({ length: ECHOES }, (_, i) => `echo-${n}-${i}`));

    // Each sending node's view of each name: an address, looked up again once it has ended.
    const views = new Map<Remote, Map<string, Addr<Echoer>>>();
    for (const { node } of [a, b]) {
      const view = new Map<string, Addr<Echoer>>();
      for (const name of names) view.set(name, await node.waitFor<Echoer>(name, { timeoutMs: 5000 }));
      views.set(node, view);
    }
    async function addressOf(node: Remote, name: string): Promise<Addr<Echoer>> {
      const view = views.get(node)!;
      const known = view.get(name)!;
      if (known.isAlive) return known;
      const fresh = await node.lookup<Echoer>(name).catch(() => undefined);
      if (fresh !== undefined) view.set(name, fresh);
      return fresh ?? known; // none yet: the ended address, whose send rejects with a named error
    }

    let random = 42;
    const next = (n: number): number => {
      random = (random * 1103515245 + 12345) & 0x7fffffff;
      return random % n;
    };
    const outcomes: { target: string; ok: boolean; error?: string; phase: number }[] = [];
    let issued = 0;
    let phase = 1;
    const chaos = (async () => {
      while (issued < 2_000) await new Promise((r) => setTimeout(r, 5));
      phase = 2;
      c.process.kill('SIGKILL');
      await c.exited;
      while (issued < 5_000) await new Promise((r) => setTimeout(r, 5));
      c = startChildNode(server.url, 'c', { heartbeatMs: 100, echoes: ECHOES });
      await c.ready;
      phase = 3;
    })();
    const worker = async (): Promise<void> => {
      while (issued < TOTAL) {
        const id = issued++;
        // While c is away, wait for it to come back after 5 000 sends, so that the last phase runs with three nodes.
        while (id >= 5_000 && phase < 3) await new Promise((r) => setTimeout(r, 5));
        const from = next(2) === 0 ? a.node : b.node;
        const name = names[next(names.length)];
        const owner = name.split('-')[1];
        const at = phase;
        const target = await addressOf(from, name);
        try {
          const reply = await target.send(new Echo(id), { timeoutMs: 3000 });
          if (reply !== `${owner}:${id}`) throw new Error(`wrong reply ${reply} to ${id} for ${name}`);
          outcomes.push({ target: owner, ok: true, phase: at });
        } catch (error) {
          const named = (error as Error).name;
          if (!NAMED.has(named)) throw error;
          outcomes.push({ target: owner, ok: false, error: named, phase: at });
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    await chaos;

    if (process.env.CHAOS_DEBUG) console.log(JSON.stringify(summary(outcomes)));
    expect(outcomes).toHaveLength(TOTAL); // every send settled: none hangs
    // Nothing lost: every send to the nodes that stayed up was answered.
    const toLive = outcomes.filter((o) => o.target !== 'c');
    expect(toLive.filter((o) => !o.ok)).toEqual([]);
    // Nothing duplicated: each of those was handled exactly once.
    expect(handled.size).toBe(toLive.length);
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
    expect(c.stderr()).not.toMatch(/DUPLICATE/);
    // The lost node's actors answered before the kill and after the restart, and failed in between with named errors.
    const toC = outcomes.filter((o) => o.target === 'c');
    expect(toC.filter((o) => o.phase === 1 && o.ok).length).toBeGreaterThan(0);
    expect(toC.filter((o) => o.phase === 3 && o.ok).length).toBeGreaterThan(0);
    expect(toC.filter((o) => !o.ok).length).toBeGreaterThan(0);
  }, 60_000);
});

function summary(outcomes: { target: string; ok: boolean; error?: string; phase: number }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = `phase ${o.phase} to ${o.target === 'c' ? 'c' : 'a/b'}: ${o.ok ? 'ok' : o.error}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
