import 'reflect-metadata';
import { request, type IncomingMessage } from 'node:http';
import { Actor, Handler, Message, type Addr, type ActorSystem, type Context } from '@troupe/core';
import { Inspector, type InspectorOptions } from '@troupe/inspector';

export { deferred, newSystem, settle, stopSystems, until } from '../../../test-support/system';

/** A command the worker counts. */
export class Work extends Message<void> {}
/** A request the worker answers with how much work it did. */
export class GetDone extends Message<number> {}
/** Makes the worker's handler throw `error`. */
export class Fail extends Message<void> {
  constructor(readonly error: unknown = new Error('worker failed on purpose')) {
    super();
  }
}
/** Makes the worker spawn a child worker named `name`. */
export class SpawnChild extends Message<void> {
  constructor(readonly name: string) {
    super();
  }
}
/** A message no handler takes: a dead letter when told. */
export class Orphan extends Message<void> {
  constructor(readonly secret: string) {
    super();
  }
}

@Actor()
export class Worker {
  done = 0;
  @Handler(Work) work(): void {
    this.done++;
  }
  @Handler(GetDone) getDone(): number {
    return this.done;
  }
  @Handler(Fail) fail(m: Fail): void {
    throw m.error;
  }
  @Handler(SpawnChild) spawnChild(m: SpawnChild, ctx: Context<Worker>): void {
    ctx.spawn(Worker, { name: m.name });
  }
}

/** A worker that holds its mailbox: its first message waits on `gate`. */
@Actor({ mailbox: 10 })
export class Blocked {
  constructor(private readonly gate: Promise<void>) {}
  @Handler(Work) async work(): Promise<void> {
    await this.gate;
  }
}

const inspectors: Inspector[] = [];

/** Starts an inspector that {@link closeInspectors} closes after the test. */
export async function startInspector(system: ActorSystem, options: InspectorOptions = {}): Promise<Inspector> {
  const inspector = await Inspector.start(system, { port: 0, ...options });
  inspectors.push(inspector);
  return inspector;
}

export async function closeInspectors(): Promise<void> {
  await Promise.all(inspectors.splice(0).map((i) => i.close()));
}

/** The origin of an inspector (its URL without path or token). */
export function origin(inspector: Inspector): string {
  return new URL(inspector.url).origin;
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A plain HTTP request (no redirects followed, any Host header allowed). */
export function get(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface StreamEvent {
  readonly event: string;
  readonly data: any;
  /** When it arrived (Date.now()). */
  readonly at: number;
}

/** An open `/api/events` stream, read event by event. */
export class EventStream {
  readonly events: StreamEvent[] = [];
  private buffer = '';
  private waiting: (() => void) | undefined;
  private read = 0;
  status = 0;

  private constructor(private readonly res: IncomingMessage) {
    this.status = res.statusCode!;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length > 0) this.events.push({ event, data: JSON.parse(data.join('\n')), at: Date.now() });
      }
      this.waiting?.();
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers }, (res) => resolve(new EventStream(res)));
      req.on('error', reject);
      req.end();
    });
  }

  /** The next event not yet taken (waits up to `timeoutMs`). */
  async next(timeoutMs = 5_000): Promise<StreamEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.read >= this.events.length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.events[this.read++];
  }

  /** Takes events until one satisfies `predicate`. */
  async until(predicate: (e: StreamEvent) => boolean, timeoutMs = 5_000): Promise<StreamEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const e = await this.next(Math.max(1, deadline - Date.now()));
      if (predicate(e)) return e;
    }
  }

  close(): void {
    this.res.destroy();
  }
}

export type { Addr };
