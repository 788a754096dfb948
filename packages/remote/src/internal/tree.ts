import { ActorRef } from '@troupe/core';
import { RemoteError } from '../errors';
import { classNamed, errorClassNamed, errorWireName, wireNameOfClass } from './classes';

/**
 * The wire tree: what a message, a reply or an error becomes before the codec (msgpack or JSON)
 * turns it into bytes. Strings, booleans, numbers and null stand for themselves; everything else is
 * an array whose first element is a tag, so that nothing a user writes can be mistaken for our
 * structure. Objects are flat `[tag, key, value, key, value, ...]` arrays, never codec maps, so the
 * codec never builds an object from keys on the wire: only {@link TreeReader} does, and it never
 * writes `__proto__`, `constructor` or `prototype`.
 */
export const T = {
  Undefined: 0,
  Array: 1,
  Object: 2,
  /** `[3, wireName, key, value, ...]`: an instance of a `@Wire` class. */
  Instance: 3,
  Date: 4,
  Map: 5,
  Set: 6,
  Bytes: 7,
  BigInt: 8,
  /** `[9, node, incarnation, handle, path, capacity]`: an actor's address. */
  Addr: 9,
  /** `[10, wireName or '', name, message, stack, key, value, ...]` */
  Error: 10,
  /** A number JSON cannot hold: `[11, 'NaN' | 'Infinity' | '-Infinity']`. */
  Number: 11,
  /** The message a reply answers (an error's `sentMessage`): the sender has it already. */
  Sent: 12,
} as const;

/** How deep a value may nest (a cycle goes deeper): refused beyond. */
export const MAX_DEPTH = 64;

/** An address as it crosses: the node and incarnation that own the actor, its handle there, its path, its capacity. */
export type AddrRef = [node: string, incarnation: number, handle: number, path: string, capacity: number];

/** Turns addresses into references and back (the node's table of handles and its proxies). */
export interface AddressBook {
  refOf(addr: ActorRef): AddrRef;
  addrOf(ref: AddrRef): ActorRef;
}

/** A value that cannot cross; `path` says where in the message, filled in on the way up. */
export class Refusal extends Error {
  readonly path: (string | number)[] = [];
  constructor(readonly reason: string) {
    super(reason);
  }

  /** `its field .a.b[2] is a function`, or `it is ...` at the top. */
  describe(): string {
    if (this.path.length === 0) return `it ${this.reason}`;
    const where = this.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
    return `its field ${where} ${this.reason}`;
  }
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const ERROR_OWN = new Set(['name', 'message', 'stack', 'cause']);

/** Writes values as wire trees. `json` writes what JSON cannot hold (bytes, `undefined`, NaN) as tagged values. */
export class TreeWriter {
  /** The message being answered, written as a back-reference (see `T.Sent`). */
  sent: unknown = undefined;

  constructor(
    private readonly book: AddressBook,
    private readonly json: boolean,
  ) {}

  /** The own enumerable fields of an object, as `[key, value, ...]` appended to `out`. */
  fields(object: object, depth: number, out: unknown[]): unknown[] {
    const record = object as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      out.push(key, this.child(record[key], depth, key));
    }
    return out;
  }

