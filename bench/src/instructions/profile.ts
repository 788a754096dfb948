/** Instructions by the code that executed them: a JavaScript function, a V8 builtin, or C++. */
import type { CallgrindCosts } from './callgrind';
import type { PerfMap } from './perf-map';

/** Instructions per piece of code, by the name the report shows. */
export type Profile = Map<string, number>;

const GC = /scaveng|heap|markcompact|marking|sweep|evacuat|remembered|slotset|gc|minor|major/i;

/**
 * The name a report shows for a piece of code: `drain` at `core/dist/internal/cell/cell.js:158`
 * for JavaScript (every tier of a function together), `builtin RecordWriteSaveFP`, `interpreter`
 * for the bytecode handlers, and for the node binary's own code its garbage collector or the rest.
 */
export function codeName(jit: string | undefined, native: string): string {
  if (jit === undefined) return GC.test(native) ? 'C++: garbage collector' : 'C++: V8 runtime, Node, libc';
  if (jit.startsWith('Builtin:')) return `builtin ${jit.slice('Builtin:'.length)}`;
  if (jit.startsWith('BytecodeHandler:')) return 'interpreter';
  const js = /^JS:[*~^+]?(\S*) (.*?)(?::\d+)?$/.exec(jit);
  if (js === null) return jit;
  const [, fn, where] = js;
  const file = where.replace(/^.*?(packages\/|bench\/\.build\/src\/|node_modules\/)/, '$1').replace(/^bench\/\.build\/src\//, 'bench/');
  return `\`${fn === '' ? '(anonymous)' : fn}\` ${file}`;
}

export function profileOf(costs: CallgrindCosts, map: PerfMap): Profile {
  const profile: Profile = new Map();
  for (const [address, n] of costs.byAddress) {
    const name = codeName(map.nameAt(address), costs.functionAt.get(address) ?? '?');
    profile.set(name, (profile.get(name) ?? 0) + n);
  }
  return profile;
}

/** Per operation: what `large` executed beyond `small`, divided by the operations it did beyond. */
export function perOperation(small: Profile, large: Profile, operations: number): Profile {
  const out: Profile = new Map();
  for (const [name, n] of large) out.set(name, (n - (small.get(name) ?? 0)) / operations);
  return out;
}

/** The `count` largest entries, largest first, and the rest summed as `other`. */
export function largest(profile: Profile, count: number): { readonly top: [string, number][]; readonly other: number } {
  const sorted = [...profile].sort((a, b) => b[1] - a[1]);
  const top = sorted.slice(0, count);
  const other = sorted.slice(count).reduce((sum, [, n]) => sum + n, 0);
  return { top, other };
}
