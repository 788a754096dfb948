import { Actor, Handler, type Context } from '@troupe/core';
import { Registered } from '@troupe/registry';
import { Action, ListSessions, WhereIs, type SessionView } from './messages';

/**
 * Holds the sessions of the users routed to it. Every session actor joins the group "sessions";
 * a consistent-hash router over that group sends all of one user's messages to the same actor,
 * which handles them one at a time, in the order they were sent.
 */
@Actor()
@Registered({ group: 'sessions' })
export class SessionHost {
  private readonly sessions = new Map<string, number[]>();

  @Handler(Action)
  action(m: Action): void {
    let seqs = this.sessions.get(m.userId);
    if (seqs === undefined) this.sessions.set(m.userId, (seqs = []));
    seqs.push(m.seq);
  }

  @Handler(WhereIs)
  whereIs(_: WhereIs, ctx: Context<SessionHost>): string {
    return ctx.path;
  }

  @Handler(ListSessions)
  list(_: ListSessions): SessionView[] {
    return [...this.sessions].map(([userId, seqs]) => ({ userId, seqs: [...seqs] }));
  }
}
