import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Actor, Context, Handler, Lagged, type Addr } from '@troupe/core';
import { ChatLine, Input, Join, Say } from './messages';
import type { Room } from './room';

/**
 * One connected user: owns the socket. Lines typed by the user arrive as `Input` messages;
 * `/nick NAME` joins the room, `/slow MS` simulates a slow link (each line takes MS to send),
 * anything else is said to the room. Lines from the room are written back to the socket.
 */
@Actor({ mailbox: 8 })
export class Session {
  private nick: string | undefined;
  private delayMs = 0;

  constructor(
    private readonly socket: Socket,
    private readonly room: Addr<Room>,
  ) {}

  started(ctx: Context<Session>): void {
    let pending = '';
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).replace(/\r$/, '');
        pending = pending.slice(newline + 1);
        if (line.length > 0) ctx.notify(new Input(line));
      }
    });
    this.socket.on('close', () => void ctx.stop());
    this.socket.on('error', () => void ctx.stop());
    this.write('*** welcome; /nick NAME to join');
  }

  @Handler() async input(m: Input, ctx: Context<Session>): Promise<void> {
    const [command, arg] = m.line.split(/\s+/, 2);
    if (command === '/nick' && arg) {
      this.nick = arg;
      await this.room.tell(new Join(ctx.self, arg));
    } else if (command === '/slow') {
      this.delayMs = Number(arg) || 0;
    } else if (this.nick === undefined) {
      this.write('*** pick a nickname first: /nick NAME');
    } else {
      await this.room.tell(new Say(this.nick, m.line));
    }
  }

  @Handler() async line(m: ChatLine): Promise<void> {
    if (this.delayMs > 0) await sleep(this.delayMs);
    this.write(`${m.from}: ${m.text}`);
  }

  @Handler() lagged(m: Lagged): void {
    this.write(`*** you missed ${m.skipped} messages`);
  }

  stopped(): void {
    this.socket.destroy();
  }

  private write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(`${text}\n`);
  }
}
