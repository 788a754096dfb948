import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Actor, Context, Handler, Lagged, type Addr } from '@troupe/core';
import { LineSplitter, MAX_LINE_BYTES } from './lines';
import { ChatLine, Input, Join, Say } from './messages';
import type { Room } from './room';

/** How long a refused connection may stay open for the client to read why, before it is cut. */
const LINGER_MS = 1000;

/**
 * One connected user: owns the socket. Lines typed by the user arrive as `Input` messages;
 * `/nick NAME` joins the room, `/slow MS` simulates a slow link (each line takes MS to send),
 * anything else is said to the room. Lines from the room are written back to the socket.
 *
 * A line may be at most `maxLineBytes` long (64 KB by default): a client that sends more without
 * a newline gets `*** error: line longer than N bytes` and is disconnected; the session never
 * holds more than that of a line.
 */
@Actor({ mailbox: 8 })
export class Session {
  private nick: string | undefined;
  private delayMs = 0;

  constructor(
    private readonly socket: Socket,
    private readonly room: Addr<Room>,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  started(ctx: Context<Session>): void {
    const lines = new LineSplitter(this.maxLineBytes);
    const read = (chunk: Buffer): void => {
      const complete = lines.push(chunk);
      if (complete === undefined) return this.refuseLongLine(ctx, read);
      for (const line of complete) if (line.length > 0) ctx.notify(new Input(line));
    };
    this.socket.on('data', read);
    this.socket.on('close', () => void ctx.stop());
    this.socket.on('error', () => void ctx.stop());
    this.write('*** welcome; /nick NAME to join');
  }

  /**
   * Says why and closes our side. What the client still sends is read and dropped, not buffered;
   * the socket is destroyed when the client closes too, or after `LINGER_MS`. (Destroying it at
   * once, with unread input, would reset the connection, and the client could lose the error.)
   */
  private refuseLongLine(ctx: Context<Session>, read: (chunk: Buffer) => void): void {
    this.socket.off('data', read);
    this.socket.on('data', () => {});
    this.socket.end(`*** error: line longer than ${this.maxLineBytes} bytes\n`);
    ctx.runLater(LINGER_MS, () => void ctx.stop());
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
    if (this.socket.writable) this.socket.write(`${text}\n`);
  }
}
