/**
 * The remote benchmark at a tiny size against its own nats-server: it keeps compiling and keeps
 * verifying its replies (and that no `tell` is lost). Not a measurement.
 */
import { startNatsServer, type NatsServer } from '../../test-support/nats-server';
import { runRemoteBench } from '../src/remote/bench';
import { renderRemote } from '../src/remote/main';
import { remoteSectionOf, withRemoteSection } from '../src/remote/section';

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(() => server.stop());

test('remote send, raw request–reply and the floor run side by side and render a section', async () => {
  const result = await runRemoteBench({ servers: server.url, rounds: 1, sequential: 20, parallel: 200, inFlight: 50 });
  for (const series of [result.sequential.raw, result.sequential.troupe, result.sequential.floor, result.parallel.raw, result.parallel.troupe, result.tell]) {
    expect(series).toHaveLength(1);
    expect(series[0]).toBeGreaterThan(0);
  }
  const section = renderRemote(result, 0, 0);
  expect(section).toMatch(/^<!-- remote:begin/);
  const report = withRemoteSection('# Benchmarks\n\nbody\n', section);
  expect(remoteSectionOf(report)).toBe(section);
  expect(withRemoteSection(report, section.replace('Troupe remote', 'X'))).toContain('| X |');
}, 60_000);
