import * as path from 'node:path';
import { ActorConfigError, type ActorClass } from '@troupe/core';
import { ACTOR_OPTIONS } from '@troupe/core/internal';

/** An actor class and the module it came from. */
export interface LoadedActor {
  /** The module file, resolved. */
  readonly file: string;
  /** The export that holds the class. */
  readonly exportName: string;
  readonly actorClass: ActorClass;
  /** Everything the module exports, to find its message and error classes. */
  readonly exports: object;
}

/**
 * Loads an actor module with `require` and finds its `@Actor` class: the named export, else the
 * default export, else the module's only `@Actor` class. Runs in the calling thread (at spawn, so
 * that a wrong path or export fails there and then) and in every worker thread. Every problem is an
 * `ActorConfigError` that names the module and says what to do.
 */
export function loadActor(modulePath: unknown, exportName: unknown, where: string): LoadedActor {
  if (typeof modulePath !== 'string' || !path.isAbsolute(modulePath)) {
    throw new ActorConfigError(
      `${where}: module must be an absolute path to a JavaScript module, got ${JSON.stringify(modulePath)}. ` +
        "Use require.resolve('./hasher') or path.join(__dirname, 'hasher.js').",
    );
  }
  if (exportName !== undefined && (typeof exportName !== 'string' || exportName === '')) {
    throw new ActorConfigError(`${where}: export must be the name of an export of ${modulePath}, got ${JSON.stringify(exportName)}`);
  }
  let file: string;
  try {
    file = require.resolve(modulePath);
  } catch (error) {
    throw new ActorConfigError(
      `${where}: the module ${modulePath} does not exist (${(error as Error).message.split('\n')[0]}). ` +
        'Point module at the JavaScript that your build emits (worker threads do not run TypeScript unless a ' +
        'loader such as ts-node or tsx is in execArgv; see the @troupe/threads README).',
      undefined,
      { cause: error },
    );
  }
  let exports: object;
  try {
    exports = require(file) as object;
  } catch (error) {
    throw new ActorConfigError(`${where}: loading ${file} threw: ${(error as Error)?.message ?? String(error)}`, undefined, {
      cause: error,
    });
  }
  const [name, value] = pickExport(exports, exportName as string | undefined, file, where);
  if (typeof value !== 'function' || !Reflect.hasMetadata(ACTOR_OPTIONS, value)) {
    throw new ActorConfigError(
      `${where}: export "${name}" of ${file} is ${describe(value)}, not an @Actor class. ` +
        `Export the class decorated with @Actor() and name it in { export }.`,
    );
  }
  return { file, exportName: name, actorClass: value as ActorClass, exports };
}

function pickExport(exports: object, exportName: string | undefined, file: string, where: string): [string, unknown] {
  const table = exports as Record<string, unknown>;
  if (exportName !== undefined) {
    if (!(exportName in table)) {
      throw new ActorConfigError(
        `${where}: ${file} has no export "${exportName}"; it exports ${list(Object.keys(table))}.`,
      );
    }
    return [exportName, table[exportName]];
  }
  if (typeof table.default === 'function') return ['default', table.default];
  const actors = Object.entries(table).filter(([, v]) => typeof v === 'function' && Reflect.hasMetadata(ACTOR_OPTIONS, v));
  if (actors.length === 1) return actors[0];
  throw new ActorConfigError(
    `${where}: name the actor class with { export }: ${file} exports ` +
      (actors.length === 0 ? 'no @Actor class' : `several @Actor classes (${list(actors.map(([k]) => k))})`) +
      '.',
  );
}

function list(names: string[]): string {
  return names.length === 0 ? 'nothing' : names.map((n) => `"${n}"`).join(', ');
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `the class or function ${value.name || '(anonymous)'} without @Actor()`;
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
