/**
 * Reads the output of `valgrind --tool=callgrind --dump-instr=yes`: the instructions executed at
 * each machine-code address (self cost, the `Ir` event), and the names callgrind gives the code
 * it knows (symbols of the node binary and its libraries; not the JavaScript V8 compiles).
 */

/** Instructions executed per address, and the function callgrind named for each address it saw. */
export interface CallgrindCosts {
  /** Self cost per instruction address. */
  readonly byAddress: Map<number, number>;
  /** The callgrind function (`fn=`) each address was reported under. */
  readonly functionAt: Map<number, string>;
  /** Every instruction executed, the figure valgrind prints as "Collected". */
  readonly total: number;
}

/** `0x1f` (absolute), `+4` / `-0x4` (relative to the last position), or `*` (the same). */
function position(token: string, last: number): number {
  if (token === '*') return last;
  const sign = token[0];
  if (sign === '+') return last + Number(token.slice(1));
  if (sign === '-') return last - Number(token.slice(1));
  return Number(token);
}

/**
 * Parses a callgrind file. A cost line is its positions (the address, then the source line when
 * callgrind has debug information) and its events (`Ir` first). Lines after `calls=` carry the
 * callee's inclusive cost, already counted where the callee ran: their address moves the cursor,
 * their cost is skipped.
 */
export function parseCallgrind(text: string): CallgrindCosts {
  const byAddress = new Map<number, number>();
  const functionAt = new Map<number, string>();
  const names = new Map<string, string>();
  let fn = '?';
  let at = 0;
  let afterCalls = false;
  let total = 0;
  /** Position columns before the costs: `positions: instr line` gives two. */
  let positions = 1;
  for (const line of text.split('\n')) {
    const first = line.charCodeAt(0);
    const isCost = line.startsWith('0x') || first === 43 /* + */ || first === 45 /* - */ || first === 42; /* * */
    if (!isCost) {
      if (line.startsWith('fn=')) fn = nameOf(line.slice(3), names);
      else if (line.startsWith('cfn=')) nameOf(line.slice(4), names); // a callee's name may be given first here
      else if (line.startsWith('calls=')) afterCalls = true;
      else if (line.startsWith('summary:') || line.startsWith('totals:')) total = Number(line.split(/\s+/)[1]);
      else if (line.startsWith('positions:')) positions = line.trim().split(/\s+/).length - 1;
      continue;
    }
    const columns = line.split(' ');
    at = position(columns[0], at);
    const cost = columns[positions];
    if (afterCalls) {
      afterCalls = false;
      continue;
    }
    const n = Number(cost ?? 0);
    byAddress.set(at, (byAddress.get(at) ?? 0) + n);
    if (!functionAt.has(at)) functionAt.set(at, fn);
  }
  return { byAddress, functionAt, total };
}

/** `(12) name` defines id 12; a later `(12)` refers to it. */
function nameOf(spec: string, names: Map<string, string>): string {
  const match = /^(\(\d+\))(?: (.*))?$/.exec(spec);
  if (match === null) return spec;
  const [, id, name] = match;
  if (name !== undefined) names.set(id, name);
  return names.get(id) ?? id;
}
