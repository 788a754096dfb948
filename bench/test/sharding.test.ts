/**
 * The sharding benchmark at a tiny size against its own nats-server: it keeps compiling and keeps
 * verifying its replies. Not a measurement.
 */
import { startNatsServer, type NatsServer } from '../../test-support/nats-server';
import { runShardingBench } from '../src/sharding/bench';
import { renderSharding } from '../src/sharding/main';
import { shardingSectionOf, withShardingSection } from '../src/sharding/section';

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(() => server.stop());

test('entity send (far and spread), plain remote send and first activation run side by side and render a section', async () => {
  const result = await runShardingBench({ servers: server.url, rounds: 1, sequential: 20, parallel: 200, inFlight: 50, entities: 50, activations: 10 });
  for (const series of [...Object.values(result.sequential), ...Object.values(result.parallel)]) {
    expect(series).toHaveLength(1);
    expect(series[0]).toBeGreaterThan(0);
  }
  for (const series of Object.values(result.latency)) expect(series[0].p50).toBeGreaterThan(0);
  const section = renderSharding(result, 0, 0);
  expect(section).toMatch(/^<!-- sharding:begin/);
  const report = withShardingSection('# Benchmarks\n\nbody\n', section);
  expect(shardingSectionOf(report)).toBe(section);
  expect(withShardingSection(report, section.replace('entity, far', 'X'))).toContain('| X |');
}, 60_000);
