import { Message } from '@troupe/core';
import { KNOWN_ERROR_CLASSES, WIRE_NAME, wireClassNamed } from '@troupe/core/internal';
import { NameTakenError, NoRouteeError } from '@troupe/registry';
import { DisconnectedError, EntityUnavailableError, NodeDownError, RemoteError } from '../errors';

type Class = abstract new (...args: never[]) => unknown;

/**
 * Error classes every node knows without `@Wire`, by class name: JavaScript's own and every error
 * Troupe raises, so that they cross intact.
 */
const KNOWN_ERRORS: readonly Class[] = [
  ...KNOWN_ERROR_CLASSES,
  NameTakenError,
  NoRouteeError,
  NodeDownError,
  RemoteError,
  DisconnectedError,
  EntityUnavailableError,
];

const knownByName = new Map<string, Class>(KNOWN_ERRORS.map((c) => [c.name, c]));
const knownNames = new Map<Class, string>(KNOWN_ERRORS.map((c) => [c, c.name]));
const wireNames = new WeakMap<object, string | null>();

/** The `@Wire` name of a class (its own, not inherited), or undefined. Cached. */
export function wireNameOfClass(ctor: object): string | undefined {
  let name = wireNames.get(ctor);
  if (name === undefined) {
    name = (Reflect.getOwnMetadata(WIRE_NAME, ctor) as string | undefined) ?? null;
    wireNames.set(ctor, name);
  }
  return name ?? undefined;
}

/** The name an error's class crosses under: its `@Wire` name, or the name of a class every node knows. */
export function errorWireName(ctor: object): string | undefined {
  return wireNameOfClass(ctor) ?? knownNames.get(ctor as Class);
}

/** The class registered under a wire name (by `@Wire`), if it can be rebuilt: a class with a prototype object. */
export function classNamed(name: string): Class | undefined {
  const found = wireClassNamed(name);
  return found !== undefined && typeof found.prototype === 'object' && found.prototype !== null ? found : undefined;
}

/** An error class by wire name: a `@Wire` class that extends `Error`, or a known one. */
export function errorClassNamed(name: string): Class | undefined {
  const found = classNamed(name);
  if (found !== undefined && found.prototype instanceof Error) return found;
  return knownByName.get(name);
}

/** The message class registered under a wire name, or undefined (unknown, or not a `Message`). */
export function messageClassNamed(name: string): Class | undefined {
  const found = classNamed(name);
  return found !== undefined && found.prototype instanceof Message ? found : undefined;
}
