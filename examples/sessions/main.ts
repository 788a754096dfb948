import 'reflect-metadata';
import { ActorSystem } from '@troupe/core';
import { Registry } from '@troupe/registry';
import { Action, ListSessions, UserMessage, WhereIs } from './messages';
import { SessionHost } from './session';

export interface SessionsReport {
  readonly users: number;
  /** Users whose actions all reached one session actor, in the order sent. */
  readonly inOrderOnOneHost: number;
  /** Users per session actor. */
  readonly usersPerHost: Record<string, number>;
  /** When a fifth session actor joined: users that moved, and where they went. */
  readonly movedOnJoin: number;
  readonly movedTo: readonly string[];
}

/**
 * User sessions spread over four session actors by `consistent-hash` on the user id: each user's
 * messages stay on one actor, so they are handled in order even though a hundred clients send at once.
 * Then a fifth actor joins the group and only about a fifth of the users move to it.
 */
export async function main(log: (line: string) => void = console.log): Promise<SessionsReport> {
  const system = new ActorSystem({ name: 'sessions' });
  const registry = Registry.of(system);
  for (let i = 0; i < 4; i++) system.spawn(SessionHost, { name: `host-${i}` });

  const sessions = registry.router<SessionHost>('sessions', {
    strategy: 'consistent-hash',
    key: (m) => (m instanceof UserMessage ? m.userId : ''),
  });

  const users = Array.from({ length: 100 }, (_, i) => `user-${i}`);
  const actionsPerUser = 20;
  // A hundred clients, one per user, all sending at once.
  await Promise.all(
    users.map(async (user) => {
      for (let seq = 0; seq < actionsPerUser; seq++) await sessions.tell(new Action(user, seq, seq % 2 ? 'click' : 'view'));
    }),
  );

  const everyone = registry.router<SessionHost>('sessions', { strategy: 'broadcast' });
  const perHost = await everyone.send(new ListSessions());
  const hosts = registry.members('sessions').map((m) => m.name);
  const usersPerHost: Record<string, number> = {};
  const hostsOf = new Map<string, number>();
  let inOrderOnOneHost = 0;
  perHost.forEach((views, i) => {
    usersPerHost[hosts[i]] = views.length;
    for (const view of views) hostsOf.set(view.userId, (hostsOf.get(view.userId) ?? 0) + 1);
  });
  for (const views of perHost) {
    for (const view of views) {
      const inOrder = view.seqs.length === actionsPerUser && view.seqs.every((seq, i) => seq === i);
      if (inOrder && hostsOf.get(view.userId) === 1) inOrderOnOneHost++;
    }
  }
  log(`${users.length} users x ${actionsPerUser} actions over ${hosts.length} session actors: ${inOrderOnOneHost} users in order on one actor`);
  log(`users per actor: ${Object.entries(usersPerHost).map(([h, n]) => `${h} ${n}`).join(', ')}`);

  const before = await Promise.all(users.map((u) => sessions.send(new WhereIs(u))));
  system.spawn(SessionHost, { name: 'host-4' });
  const after = await Promise.all(users.map((u) => sessions.send(new WhereIs(u))));
  const moved = users.filter((_, i) => before[i] !== after[i]);
  const movedTo = [...new Set(moved.map((u) => after[users.indexOf(u)]))];
  log(`host-4 joined: ${moved.length} of ${users.length} users moved (the ideal is 1/5), all to ${movedTo.join(', ') || 'nobody'}; the rest stayed put`);

  await system.shutdown();
  return { users: users.length, inOrderOnOneHost, usersPerHost, movedOnJoin: moved.length, movedTo };
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
