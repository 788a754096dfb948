import { ActorConfigError, ActorStoppedError, Addr, type ActorSystem } from '@troupe/core';
import { cellOf, systemOf } from '@troupe/core/internal';

/** A registry name or group name: a non-empty string. Returns it, or throws a clear error. */
export function checkKey(value: unknown, kind: 'name' | 'group', where: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ActorConfigError(`${where}: a ${kind} must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** A live `Addr` of this system: registering anything else is refused at the call. */
export function checkAddr(value: unknown, system: ActorSystem, where: string): Addr<unknown> {
  if (!(value instanceof Addr)) {
    throw new ActorConfigError(`${where}: expected an Addr (as returned by spawn), got ${describe(value)}`);
  }
  const owner = systemOf(cellOf(value));
  if (owner !== system) {
    throw new ActorConfigError(
      `${where}: ${value.path} belongs to system "${owner.name}", not "${system.name}"; ` +
        'each system has its own registry (use Registry.of(thatSystem))',
      value.path,
    );
  }
  if (!value.isAlive) {
    throw new ActorStoppedError(value.path, undefined, `is not alive, so ${where} cannot register it`);
  }
  return value;
}

/** A timeout in ms: a positive number or Infinity. */
export function checkTimeout(value: unknown, where: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new ActorConfigError(`${where}: timeoutMs must be a positive number or Infinity, got ${describe(value)}`);
  }
  return value;
}

/** A function argument, such as a listener or a key function. */
export function checkFunction<F>(value: F, what: string, where: string): F {
  if (typeof value !== 'function') {
    throw new ActorConfigError(`${where}: ${what} must be a function, got ${describe(value)}`);
  }
  return value;
}

/** A positive integer, such as a pool size or a count of virtual nodes. */
export function checkPositiveInteger(value: unknown, what: string, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ActorConfigError(`${where}: ${what} must be a positive integer, got ${describe(value)}`);
  }
  return value;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  const ctor = (value as { constructor?: { name?: string } }).constructor;
  return ctor?.name ? `a ${ctor.name}` : 'an object';
}
