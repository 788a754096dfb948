import 'reflect-metadata';
import { Actor, Handler, MailboxFullError, Message, type Context } from '@troupe/core';
import { Registered, Registry, type BroadcastRouter } from '@troupe/registry';
import { newSystem, settle, stopSystems } from './helpers';

afterEach(stopSystems);

class Ping extends Message<string> {}
class Bump extends Message<void> {}
class Fail extends Message<number> {}

const bumps: string[] = [];

@Actor({ mailbox: 2 })
@Registered({ group: 'all' })
class Member {
  @Handler() ping(_: Ping, ctx: Context<Member>): string {
    return ctx.name;
  }
  @Handler() bump(_: Bump, ctx: Context<Member>): void {
    bumps.push(ctx.name);
  }
  @Handler() fail(_: Fail, ctx: Context<Member>): number {
    if (ctx.name === 'b') throw new Error('b failed');
    return 1;
  }
}

function setup() {
  bumps.length = 0;
  const system = newSystem();
  const members = ['a', 'b', 'c'].map((name) => system.spawn(Member, { name }));
  const router: BroadcastRouter<Member> = Registry.of(system).router<Member>('all', { strategy: 'broadcast' });
  return { system, members, router };
}

describe('broadcast', () => {
  test('tell reaches every live member', async () => {
    const { router } = setup();
    await router.tell(new Bump());
    await settle();
    expect(bumps.sort()).toEqual(['a', 'b', 'c']);
  });

  test('send resolves to the array of every member’s reply, in member order', async () => {
    const { router } = setup();
    const replies: string[] = await router.send(new Ping());
    expect(replies).toEqual(['a', 'b', 'c']);
  });

  test('send rejects with the first error when a member fails', async () => {
    const { router } = setup();
    await expect(router.send(new Fail())).rejects.toThrow('b failed');
  });

  test('doSend reaches every member, ignoring capacity', async () => {
    const { router } = setup();
    for (let i = 0; i < 5; i++) router.doSend(new Bump());
    await settle();
    expect(bumps).toHaveLength(15);
  });

  test('trySend checks every mailbox first: when one is full, none gets the message', async () => {
    const { members, router } = setup();
    members[1].trySend(new Bump());
    members[1].trySend(new Bump()); // b's mailbox (capacity 2) is full now
    expect(() => router.trySend(new Bump())).toThrow(MailboxFullError);
    expect(() => router.trySend(new Bump())).toThrow(/mailbox of \/user\/b is full/);
    await settle();
    expect(bumps.sort()).toEqual(['b', 'b']);
    router.trySend(new Bump());
    await settle();
    expect(bumps.sort()).toEqual(['a', 'b', 'b', 'b', 'c']);
  });

  test('members that joined later get later broadcasts; stopped ones do not', async () => {
    const { system, members, router } = setup();
    await members[0].stop();
    system.spawn(Member, { name: 'd' });
    await expect(router.send(new Ping())).resolves.toEqual(['b', 'c', 'd']);
  });
});
