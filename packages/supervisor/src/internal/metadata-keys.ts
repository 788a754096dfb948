/**
 * The metadata keys of `@troupe/supervisor`'s decorators. They only record under these keys;
 * `internal/config.ts` is the one reader. Core's keys (`troupe:strategy`, `troupe:extensions`)
 * are written as well, so that core builds the strategy and runs the hooks.
 */
export const SUPERVISE = 'troupe:supervisor:options';
/** A class's own `@Child` declarations, in declaration order. */
export const CHILDREN = 'troupe:supervisor:children';
