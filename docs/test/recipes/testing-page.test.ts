// The examples of the "Testing actors" page (docs/recipes/testing.md) are tests written for
// `node:test`: this runs them under node's own runner, as a reader would, on the built packages
// (`npm test` builds first). The snippet test type-checks the same blocks.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { extractSnippets, splitFiles } from '../../.vitepress/snippet';

const docs = join(__dirname, '..', '..');

test('every example of the testing page passes under node:test', () => {
  // Inside docs/, so that `@troupe/*` resolve from the repository's node_modules.
  const dir = join(docs, '.snippets-run', 'testing');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const tests: string[] = [];
    const blocks = extractSnippets(readFileSync(join(docs, 'recipes', 'testing.md'), 'utf8'));
    blocks.forEach((block, n) => {
      for (const file of splitFiles(block.code, `block-${n + 1}.ts`)) {
        const { outputText } = ts.transpileModule(file.text, {
          compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            experimentalDecorators: true,
            emitDecoratorMetadata: true,
            esModuleInterop: true,
          },
        });
        const name = file.name.replace(/\.ts$/, '.js');
        writeFileSync(join(dir, name), outputText);
        if (file.text.includes("from 'node:test'")) tests.push(name);
      }
    });
    expect(tests.length).toBeGreaterThanOrEqual(4);
    let out: string;
    try {
      out = execFileSync(process.execPath, ['--test', '--test-reporter=tap', ...tests], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    } catch (error) {
      throw new Error(`node --test failed:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    }
    expect(out).toMatch(/^# fail 0$/m);
    expect(Number(/^# pass (\d+)$/m.exec(out)?.[1])).toBeGreaterThanOrEqual(tests.length);
  } finally {
    if (!process.env.KEEP_SNIPPETS) rmSync(join(docs, ".snippets-run"), { recursive: true, force: true });
  }
});
