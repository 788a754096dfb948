// Starts a local nats-server with JetStream for the example, when one is installed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** A nats-server on a free loopback port with JetStream in a temporary directory (`nats-server -js`). */
export async function startLocalServer(): Promise<LocalServer> {
  if (spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      'nats-server is not installed. Install it (Debian: apt-get install -y nats-server), or point the example ' +
        'at a running server with JetStream: NATS_URL=nats://127.0.0.1:4222 npm run example:sharded-sessions',
    );
  }
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
  const store = mkdtempSync(join(tmpdir(), 'sharded-sessions-'));
  const child = spawn('nats-server', ['-js', '-sd', store, '-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server is ready')) resolve();
    });
    void exited.then(() => reject(new Error(`nats-server exited:\n${output}`)));
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(store, { recursive: true, force: true });
    },
  };
}
