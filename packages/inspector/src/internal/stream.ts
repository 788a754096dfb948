import type { ServerResponse } from 'node:http';
import type { ActorSystem } from '@troupe/core';
import { jsonText } from './respond';
import { clockNow } from './system';
import type { EventTail, TailEntry } from './tail';
import type { ActorTree, ActorView } from './tree';

/** The first event on a stream, and the body of `/api/tree`. */
export interface Snapshot {
  readonly system: string;
  readonly at: number;
  /** Live actors, listed or not. */
  readonly total: number;
  /** True when more than `maxActors` are alive: `actors` lists the first ones in tree order. */
  readonly truncated: boolean;
  readonly deadLetters: number;
  /** Failures seen since the inspector started. */
  readonly failures: number;
  readonly showPayloads: boolean;
  readonly actors: readonly ActorView[];
  /** The live tail as kept now, oldest first. */
  readonly tail: readonly TailEntry[];
}

/** A coalesced update on a stream: what changed since the previous event. */
export interface Update {
  readonly at: number;
  readonly total: number;
  readonly truncated: boolean;
  readonly deadLetters: number;
  readonly failures: number;
  readonly added: readonly ActorView[];
  readonly changed: readonly ActorView[];
  readonly removed: readonly number[];
  readonly tail: readonly TailEntry[];
  /** Tail entries that happened but are not in `tail` (more than the tail holds in one interval). */
  readonly skipped: number;
}

/** Idle streams get a comment this often, so that proxies and browsers keep them open. */
const KEEPALIVE_MS = 15_000;

/** One open event stream. */
class Client {
  /** Its socket's buffer is full: updates are skipped until it drains. */
  behind = false;
  /** It drained after falling behind: the next update is a fresh snapshot instead. */
  needsSnapshot = false;
  constructor(readonly res: ServerResponse) {}

  write(text: string): void {
    if (this.behind) return;
    if (!this.res.write(text)) {
      this.behind = true;
      this.res.once('drain', () => (this.needsSnapshot = true));
    }
  }
}

/**
 * The event streams (`/api/events`) and the timer that feeds them: while at least one page is
 * open, every `intervalMs` it samples the tree once and sends every page one update with what
 * changed and the new tail entries, however many messages, failures or dead letters there were
 * meanwhile. No page open: no timer, no sampling.
 */
export class StreamHub {
  private readonly clients = new Set<Client>();
  private timer: ReturnType<typeof setInterval> | undefined = undefined;
  private lastWrite = 0;

  constructor(
    private readonly system: ActorSystem,
    private readonly tree: ActorTree,
    private readonly tail: EventTail,
    private readonly intervalMs: number,
    private readonly showPayloads: boolean,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** The tree as of now, with every actor's path (`/api/tree`): samples first. */
  snapshot(): Snapshot {
    this.tree.sample(Date.now());
    return this.snapshotOfLastSample(true);
  }

  private snapshotOfLastSample(withPaths = false): Snapshot {
    return {
      system: this.system.name,
      at: clockNow(this.system),
      total: this.tree.total,
      truncated: this.tree.truncated,
      deadLetters: this.system.deadLetters.count,
      failures: this.tail.failures,
      showPayloads: this.showPayloads,
      actors: this.tree.views(withPaths),
      tail: this.tail.recent(),
    };
  }

  /** Opens a stream on `res` (headers already checked): a snapshot now, updates from then on. */
  join(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    const client = new Client(res);
    if (this.clients.size > 0) {
      this.tick(); // the pages already open get what changed so far; the new one starts from here
    } else {
      this.tree.recording = true;
      this.tree.sample(Date.now());
      this.tree.clearChanges();
      this.tail.take();
      this.timer = setInterval(() => this.tick(), this.intervalMs);
      this.timer.unref();
    }
    this.clients.add(client);
    res.on('close', () => this.leave(client));
    client.write(`retry: 2000\n\n`);
    this.send(client, 'snapshot', this.snapshotOfLastSample());
  }

  private leave(client: Client): void {
    if (!this.clients.delete(client) || this.clients.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.tree.recording = false;
    this.tree.clearChanges();
  }

  /** One coalesced update to every open page. */
  tick(): void {
    const now = Date.now();
    this.tree.sample(now);
    const { added, changed, removed } = this.tree.takeChanges();
    const { entries, skipped } = this.tail.take();
    let snapshot: Snapshot | undefined;
    const quiet = added.length === 0 && changed.length === 0 && removed.length === 0 && entries.length === 0 && skipped === 0;
    const update: Update = {
      at: clockNow(this.system),
      total: this.tree.total,
      truncated: this.tree.truncated,
      deadLetters: this.system.deadLetters.count,
      failures: this.tail.failures,
      added,
      changed,
      removed,
      tail: entries,
      skipped,
    };
    let text: string | undefined;
    for (const client of this.clients) {
      if (client.needsSnapshot) {
        client.needsSnapshot = false;
        client.behind = false;
        this.send(client, 'snapshot', (snapshot ??= this.snapshotOfLastSample()));
      } else if (!quiet) {
        client.write((text ??= event('update', update)));
      } else if (now - this.lastWrite >= KEEPALIVE_MS) {
        client.write(': keep-alive\n\n');
      }
    }
    if (!quiet || now - this.lastWrite >= KEEPALIVE_MS) this.lastWrite = now;
  }

  private send(client: Client, name: string, data: unknown): void {
    client.write(event(name, data));
  }

  /** Ends every stream (the inspector closes). */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const client of this.clients) client.res.end();
    this.clients.clear();
    this.tree.recording = false;
  }
}

/** A server-sent event: one `data:` line of JSON (which holds no raw newline). */
function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${jsonText(data)}\n\n`;
}
