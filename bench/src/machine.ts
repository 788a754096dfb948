import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The conditions of a run, for the report. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  versions: Record<string, string>;
  /** 1-minute load average when the run began and ended: other work on the machine skews figures. */
  loadStart: number;
  loadEnd?: number;
}

/** The installed version of a package: its package.json, found above its entry point. */
function versionOf(pkg: string): string {
  try {
    for (let dir = path.dirname(require.resolve(pkg)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (json.name === pkg) return json.version ?? 'unknown';
    }
  } catch {
    // not installed
  }
  return 'unknown';
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    versions: {
      '@troupe/core': versionOf('@troupe/core'),
      nact: versionOf('nact'),
      xstate: versionOf('xstate'),
      comedy: versionOf('comedy'),
    },
    loadStart: os.loadavg()[0],
  };
}
