import type { RunFn } from '../measure';

/** The libraries compared. "raw" is the hand-written baseline of `src/raw.ts`. */
export const LIBS = ['raw', 'troupe', 'nact', 'xstate', 'comedy'] as const;
export type Lib = (typeof LIBS)[number];

/** One scenario: a run function per library that can express it, and why the others cannot. */
export interface Scenario {
  readonly name: string;
  /** One line: what is measured. */
  readonly what: string;
  /** What one operation is, for the unit of the rate (`msg`, `req`, `actor`, `restart`). */
  readonly op: string;
  readonly run: Partial<Record<Lib, RunFn>>;
  /** Libraries that cannot express the scenario, and why. */
  readonly unsupported?: Partial<Record<Lib, string>>;
  /** A Troupe option measured against Troupe without it (not a comparison of libraries). */
  readonly option?: boolean;
  /** Troupe's target against raw, when it is not 1 (a multiple of raw's rate). */
  readonly rawTarget?: number;
  /** Set while the scenario waits for a package that has not landed: nothing runs. */
  readonly pending?: string;
}
