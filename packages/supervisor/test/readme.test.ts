import 'reflect-metadata';
import { Actor, Handler, Message, type Addr } from '@troupe/core';
import { Child, Supervise, Supervisor } from '@troupe/supervisor';
import { newSystem, stopSystems, until } from './helpers';

afterEach(stopSystems);

// The README's example, run.
class Line extends Message<void> {
  constructor(readonly text: string) {
    super();
  }
}
class BadInput extends Error {}
const written: string[] = [];

@Actor()
class Writer {
  constructor(readonly file: string) {}
  @Handler() write(m: Line): void {
    written.push(`${this.file}: ${m.text}`);
  }
}
@Actor()
class Reader {
  constructor(private readonly writer: Addr<Writer>) {}
  @Handler() read(m: Line): Promise<void> {
    if (m.text === '') throw new BadInput('empty line');
    return this.writer.tell(m);
  }
}

@Actor()
@Supervise({
  strategy: 'rest-for-one',
  maxRestarts: 3,
  withinMs: 5000,
  backoff: { minMs: 100, maxMs: 10_000, factor: 2, jitter: 0.2 },
  decide: (error) => (error instanceof BadInput ? 'resume' : 'restart'),
})
class Pipeline {
  constructor(readonly file: string) {}
  @Child(Writer, { restart: 'transient', shutdownMs: 2000, args: (p: Pipeline) => [p.file] })
  writer!: Addr<Writer>;
  @Child(Reader, { args: (p: Pipeline) => [p.writer] })
  reader!: Addr<Reader>;

  @Handler() line(m: Line): Promise<void> {
    return this.reader.tell(m);
  }
}

test('the README example runs: lines flow reader → writer, bad input is resumed', async () => {
  const system = newSystem();
  const pipeline = system.spawn(Pipeline, { name: 'pipeline', args: ['out.log'] });
  await pipeline.tell(new Line('hello'));
  await pipeline.tell(new Line(''));
  await pipeline.tell(new Line('world'));
  await pipeline.tell(new Line('!'));
  await until(() => written.length === 3, 'three lines written');
  expect(written).toEqual(['out.log: hello', 'out.log: world', 'out.log: !']);
  expect(Supervisor.children(pipeline).map((c) => c.actor.path)).toEqual(['/user/pipeline/writer', '/user/pipeline/reader']);
});
