import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActorSystem } from '@troupe/core';
import { resolveOptions, type InspectorOptions } from './options';
import { isLoopback, Routes } from './internal/server';
import { StreamHub } from './internal/stream';
import { EventTail } from './internal/tail';
import { ActorTree } from './internal/tree';

/**
 * A live web page of one actor system, and its metrics for Prometheus, served over HTTP from
 * Node's own `http` module.
 *
 * Lifecycle: {@link Inspector.start} subscribes to the system's events and starts listening;
 * until then the inspector costs the system nothing. While a page is open, the tree is sampled
 * every `intervalMs` (never per message) and the page gets one update per interval. {@link close}
 * ends the open pages, unsubscribes and stops listening; the system runs on untouched.
 *
 * Routes (all GET, all behind the `token` when one is set):
 * - `/`: the page: the actor tree (path, class, state, mailbox, messages per second, restarts,
 *   last failure) and a live tail of failures, restarts and dead letters;
 * - `/api/tree`: the same as JSON;
 * - `/api/events`: the page's server-sent events: a `snapshot`, then coalesced `update`s;
 * - `/metrics`: Prometheus text format.
 *
 * @example
 * ```ts
 * import { ActorSystem } from '@troupe/core';
 * import { Inspector } from '@troupe/inspector';
 *
 * async function main() {
 *   const system = new ActorSystem({ name: 'app' });
 *   const inspector = await Inspector.start(system, { port: 9464 });
 *   console.log(`inspector: ${inspector.url}`);   // http://127.0.0.1:9464/
 *   // ...
 *   await inspector.close();
 *   await system.shutdown();
 * }
 * main();
 * ```
 */
export class Inspector {
  private closing: Promise<void> | undefined = undefined;

  private constructor(
    /** The page's address; with the token in its query when one is set. */
    readonly url: string,
    /** The port it listens on (useful with `port: 0`). */
    readonly port: number,
    private readonly server: Server,
    private readonly hub: StreamHub,
    private readonly tail: EventTail,
  ) {}

  /**
   * Starts serving the page, `/api/tree`, `/api/events` and `/metrics` for `system`. Resolves
   * once listening. Rejects with a `TypeError` naming a bad option, or with the listen error
   * (such as `EADDRINUSE`).
   */
  static async start(system: ActorSystem, options?: InspectorOptions): Promise<Inspector> {
    const resolved = resolveOptions(options);
    if (typeof system !== 'object' || system === null || !('root' in system)) {
      throw new TypeError(`Inspector.start: system must be an ActorSystem, got ${String(system)}`);
    }
    const tree = new ActorTree(system, resolved.maxActors, resolved.showPayloads);
    const tail = new EventTail(system, resolved.tailSize, resolved.showPayloads);
    const hub = new StreamHub(system, tree, tail, resolved.intervalMs, resolved.showPayloads);
    let routes: Routes | undefined;
    const server = createServer((req, res) => routes!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(resolved.port, resolved.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    routes = new Routes(system, resolved, hub, tail, port);
    tail.start();
    if (resolved.token === undefined && !isLoopback(resolved.host)) {
      system.logger.warn(`inspector: listening on ${resolved.host}:${port} without a token: anyone who can reach it sees the actor tree`);
    }
    const shown = resolved.host === '0.0.0.0' || resolved.host === '::' ? '127.0.0.1' : resolved.host;
    const host = shown.includes(':') ? `[${shown}]` : shown;
    const query = resolved.token === undefined ? '' : `?token=${encodeURIComponent(resolved.token)}`;
    return new Inspector(`http://${host}:${port}/${query}`, port, server, hub, tail);
  }

  /** Ends the open pages, unsubscribes from the system's events and stops listening. Idempotent. */
  close(): Promise<void> {
    return (this.closing ??= new Promise<void>((resolve) => {
      this.tail.stop();
      this.hub.close();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    }));
  }
}
