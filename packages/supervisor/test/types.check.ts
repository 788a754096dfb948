/**
 * Compile-time checks, run by `tsc -p tsconfig.json` (not by jest): each `@ts-expect-error`
 * line must fail to compile, every other line must compile.
 */
import 'reflect-metadata';
import { Actor, ActorSystem, Handler, Message, type Addr } from '@troupe/core';
import { Child, Supervise, Supervisor, type SupervisorGaveUpEvent } from '@troupe/supervisor';

class Read extends Message<string> {}
class Write extends Message<void> {}

@Actor()
class Reader {
  constructor(readonly path: string) {}
  @Handler() read(_: Read): string {
    return this.path;
  }
}

@Actor()
class Writer {
  constructor(readonly retries = 3) {}
  @Handler() write(_: Write): void {}
}

@Actor()
@Supervise({ strategy: 'rest-for-one', decide: (error) => (error instanceof TypeError ? 'resume' : 'restart') })
export class Pipeline {
  @Child(Reader, { args: ['in.log'] }) reader!: Addr<Reader>;
  @Child(Writer) writer!: Addr<Writer>;

  // @ts-expect-error the property's type must be the child's address
  @Child(Writer) wrong!: Addr<Reader>;

  // @ts-expect-error args are the child's constructor arguments
  @Child(Reader, { args: [42] }) badArgs!: Addr<Reader>;

  // @ts-expect-error not a restart type
  @Child(Writer, { restart: 'always' }) badRestart!: Addr<Writer>;

  readonly source = 'in.log';
  // args computed from the supervisor are checked against the child's constructor too
  @Child(Reader, { args: (p: Pipeline) => [p.source] }) fromSelf!: Addr<Reader>;
  // @ts-expect-error a number is not the path Reader takes
  @Child(Reader, { args: (p: Pipeline) => [p.source.length] }) badFromSelf!: Addr<Reader>;
}

// @ts-expect-error not a strategy
@Supervise({ strategy: 'one_for_one' })
export class BadStrategy {}

export function functional(system: ActorSystem): void {
  const sup: Addr<Supervisor> = Supervisor.start(system, {
    strategy: 'one-for-all',
    children: [
      { actor: Reader, args: ['in.log'] },
      { actor: Writer, restart: 'transient' },
      { actor: Supervisor, args: [{ children: [{ actor: Writer }] }] },
    ],
  });
  Supervisor.start(system, {
    // @ts-expect-error args are checked against each child's constructor
    children: [{ actor: Reader, args: [1] }],
  });
  const reader = Supervisor.startChild(sup, { actor: Reader, args: ['x'] });
  const typed: Promise<string> = reader.send(new Read());
  void typed;
  system.events.on('supervisor:gave-up', (e: SupervisorGaveUpEvent) => void e.error.maxRestarts);
}
