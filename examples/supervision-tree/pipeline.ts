import { Actor, Handler, type Addr } from '@troupe/core';
import { Child, Supervise } from '@troupe/supervisor';
import type { Environment } from './environment';
import { Fault, InjectedFault, Parse, Store, Submit, Write } from './messages';
import type { ConnectionPool } from './pool';

/** What every stage handles besides its work: an injected crash. */
export interface Stage {
  fault(m: Fault): void;
}

/** Hands each submitted job to the parser. */
@Actor()
export class Reader {
  constructor(private readonly parser: Addr<Parser>) {}

  @Handler(Submit) async submit(m: Submit): Promise<void> {
    await this.parser.tell(new Parse(m.id, m.text));
  }
  @Handler(Fault) fault(): void {
    throw new InjectedFault('reader crashed');
  }
}

/** Splits a job's text into words and hands it to the writer. */
@Actor()
export class Parser {
  constructor(private readonly writer: Addr<Writer>) {}

  @Handler(Parse) async parse(m: Parse): Promise<void> {
    await this.writer.tell(new Write({ id: m.id, words: m.text.split(/\s+/) }));
  }
  @Handler(Fault) fault(): void {
    throw new InjectedFault('parser crashed');
  }
}

/** Stores each parsed job through the connection pool. */
@Actor()
export class Writer {
  constructor(private readonly pool: Addr<ConnectionPool>) {}

  @Handler(Write) async write(m: Write): Promise<void> {
    await this.pool.send(new Store(m.job));
  }
  @Handler(Fault) fault(): void {
    throw new InjectedFault('writer crashed');
  }
}

/**
 * reader → parser → writer, under rest-for-one. Children start in declaration order, and OTP
 * starts what others depend on first: the writer, then the parser that sends to it, then the
 * reader that sends to the parser. When a stage fails, it and the stages started after it (the
 * ones upstream, that depend on it) restart; their mailboxes and addresses survive, so no job
 * already accepted is lost.
 */
@Actor()
@Supervise({ strategy: 'rest-for-one', maxRestarts: 50, withinMs: 1000 })
export class Pipeline {
  constructor(
    readonly env: Environment,
    readonly pool: Addr<ConnectionPool>,
  ) {}

  @Child(Writer, { args: (p: Pipeline) => [p.pool] }) writer!: Addr<Writer>;
  @Child(Parser, { args: (p: Pipeline) => [p.writer] }) parser!: Addr<Parser>;
  @Child(Reader, { args: (p: Pipeline) => [p.parser] }) reader!: Addr<Reader>;

  @Handler(Submit) submit(m: Submit): Promise<void> {
    return this.reader.tell(m);
  }
}
