import type { HandledBy, Message } from '@troupe/core';

/** Values structured clone copies as they are: nothing inside them to check. */
type Leaf = string | number | boolean | bigint | null | undefined | Date | RegExp | ArrayBuffer | SharedArrayBuffer | ArrayBufferView | Error;

type Down = [never, 0, 1, 2, 3, 4, 5];

/** `K` followed by a sub-path. */
type Under<K extends string, P> = P extends '' ? K : P extends `[]${string}` ? `${K}${P}` : P extends string ? `${K}.${P}` : never;

/**
 * The paths of the fields of `T` that hold a function or a symbol (`''` for `T` itself), looking
 * `D` levels deep into objects, arrays, maps and sets. `any` is not checked.
 */
export type UncloneablePaths<T, D extends number = 5> = 0 extends 1 & T
  ? never
  : T extends Function | symbol
    ? ''
    : T extends Leaf
      ? never
      : [D] extends [never]
        ? never
        : T extends ReadonlyArray<infer E>
          ? Under<'[]', UncloneablePaths<E, Down[D]>>
          : T extends ReadonlyMap<infer K, infer V>
            ? Under<'<key>', UncloneablePaths<K, Down[D]>> | Under<'<value>', UncloneablePaths<V, Down[D]>>
            : T extends ReadonlySet<infer E>
              ? Under<'<item>', UncloneablePaths<E, Down[D]>>
              : T extends object
                ? { [K in keyof T & string]-?: Under<K, UncloneablePaths<T[K], Down[D]>> }[keyof T & string]
                : never;

/** For each message type of `A` with such fields: the message type and the paths. */
type Offenders<A> =
  HandledBy<A> extends infer M
    ? M extends Message<unknown>
      ? [UncloneablePaths<M>] extends [never]
        ? never
        : { message: M; fields: UncloneablePaths<M> }
      : never
    : never;

/**
 * `unknown` when every message type that actor `A`'s handlers take is data that can cross to a
 * worker thread; otherwise a type with a required property whose name says what is wrong, which
 * makes `spawnThreaded<A>(...)` fail to compile and shows the offending message types and
 * fields. TypeScript cannot tell a method from a function-valued field, so message classes with
 * methods are refused too: keep messages to data (a method's logic can live in a function).
 */
export type ThreadSafe<A> = unknown extends A
  ? unknown
  : [Offenders<A>] extends [never]
    ? unknown
    : { 'messages of this actor hold functions or symbols, which cannot cross to a worker thread': Offenders<A> };
