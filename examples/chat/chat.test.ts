import 'reflect-metadata';
import { connect, type Socket } from 'node:net';
import { silentLogger } from '@troupe/core';
import { MAX_LINE_BYTES } from './lines';
import { CountUsers } from './messages';
import { startChat, type ChatServer } from './server';
import type { Room } from './room';
import type { Addr } from '@troupe/core';

/** A real TCP client: collects the lines it receives and can wait for one. */
class Client {
  readonly lines: string[] = [];
  /** Resolves when the connection is closed, by either side. */
  readonly closed: Promise<void>;
  private waiters: { match: (l: string) => boolean; resolve: () => void }[] = [];
  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {}); // a reset after the server hung up; `closed` still resolves
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      let i: number;
      while ((i = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 1);
        this.lines.push(line);
        this.waiters = this.waiters.filter((w) => (w.match(line) ? (w.resolve(), false) : true));
      }
    });
  }

  static async open(port: number, nick: string, options: { allowHalfOpen?: boolean } = {}): Promise<Client> {
    const socket = connect({ port, host: '127.0.0.1', ...options });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const client = new Client(socket);
    await client.waitFor((l) => l.startsWith('*** welcome'));
    client.send(`/nick ${nick}`);
    await client.waitFor((l) => l === `***: ${nick} joined`);
    return client;
  }

  send(line: string): void {
    this.socket.write(`${line}\n`);
  }

  /** Writes bytes as they are, with no newline. */
  sendRaw(data: string): void {
    this.socket.write(data);
  }

  waitFor(match: (line: string) => boolean): Promise<void> {
    if (this.lines.some(match)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  close(): void {
    this.socket.end();
  }
}

/** Burst lines a client received, and how many it was told it missed. */
function tally(client: Client): { received: number; missed: number } {
  const received = client.lines.filter((l) => l.startsWith('alice: line ')).length;
  const missed = client.lines
    .map((l) => /^\*\*\* you missed (\d+) messages$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .reduce((sum, m) => sum + Number(m[1]), 0);
  return { received, missed };
}

let chat: ChatServer;
beforeEach(async () => {
  chat = await startChat({ roomCapacity: 16, logger: silentLogger });
});
afterEach(() => chat.close());

test('a line from one user reaches the ten others through the room’s Topic', async () => {
  const alice = await Client.open(chat.port, 'alice');
  const others = [];
  for (let i = 0; i < 10; i++) others.push(await Client.open(chat.port, `user${i}`));
  alice.send('hello everyone');
  await Promise.all(others.map((c) => c.waitFor((l) => l === 'alice: hello everyone')));
  for (const c of [alice, ...others]) c.close();
});

test('a slow user lags and is told how many lines it missed, while a fast reader misses none', async () => {
  await chat.close();
  chat = await startChat({ roomCapacity: 256, logger: silentLogger });
  const alice = await Client.open(chat.port, 'alice');
  const bob = await Client.open(chat.port, 'bob');
  const slow = await Client.open(chat.port, 'snail');
  slow.send('/slow 2'); // each line now takes 2 ms to reach snail
  await new Promise((r) => setTimeout(r, 50)); // let the command land before the burst (real socket I/O)
  const burst = 600;
  for (let i = 0; i < burst; i++) alice.send(`line ${i}`);
  const last = (l: string): boolean => l === `alice: line ${burst - 1}`;
  await Promise.all([bob.waitFor(last), slow.waitFor(last)]);
  const snail = tally(slow);
  expect(snail.missed).toBeGreaterThan(0);
  expect(snail.received + snail.missed).toBe(burst);
  expect(tally(bob)).toEqual({ received: burst, missed: 0 });
  for (const c of [alice, bob, slow]) c.close();
});

test('a user who disconnects leaves the room, watched by it', async () => {
  const alice = await Client.open(chat.port, 'alice');
  const bob = await Client.open(chat.port, 'bob');
  const room = chat.system.actors.find((a) => a.name === 'room') as Addr<Room>;
  expect(await room.send(new CountUsers())).toBe(2);
  bob.close();
  await alice.waitFor((l) => l === '***: bob left');
  expect(await room.send(new CountUsers())).toBe(1);
  alice.close();
});

test('a client that sends more than 64 KB without a newline is told so and disconnected; the others keep chatting', async () => {
  const alice = await Client.open(chat.port, 'alice');
  const bob = await Client.open(chat.port, 'bob');
  const mallory = await Client.open(chat.port, 'mallory');
  mallory.sendRaw('x'.repeat(MAX_LINE_BYTES + 1) + 'y'.repeat(64 * 1024)); // no newline
  await mallory.closed;
  expect(mallory.lines).toContain(`*** error: line longer than ${MAX_LINE_BYTES} bytes`);
  expect(MAX_LINE_BYTES).toBe(65536);
  await alice.waitFor((l) => l === '***: mallory left');
  alice.send('still here');
  await bob.waitFor((l) => l === 'alice: still here');
  expect(bob.lines.some((l) => l.includes('xxx'))).toBe(false);
  alice.close();
  bob.close();
});

test('a line of exactly maxLineBytes is accepted, one byte more is refused', async () => {
  await chat.close();
  chat = await startChat({ maxLineBytes: 16, logger: silentLogger });
  const alice = await Client.open(chat.port, 'alice');
  const bob = await Client.open(chat.port, 'bob');
  alice.send('a'.repeat(16));
  await bob.waitFor((l) => l === `alice: ${'a'.repeat(16)}`);
  alice.send('b'.repeat(17));
  await alice.closed;
  expect(alice.lines).toContain('*** error: line longer than 16 bytes');
  bob.close();
});

test('a refused client that keeps its side of the connection open is cut off after a moment', async () => {
  const alice = await Client.open(chat.port, 'alice');
  const mallory = await Client.open(chat.port, 'mallory', { allowHalfOpen: true }); // never closes by itself
  mallory.sendRaw('x'.repeat(MAX_LINE_BYTES + 1));
  await mallory.waitFor((l) => l.startsWith('*** error: line longer than'));
  await alice.waitFor((l) => l === '***: mallory left'); // its session stopped and destroyed the socket
  alice.close();
  mallory.close();
});
