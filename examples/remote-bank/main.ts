// Two processes, one bank: an accounts node owns the accounts; a teller node works with them through
// an ordinary typed Addr found by name. `npm run example:remote-bank` starts a local nats-server (when
// one is installed and NATS_URL is not set), both nodes, and stops everything at the end.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { startLocalServer, type LocalServer } from '../local-nats';
import type { TellerReport } from './teller';

export async function main(log: (line: string) => void = console.log): Promise<TellerReport> {
  let server: LocalServer | undefined;
  let url = process.env.NATS_URL;
  if (url === undefined) {
    server = await startLocalServer('remote-bank');
    url = server.url;
    log(`launcher: nats-server with JetStream at ${url}`);
  }
  const started: ChildProcess[] = [];
  try {
    const accounts = start('accounts', url, log, started);
    await messageFrom(accounts, (m) => m === 'ready');
    const teller = start('teller', url, log, started);
    teller.on('message', (m) => {
      if (m === 'worked') accounts.kill('SIGTERM'); // the accounts node leaves; the teller sees the bank go
    });
    const { report } = (await messageFrom(teller, (m) => typeof m === 'object' && m !== null && 'report' in m)) as { report: TellerReport };
    await Promise.all(started.map(exit));
    return report;
  } finally {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await server?.stop();
  }
}

function start(name: string, url: string, log: (line: string) => void, started: ChildProcess[]): ChildProcess {
  const child = fork(require.resolve(`./${name}`), [], {
    execArgv: ['-r', resolve(__dirname, '../register.js')],
    env: { ...process.env, NATS_URL: url },
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

function messageFrom(child: ChildProcess, matches: (m: unknown) => boolean): Promise<unknown> {
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

function exit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

if (require.main === module) {
  main().then(
    (report) => {
      console.log(report.total === report.expectedTotal ? 'money conserved: OK' : 'MISMATCH');
      process.exitCode = report.total === report.expectedTotal ? 0 : 1;
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
