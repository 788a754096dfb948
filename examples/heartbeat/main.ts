import 'reflect-metadata';
import { ActorSystem } from '@troupe/core';
import { GetReport, HangHeart, Watchdog, type WatchdogReport } from './heartbeat';

/** Waits on the global timers, so that jest's fake timers can drive the example. */
const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A heart beats every 100 ms; after a while it hangs; the watchdog notices the missing beats
 * within 300 ms and restarts it, and the new instance beats again.
 */
export async function main(log: (line: string) => void = console.log): Promise<WatchdogReport> {
  const system = new ActorSystem({ name: 'heartbeat-example' });
  system.events.on('actor:restarted', (e) => log(`restarted ${e.path} (attempt ${e.attempt}): ${(e.cause as Error).message}`));
  const watchdog = system.spawn(Watchdog, { args: [100, 300], name: 'watchdog' });

  await wait(1_000);
  log(`before the hang: ${JSON.stringify(await watchdog.send(new GetReport()))}`);
  await watchdog.tell(new HangHeart());
  await wait(1_500);
  const report = await watchdog.send(new GetReport());
  log(`after the hang: ${JSON.stringify(report)}`);
  await system.shutdown();
  return report;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
