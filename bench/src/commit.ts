import { execFileSync } from 'node:child_process';

/**
 * The commit a benchmark ran, for its report: `commit 1a2b3c4`, with a note when `paths` (the
 * packages it measures) differ from it, or `an unknown commit` outside a git checkout.
 */
export function commitOf(paths: readonly string[]): string {
  try {
    // From the checkout's root, wherever this module runs from (src, or compiled in .build).
    const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: __dirname, encoding: 'utf8' }).trim();
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', ...paths], { cwd: root, encoding: 'utf8' }).trim();
    return changed === '' ? `commit ${head}` : `commit ${head} with uncommitted changes in ${paths.join(', ')}`;
  } catch {
    return 'an unknown commit';
  }
}