  value(v: unknown, depth: number): unknown {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return this.json && !Number.isFinite(v) ? [T.Number, String(v)] : v;
      case 'undefined':
        return this.json ? [T.Undefined] : undefined;
      case 'bigint':
        return [T.BigInt, v.toString()];
      case 'function':
        throw new Refusal('is a function');
      case 'symbol':
        throw new Refusal('is a symbol');
    }
    if (v === null) return null;
    if (depth >= MAX_DEPTH) throw new Refusal(`nests more than ${MAX_DEPTH} deep (a cycle?)`);
    const next = depth + 1;
    if (v === this.sent) return [T.Sent];
    if (Array.isArray(v)) {
      const out: unknown[] = [T.Array];
      for (let i = 0; i < v.length; i++) out.push(this.child(v[i], next, i));
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return this.fields(v as object, next, [T.Object]);
    if (v instanceof ActorRef) return [T.Addr, ...this.book.refOf(v)];
    if (v instanceof Uint8Array) return [T.Bytes, this.json ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : v];
    if (v instanceof Date) return [T.Date, v.getTime()];
    if (v instanceof Map) {
      const out: unknown[] = [T.Map];
      let i = 0;
      for (const [key, value] of v) {
        out.push(this.child(key, next, i), this.child(value, next, i));
        i++;
      }
      return out;
    }
    if (v instanceof Set) {
      const out: unknown[] = [T.Set];
      let i = 0;
      for (const item of v) out.push(this.child(item, next, i++));
      return out;
    }
    if (v instanceof Error) return this.error(v, next);
    const ctor = (proto as { constructor?: unknown }).constructor;
    const name = typeof ctor === 'function' ? wireNameOfClass(ctor) : undefined;
    if (name === undefined) {
      const className = typeof ctor === 'function' && ctor.name ? ctor.name : 'an object of an unknown class';
      throw new Refusal(`is a ${className}, which has no @Wire name: decorate the class with @Wire('a.unique.name') on every node`);
    }
    return this.fields(v as object, next, [T.Instance, name]);
  }

  /**
   * An error always crosses: its class by wire name (or its name, for a class the other side may
   * not know), message, stack, `cause` and the own fields that can cross (the others are left out).
   */
  error(e: Error, depth: number): unknown[] {
    const ctor = (Object.getPrototypeOf(e) as { constructor?: unknown } | null)?.constructor;
    const wire = typeof ctor === 'function' ? (errorWireName(ctor) ?? '') : '';
    const out: unknown[] = [T.Error, wire, text(() => e.name, 'Error'), text(() => e.message, ''), text(() => e.stack, '')];
    const record = e as unknown as Record<string, unknown>;
    const keys = Object.keys(e).filter((k) => !ERROR_OWN.has(k));
    if (Object.prototype.hasOwnProperty.call(e, 'cause')) keys.push('cause');
    for (const key of keys) {
      try {
        out.push(key, this.value(record[key], depth));
      } catch {
        // a field that cannot cross is left out: the error itself must arrive
      }
    }
    return out;
  }

  private child(v: unknown, depth: number, key: string | number): unknown {
    try {
      return this.value(v, depth);
    } catch (error) {
      if (error instanceof Refusal) error.path.unshift(key);
      throw error;
    }
  }
}

/**
 * Rebuilds values from wire trees: `@Wire` classes as instances of their classes (the prototype is
 * set, the constructor does not run; fields become own properties), errors as their classes or
 * `RemoteError`, addresses through the address book. Anything not in the wire format is refused.
 */
export class TreeReader {
  /** The message a reply answers, for `T.Sent`. */
  sent: unknown = undefined;
  /** The remote actor whose reply this is, for `RemoteError`'s path. */
  actor: string | undefined = undefined;

  constructor(private readonly book: AddressBook) {}

  /** Sets `[key, value, ...]` from `list` (starting at `from`) on `target` as own properties. */
  fieldsInto(target: object, list: readonly unknown[], from: number, depth: number, define: boolean): object {
    if ((list.length - from) % 2 !== 0) throw new Refusal('has a field without a value');
    const record = target as Record<string, unknown>;
    for (let i = from; i < list.length; i += 2) {
      const key = list[i];
      if (typeof key !== 'string') throw new Refusal('has a field name that is not a string');
      if (FORBIDDEN.has(key)) continue; // never written, whatever the sender meant by it
      const value = this.child(list[i + 1], depth, key);
      if (define) Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
      else record[key] = value;
    }
    return target;
  }

