import 'reflect-metadata';
import { Actor, ActorConfigError, Handler, type Addr } from '@troupe/core';
import { installCluster, setClusterMember, setClusterName, type ClusterBackend } from '@troupe/registry/internal';
import { NameTakenError, Registry } from '@troupe/registry';
import { newSystem, stopSystems, WhoAmI } from './helpers';

afterEach(stopSystems);

@Actor()
class Named {
  @Handler(WhoAmI) who(): string {
    return 'named';
  }
}

/** A backend that records what the registry asks of it; `far` stands for other nodes' actors. */
function fakeCluster(system: ReturnType<typeof newSystem>, far: Set<Addr<unknown>>): ClusterBackend & { log: string[] } {
  const log: string[] = [];
  const held = new Map<string, Addr<unknown>>();
  return {
    log,
    async claim(name, addr) {
      log.push(`claim ${name}`);
      const holder = held.get(name);
      if (holder !== undefined && holder !== addr) throw new NameTakenError(name, holder.path);
      held.set(name, addr);
      setClusterName(system, name, addr);
    },
    release(name) {
      log.push(`release ${name}`);
    },
    publish(group, addr, joined) {
      log.push(`${joined ? 'join' : 'leave'} ${group} ${addr.path}`);
    },
    isRemote: (addr) => far.has(addr),
  };
}

describe('cluster names and groups through a plugged-in backend', () => {
  test('{ cluster: true } without a cluster rejects with a hint to start @troupe/remote', async () => {
    const system = newSystem();
    const addr = system.spawn(Named);
    await expect(Registry.of(system).register('x', addr, { cluster: true })).rejects.toThrow(/Remote\.start/);
    expect(() => Registry.of(system).join('g', addr, { cluster: true })).toThrow(ActorConfigError);
  });

  test('register with { cluster: true } claims through the backend; lookup finds the actor', async () => {
    const system = newSystem();
    const backend = fakeCluster(system, new Set());
    installCluster(system, backend);
    const registry = Registry.of(system);
    const addr = system.spawn(Named, { name: 'a' });
    await registry.register('accounts', addr, { cluster: true });
    expect(registry.lookup('accounts')).toBe(addr);
    const other = system.spawn(Named, { name: 'b' });
    await expect(registry.register('accounts', other, { cluster: true })).rejects.toBeInstanceOf(NameTakenError);
    expect(backend.log).toEqual(['claim accounts']); // the local check refused the second before the backend
    expect(registry.unregister('accounts')).toBe(true);
    expect(backend.log).toEqual(['claim accounts', 'release accounts']);
  });

  test('a name the cluster says another node holds is found here, refused to local actors, and not released from here', async () => {
    const system = newSystem();
    const remote = system.spawn(Named, { name: 'stands-for-a-remote-actor' });
    const backend = fakeCluster(system, new Set([remote as Addr<unknown>]));
    installCluster(system, backend);
    const registry = Registry.of(system);
    setClusterName(system, 'ledger', remote);
    expect(registry.lookup('ledger')).toBe(remote);
    await expect(registry.waitFor('ledger', { timeoutMs: 100 })).resolves.toBe(remote);
    const local = system.spawn(Named);
    expect(() => registry.register('ledger', local)).toThrow(NameTakenError);
    expect(registry.unregister('ledger')).toBe(false);
    expect(registry.lookup('ledger')).toBe(remote);
    setClusterName(system, 'ledger', undefined, remote);
    expect(registry.lookup('ledger')).toBeUndefined();
    expect(backend.log).toEqual([]);
  });

  test('join with { cluster: true } publishes; members the cluster reports join the local group and routers use them', async () => {
    const system = newSystem();
    const remote = system.spawn(Named, { name: 'far' });
    const backend = fakeCluster(system, new Set([remote as Addr<unknown>]));
    installCluster(system, backend);
    const registry = Registry.of(system);
    const local = system.spawn(Named, { name: 'near' });
    expect(registry.join('workers', local, { cluster: true })).toBe(true);
    setClusterMember(system, 'workers', remote, true);
    expect(registry.members('workers')).toEqual([local, remote]);
    const router = registry.router<Named>('workers');
    const seen = new Set([await router.send(new WhoAmI()), await router.send(new WhoAmI())]);
    expect(seen.size).toBe(1); // both answer 'named'; the rotation reached both without error
    setClusterMember(system, 'workers', remote, false);
    expect(registry.members('workers')).toEqual([local]);
    registry.leave('workers', local);
    expect(backend.log).toEqual(['join workers /user/near', 'leave workers /user/near']);
  });
});
