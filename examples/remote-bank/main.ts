// Two processes, one bank: an accounts node owns the accounts; a teller node works with them through
// an ordinary typed Addr found by name. `npm run example:remote-bank` starts a local nats-server (when
// one is installed and NATS_URL is not set), both nodes, and stops everything at the end.
import type { ChildProcess } from 'node:child_process';
import { exit, messageFrom, startLocalServer, startNodeProcess, type LocalServer } from '../launcher';
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
    const accounts = startNodeProcess(require.resolve('./accounts'), { NATS_URL: url }, log, started);
    await messageFrom(accounts, (m) => m === 'ready');
    const teller = startNodeProcess(require.resolve('./teller'), { NATS_URL: url }, log, started);
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