  value(v: unknown, depth: number): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (!Array.isArray(v)) throw new Refusal('is not in the wire format');
    if (depth >= MAX_DEPTH) throw new Refusal(`nests more than ${MAX_DEPTH} deep`);
    const next = depth + 1;
    switch (v[0]) {
      case T.Undefined:
        return undefined;
      case T.Array: {
        const out = new Array<unknown>(v.length - 1);
        for (let i = 1; i < v.length; i++) out[i - 1] = this.child(v[i], next, i - 1);
        return out;
      }
      case T.Object:
        return this.fieldsInto({}, v, 1, next, false);
      case T.Instance: {
        const name = v[1];
        if (typeof name !== 'string') throw new Refusal('names no class');
        const cls = classForInstance(name);
        return this.fieldsInto(Object.create(cls.prototype as object) as object, v, 2, next, true);
      }
      case T.Date:
        if (typeof v[1] !== 'number') throw new Refusal('is not a date');
        return new Date(v[1]);
      case T.Map: {
        if ((v.length - 1) % 2 !== 0) throw new Refusal('is a map with a key without a value');
        const map = new Map<unknown, unknown>();
        for (let i = 1; i < v.length; i += 2) map.set(this.child(v[i], next, (i - 1) / 2), this.child(v[i + 1], next, (i - 1) / 2));
        return map;
      }
      case T.Set: {
        const set = new Set<unknown>();
        for (let i = 1; i < v.length; i++) set.add(this.child(v[i], next, i - 1));
        return set;
      }
      case T.Bytes: {
        const bytes = v[1];
        if (typeof bytes === 'string') return new Uint8Array(Buffer.from(bytes, 'base64'));
        if (bytes instanceof Uint8Array) return Uint8Array.prototype.slice.call(bytes); // a copy, never a view of the frame
        throw new Refusal('is not bytes');
      }
      case T.BigInt:
        if (typeof v[1] !== 'string' || !/^-?\d+$/.test(v[1])) throw new Refusal('is not a bigint');
        return BigInt(v[1]);
      case T.Addr:
        return this.book.addrOf(addrRef(v));
      case T.Error:
        return this.error(v, next);
      case T.Number:
        if (v[1] === 'NaN') return NaN;
        if (v[1] === 'Infinity') return Infinity;
        if (v[1] === '-Infinity') return -Infinity;
        throw new Refusal('is not a number');
      case T.Sent:
        return this.sent;
      default:
        throw new Refusal(`has an unknown tag ${String(v[0])}`);
    }
  }

  error(v: readonly unknown[], depth: number): Error {
    const [, wire, name, message, stack] = v;
    if (typeof wire !== 'string' || typeof name !== 'string' || typeof message !== 'string' || typeof stack !== 'string') {
      throw new Refusal('is not an error in the wire format');
    }
    const cls = wire === '' ? undefined : errorClassNamed(wire);
    if (cls === undefined) {
      const remote = new RemoteError(name, message, this.actor, stack);
      return this.fieldsInto(remote, v, 5, depth, true) as Error;
    }
    const error = Object.create(cls.prototype as object) as Error;
    const hidden = (key: string, value: unknown): void => {
      Object.defineProperty(error, key, { value, writable: true, enumerable: false, configurable: true });
    };
    hidden('message', message);
    hidden('stack', stack);
    if (name !== (cls.prototype as Error).name) Object.defineProperty(error, 'name', { value: name, writable: true, enumerable: true, configurable: true });
    return this.fieldsInto(error, v, 5, depth, true) as Error;
  }

  private child(v: unknown, depth: number, key: string | number): unknown {
    try {
      return this.value(v, depth);
    } catch (error) {
      if (error instanceof Refusal) error.path.unshift(key);
      throw error;
    }
  }
}

function classForInstance(name: string): { prototype: unknown } {
  const cls = classNamed(name);
  if (cls === undefined) throw new Refusal(`is of class "${name}", unknown on this node (no class has @Wire('${name}') here)`);
  return cls;
}

function addrRef(v: readonly unknown[]): AddrRef {
  const [, node, incarnation, handle, path, capacity] = v;
  if (
    typeof node !== 'string' ||
    typeof incarnation !== 'number' ||
    typeof handle !== 'number' ||
    typeof path !== 'string' ||
    typeof capacity !== 'number'
  ) {
    throw new Refusal('is not an address in the wire format');
  }
  return [node, incarnation, handle, path, capacity];
}

function text(read: () => unknown, fallback: string): string {
  try {
    const value = read();
    return typeof value === 'string' ? value : fallback;
  } catch {
    return fallback;
  }
}
