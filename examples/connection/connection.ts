import { Actor, Handler, Message, type Context } from '@troupe/core';

/** A query to run over the connection; replies with its result. */
export class Query extends Message<string> {
  constructor(readonly sql: string) {
    super();
  }
}
/** The (pretend) handshake finished: the connection is open. */
export class Connected extends Message<void> {}
/** Close the connection: later queries are refused. */
export class Close extends Message<void> {}
/** Where the connection is, and how many queries wait in its stash. */
export class GetState extends Message<{ readonly state: string | undefined; readonly waiting: number }> {}

/** What a query meets once the connection is closed. */
export class ConnectionClosed extends Error {
  constructor(sql: string) {
    super(`the connection is closed: "${sql}" was not run`);
    this.name = 'ConnectionClosed';
  }
}

/**
 * A connection to a (pretend) database, written as three behaviours instead of flags:
 * - `connecting`: queries are stashed, unanswered, until the handshake ends (`Connected`, which
 *   the connection sends itself after `handshakeMs`);
 * - `open`: the stashed queries are served first, in the order they came, then the new ones;
 * - `closed`: queries are refused with `ConnectionClosed` (a refusal, so the actor resumes).
 * `GetState` is handled in every behaviour.
 */
@Actor({
  mailbox: 64,
  onFailure: (error) => (error instanceof ConnectionClosed ? 'resume' : undefined),
  reportFailures: 'unseen', // a refused query reaches its caller: not worth a log line
})
export class Connection {
  private served = 0;
  constructor(private readonly handshakeMs: number) {}

  started(ctx: Context<Connection>): void {
    ctx.notifyLater(new Connected(), this.handshakeMs);
  }

  @Handler(Query, { in: 'connecting' }) early(_: Query, ctx: Context<Connection>): string {
    ctx.stash(); // answered once open
    return '';
  }

  @Handler(Connected, { in: 'connecting' }) connected(_: Connected, ctx: Context<Connection>): void {
    ctx.become('open');
    ctx.unstashAll();
  }

  @Handler(Query, { in: 'open' }) run(m: Query): string {
    this.served++;
    return `${m.sql} -> ok (#${this.served})`;
  }

  @Handler(Close, { in: 'open' }) close(_: Close, ctx: Context<Connection>): void {
    ctx.become('closed');
  }

  @Handler(Query, { in: 'closed' }) refuse(m: Query): string {
    throw new ConnectionClosed(m.sql);
  }

  @Handler(GetState) state(_: GetState, ctx: Context<Connection>): { state: string | undefined; waiting: number } {
    return { state: ctx.behaviour, waiting: ctx.stashed };
  }
}
