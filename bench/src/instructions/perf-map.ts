/**
 * The map V8 writes with `--perf-basic-prof` (`/tmp/perf-<pid>.map`): one line per piece of code
 * it generated, `<start hex> <size hex> <name>`, such as `JS:*drain /path/cell.js:158:10` (`*`:
 * optimized by TurboFan) or `Builtin:RecordWriteSaveFP`. Code that V8 discarded may have its
 * addresses reused later: the later line wins.
 */
export class PerfMap {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly names: string[] = [];

  constructor(text: string) {
    const entries: { start: number; end: number; name: string; order: number }[] = [];
    for (const line of text.split('\n')) {
      const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
      if (match === null) continue;
      const start = Number.parseInt(match[1], 16);
      entries.push({ start, end: start + Number.parseInt(match[2], 16), name: match[3], order: entries.length });
    }
    // By start; of two pieces at the same start, the later one last, so that the lookup finds it.
    entries.sort((a, b) => a.start - b.start || a.order - b.order);
    for (const e of entries) {
      this.starts.push(e.start);
      this.ends.push(e.end);
      this.names.push(e.name);
    }
  }

  /** The code at `address`, or undefined for code V8 did not generate (the node binary's own). */
  nameAt(address: number): string | undefined {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && address < this.ends[found] ? this.names[found] : undefined;
  }
}
