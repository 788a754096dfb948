// Starts a local nats-server with JetStream for the examples that need one, when one is installed.
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
