import type { HandledBy, Message } from '@troupe/core';

/** Values structured clone copies as they are: nothing inside them to check. */
type Leaf = string | number | boolean | bigint | null | undefined | Date | RegExp | ArrayBuffer | SharedArrayBuffer | ArrayBufferView | Error;

type Down = [never, 0, 1, 2, 3, 4, 5];

/** `true` when `X` and `Y` are the same type, modifiers included. */
type Same<X, Y> = (<G>() => G extends X ? 1 : 2) extends (<G>() => G extends Y ? 1 : 2) ? true : false;

/** Whether member `K` of `T` is `readonly`, which a method never is. */
type IsReadonly<T, K extends keyof T> = Same<Pick<T, K>, { -readonly [P in K]: T[P] }> extends true ? false : true;

/**
 * Whether member `K` of `T` is a method, as far as TypeScript can tell: a function that is not
 * `readonly` and whose parameters are compared bivariantly, which (under `strictFunctionTypes`)
 * only a method's are: `((...args: never) => never)` is assignable to `(x: string) => R` when that
 * comes from a method `m(x: string): R`, not from a field `f: (x: string) => R`. A method takes no
 * room in a message: structured clone copies own fields, and the class is rebuilt on the other
 * side. TypeScript cannot tell a mutable field holding a function of no parameters
 * (`onDone: () => void`) from a method, nor, without `strictFunctionTypes`, any mutable field
 * holding a function: those pass here, and the check at the call refuses them.
 */
type IsMethod<T, K extends keyof T> = [Exclude<T[K], undefined>] extends [(...args: never) => unknown]
  ? IsReadonly<T, K> extends true
    ? false
    : ((...args: never) => never) extends Exclude<T[K], undefined>
      ? true
      : false
  : false;

/** `K` followed by a sub-path. */
type Under<K extends string, P> = P extends '' ? K : P extends `[]${string}` ? `${K}${P}` : P extends string ? `${K}.${P}` : never;

/**
 * The paths of the fields of `T` that hold a function or a symbol (`''` for `T` itself), looking
 * `D` levels deep into objects, arrays, maps and sets. Methods are not fields (see
 * {@link IsMethod}); getters are fields of the type they return. `any` is not checked.
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
                ? { [K in keyof T & string]-?: IsMethod<T, K> extends true ? never : Under<K, UncloneablePaths<T[K], Down[D]>> }[keyof T & string]
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
 * fields. Methods and getters of message classes are fine: they stay on the class, which is
 * rebuilt on the other side. A field that holds a function is refused where TypeScript can tell it
 * from a method: a `readonly` one (`readonly onDone: () => void`, a `readonly` constructor
 * parameter, `readonly callback = () => 1`), or one whose function takes parameters. A mutable
 * field holding a function of no parameters passes here and is refused at the call.
 */
export type ThreadSafe<A> = unknown extends A
  ? unknown
  : [Offenders<A>] extends [never]
    ? unknown
    : { 'messages of this actor hold functions or symbols, which cannot cross to a worker thread': Offenders<A> };
