import { Actor, Context, Handler, Terminated, Topic, type ActorRef } from '@troupe/core';
import { ChatLine, CountUsers, Join, Say } from './messages';

/**
 * The chat room: one `Topic` that every session subscribes to. Publishing never waits for a slow
 * session; a session that falls more than `capacity` lines behind is told how many it missed.
 * The room watches each session and announces when it leaves.
 */
@Actor()
export class Room {
  private readonly topic: Topic<ChatLine>;
  private readonly nicks = new Map<ActorRef, string>();

  constructor(capacity = 64) {
    this.topic = new Topic<ChatLine>({ capacity });
  }

  @Handler() join(m: Join, ctx: Context<Room>): void {
    this.topic.subscribe(m.session);
    this.nicks.set(m.session, m.nick);
    ctx.watch(m.session);
    this.topic.publish(new ChatLine('***', `${m.nick} joined`));
  }

  @Handler() say(m: Say): void {
    this.topic.publish(new ChatLine(m.nick, m.text));
  }

  @Handler() left(m: Terminated): void {
    const nick = this.nicks.get(m.actor);
    this.nicks.delete(m.actor);
    if (nick !== undefined) this.topic.publish(new ChatLine('***', `${nick} left`));
  }

  @Handler() count(_: CountUsers): number {
    return this.nicks.size;
  }

  stopped(): void {
    this.topic.close();
  }
}
