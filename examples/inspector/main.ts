import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ActorSystem, silentLogger } from '@troupe/core';
import { Inspector } from '@troupe/inspector';
import { Supervisor } from '@troupe/supervisor';
import { Database, Faults } from '../supervision-tree/environment';
import { Fault, Submit } from '../supervision-tree/messages';
import type { Pipeline, Stage } from '../supervision-tree/pipeline';
import { Service } from '../supervision-tree/service';

export interface DemoOptions {
  /** The inspector's port; 0 (the default) takes any free one. */
  readonly port?: number;
  /** Jobs submitted per second. Default 100. */
  readonly jobsPerSecond?: number;
  readonly log?: (line: string) => void;
}

/** A running demo: the supervision tree under steady traffic, with its inspector. */
export interface Demo {
  readonly system: ActorSystem;
  readonly inspector: Inspector;
  /** The token the inspector asks for (also in `inspector.url`). */
  readonly token: string;
  /** Stops the traffic, waits for every accepted job to be written, closes the inspector, shuts down. */
  stop(): Promise<{ accepted: number; written: number }>;
}

const STAGES = ['reader', 'parser', 'writer'] as const;

/**
 * The supervision-tree example (a connection pool and a reader → parser → writer pipeline under
 * a one-for-all service, with faults injected at random) under steady traffic, with the inspector
 * on: open the URL it prints to watch mailboxes, rates, restarts and failures live.
 */
export async function start(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log ?? console.log;
  const connectionFaults = new Faults(7, 0.02);
  const stageFaults = new Faults(8, 0.01);
  const database = new Database();
  const system = new ActorSystem({ name: 'supervision-tree', logger: silentLogger });
  const service = system.spawn(Service, { name: 'service', args: [{ connectionFaults, database, connections: 4 }] });

  // A fresh secret per run: the inspector answers only requests that carry it.
  const token = randomBytes(16).toString('hex');
  const inspector = await Inspector.start(system, { port: options.port ?? 0, token });
  log(`inspector: ${inspector.url}`);
  log(`metrics:   curl -H 'Authorization: Bearer ${token}' ${new URL('/metrics', inspector.url).href}`);

  let accepted = 0;
  const batch = Math.max(1, Math.round((options.jobsPerSecond ?? 100) / 10));
  const traffic = setInterval(() => {
    for (let i = 0; i < batch; i++) {
      const id = accepted++;
      service.tell(new Submit(id, `job ${id} says hello`)).catch(() => undefined);
      if (stageFaults.happens()) {
        const pipeline = Supervisor.child<Pipeline>(service, 'pipeline');
        const stage = pipeline && Supervisor.child<Stage>(pipeline, STAGES[Math.floor(stageFaults.next() * STAGES.length)]);
        stage?.doSend(new Fault());
      }
    }
  }, 100);

  return {
    system,
    inspector,
    token,
    async stop() {
      clearInterval(traffic);
      await database.waitFor(accepted, 10_000);
      await inspector.close();
      await system.shutdown();
      log(`jobs: ${accepted} accepted, ${database.size} written`);
      return { accepted, written: database.size };
    },
  };
}

if (require.main === module) {
  const port = process.env.PORT === undefined ? 0 : Number(process.env.PORT);
  start({ port }).then(
    (demo) => {
      console.log('open the inspector URL in a browser; Ctrl-C stops');
      process.once('SIGINT', () => void demo.stop());
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
