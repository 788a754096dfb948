import { Message } from '@troupe/core';

/** A step in a path from a message to one of its fields: a property name or an array index. */
export type PathKey = string | number;

/** A message nested inside another (or inside a reply), to be rebuilt on the other side. */
export type NestedMessage = readonly [path: readonly PathKey[], wire: string];

/** What structured clone would refuse, and where. */
export interface Refusal {
  /** The field path from the root, such as `.job.onDone` or `.items[2]`. */
  readonly path: string;
  /** What is there, such as `a function`. */
  readonly what: string;
}

/** The outcome of a scan that found something to report: a refusal, or nested messages. */
export interface Scan {
  readonly refusal: Refusal | undefined;
  readonly nested: NestedMessage[] | undefined;
}

/** The wire name under which the other side knows a message class, if it does. */
export type WireOf = (messageClass: Function) => string | undefined;

/**
 * Walks `root` as structured clone would, without copying it: returns `undefined` when it is
 * plain data with no nested message (the common case, checked without allocating), else the
 * first field that cannot be cloned and the messages nested in it. Instances of classes that are
 * neither plain objects nor messages are walked, then tried with `structuredClone`, which is the
 * only way to see host objects (a socket's handle) that the walk cannot.
 */
export function scan(root: object, wireOf: WireOf): Scan | undefined {
  if (isFlat(root)) return undefined;
  const scanner = new Scanner(wireOf);
  if (Array.isArray(root)) scanner.visitArray(root);
  else scanner.visitFields(root);
  if (scanner.refusal === undefined && scanner.nested === undefined) return undefined;
  return { refusal: scanner.refusal, nested: scanner.nested };
}

/** Formats a refusal for an error message. */
export function describeRefusal(refusal: Refusal): string {
  return `its field ${refusal.path} is ${refusal.what}`;
}

/** True when every own field is a primitive other than a symbol: nothing to walk. */
export function isFlat(root: object): boolean {
  // for...in rather than Object.keys: no array per message on the hot path.
  for (const key in root) {
    if (!Object.prototype.hasOwnProperty.call(root, key)) continue;
    const value = (root as Record<string, unknown>)[key];
    const type = typeof value;
    if (type === 'object' ? value !== null : type === 'function' || type === 'symbol') return false;
  }
  return true;
}

class Scanner {
  refusal: Refusal | undefined = undefined;
  nested: NestedMessage[] | undefined = undefined;
  private readonly path: PathKey[] = [];
  private readonly seen = new Set<object>();
  /** Depth inside a Map or Set, where nested messages cannot be addressed by path. */
  private inCollection = 0;
  /** The innermost instance of an unknown class on the current path, for error messages. */
  private host: { name: string; path: string } | undefined = undefined;

  constructor(private readonly wireOf: WireOf) {}

  visitFields(object: object): void {
    const keys = Object.keys(object);
    for (let i = 0; i < keys.length && this.refusal === undefined; i++) {
      this.path.push(keys[i]);
      this.visit((object as Record<string, unknown>)[keys[i]]);
      this.path.pop();
    }
  }

  private visit(value: unknown): void {
    const type = typeof value;
    if (type === 'function') return this.refuse('a function');
    if (type === 'symbol') return this.refuse('a symbol');
    if (type !== 'object' || value === null) return;
    const object = value as object;
    if (this.seen.has(object)) return;
    this.seen.add(object);
    if (Array.isArray(object)) return this.visitArray(object);
    if (isCloneableLeaf(object)) return;
    if (object instanceof Map) return this.visitMap(object);
    if (object instanceof Set) return this.visitSet(object);
    if (isRefusedBuiltin(object)) return this.refuse(`a ${className(object)}`);
    const proto = Object.getPrototypeOf(object) as object | null;
    if (proto === Object.prototype || proto === null) return this.visitFields(object);
    if (object instanceof Message) {
      this.recordNested(object);
      return this.visitFields(object);
    }
    this.visitInstance(object);
  }

  visitArray(array: readonly unknown[]): void {
    for (let i = 0; i < array.length && this.refusal === undefined; i++) {
      this.path.push(i);
      this.visit(array[i]);
      this.path.pop();
    }
  }

  private visitMap(map: Map<unknown, unknown>): void {
    this.inCollection++;
    for (const [key, value] of map) {
      if (this.refusal !== undefined) break;
      this.path.push('<key>');
      this.visit(key);
      this.path.pop();
      this.path.push(`get(${formatKey(key)})`);
      this.visit(value);
      this.path.pop();
    }
    this.inCollection--;
  }

  private visitSet(set: Set<unknown>): void {
    this.inCollection++;
    for (const item of set) {
      if (this.refusal !== undefined) break;
      this.path.push('<item>');
      this.visit(item);
      this.path.pop();
    }
    this.inCollection--;
  }

  /** An instance of some class: cloned as a plain object of its own fields, if V8 can. */
  private visitInstance(object: object): void {
    const outer = this.host;
    this.host = { name: className(object), path: formatPath(this.path) };
    this.visitFields(object);
    this.host = outer;
    if (this.refusal !== undefined) return;
    try {
      structuredClone(object);
    } catch (error) {
      this.refuse(`a ${className(object)}, which structured clone refuses (${(error as Error).message})`);
    }
  }

  private recordNested(message: object): void {
    if (this.inCollection > 0) return;
    const wire = this.wireOf(message.constructor);
    if (wire !== undefined) (this.nested ??= []).push([this.path.slice(), wire]);
  }

  private refuse(what: string): void {
    const host = this.host;
    this.refusal = {
      path: formatPath(this.path),
      what: host === undefined ? what : `${what}, inside a ${host.name} at ${host.path}`,
    };
  }
}

function isCloneableLeaf(object: object): boolean {
  return (
    ArrayBuffer.isView(object) ||
    object instanceof ArrayBuffer ||
    object instanceof SharedArrayBuffer ||
    object instanceof Date ||
    object instanceof RegExp ||
    object instanceof Error ||
    object instanceof Boolean ||
    object instanceof Number ||
    object instanceof String ||
    (typeof Blob === 'function' && object instanceof Blob)
  );
}

function isRefusedBuiltin(object: object): boolean {
  return object instanceof Promise || object instanceof WeakMap || object instanceof WeakSet || object instanceof WeakRef;
}

function className(object: object): string {
  return (object as { constructor?: { name?: string } }).constructor?.name || 'Object';
}

function formatKey(key: unknown): string {
  return typeof key === 'string' ? JSON.stringify(key) : typeof key === 'object' && key !== null ? '{…}' : String(key);
}

/** `['job', 'items', 2, 'onDone']` → `.job.items[2].onDone`. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) || key.startsWith('get(') || key.startsWith('<') ? `.${key}` : `[${JSON.stringify(key)}]`;
  return out;
}
