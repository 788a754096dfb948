/**
 * A real `nats-server` for tests (not published): started on a free loopback port with JetStream
 * and a store directory of its own, stopped (and its directory removed) by the test. Each test file
 * starts its own, so files run in parallel without sharing a server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NatsServer {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. The store is kept, for `start`. */
  halt(): Promise<void>;
  /** Starts it again on the same port with the same store (a server restart). */
  start(): Promise<void>;
  /** Stops it for good and removes its store. */
  stop(): Promise<void>;
}

/** Whether `nats-server` is installed (`apt-get install -y nats-server`). */
export function hasNatsServer(): boolean {
  return spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A free TCP port on 127.0.0.1, as the OS hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a `nats-server` with JetStream on a free loopback port. `args` are extra command-line
 * options (such as `['--auth', 'secret']`).
 */
export async function startNatsServer(args: readonly string[] = [], options: { jetstream?: boolean } = {}): Promise<NatsServer> {
  if (!hasNatsServer()) {
    throw new Error('nats-server is not installed: apt-get install -y nats-server (Debian), or see https://nats.io');
  }
  const store = mkdtempSync(join(tmpdir(), 'troupe-nats-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const server = new Server(port, store, args, options.jetstream !== false);
    try {
      await server.start();
      return server;
    } catch (error) {
      if (attempt >= 4) {
        rmSync(store, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

class Server implements NatsServer {
  readonly url: string;
  private child: ChildProcess | undefined = undefined;
  private output = '';

  constructor(
    readonly port: number,
    private readonly store: string,
    private readonly args: readonly string[],
    private readonly jetstream: boolean,
  ) {
    this.url = `nats://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    if (this.child !== undefined) return;
    this.output = '';
    const js = this.jetstream ? ['-js', '-sd', this.store] : [];
    const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(this.port), ...js, ...this.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.child = undefined;
        throw new Error(`nats-server exited at start:\n${this.output}`);
      }
      if (/Server is ready/.test(this.output) && (await accepts(this.port))) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        await exited;
        this.child = undefined;
        throw new Error(`nats-server did not start within 10 s:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async halt(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    await this.halt();
    rmSync(this.store, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
