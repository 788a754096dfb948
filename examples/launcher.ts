// What the multi-process examples share: a local nats-server with JetStream (when one is
// installed), and child node processes whose output goes to the launcher's log.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { hasNatsServer, startNatsServer, type NatsServer } from '../test-support/nats-server';

export type LocalServer = Pick<NatsServer, 'url' | 'stop'>;

/** A nats-server on a free loopback port with JetStream in a temporary directory; `example` names the npm script for the hint. */
export async function startLocalServer(example: string): Promise<LocalServer> {
  if (!hasNatsServer()) {
    throw new Error(
      'nats-server is not installed. Install it (Debian: apt-get install -y nats-server), or point the example ' +
        `at a running server with JetStream: NATS_URL=nats://127.0.0.1:4222 npm run example:${example}`,
    );
  }
  return startNatsServer();
}

/** Forks the TypeScript module `script` with `env` added, its output line by line to `log`; it joins `started`. */
export function startNodeProcess(script: string, env: Record<string, string>, log: (line: string) => void, started: ChildProcess[]): ChildProcess {
  const child = fork(script, [], {
    execArgv: ['-r', resolve(__dirname, 'register.js')],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  started.push(child);
  let rest = '';
  const lines = (chunk: Buffer): void => {
    const text = rest + chunk.toString();
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const line of parts) log(line);
  };
  child.stdout!.on('data', lines);
  child.stderr!.on('data', lines);
  return child;
}

/** The first message from `child` that `matches`; rejects if the child exits first. */
export function messageFrom(child: ChildProcess, matches: (m: unknown) => boolean): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown): void => {
      if (!matches(m)) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(m);
    };
    const onExit = (code: number | null): void => reject(new Error(`a node exited (code ${String(code)}) before it was done`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Resolves once `child` has exited (at once if it has). */
export function exit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}
