import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSnippets, docsDir, formatErrors, guidePages, readmePages, userCompilerOptions } from './check-snippets';
import { extractSnippets, renderSnippet, splitFiles } from '../.vitepress/snippet';

// Type-checking the packages' sources along with the snippets takes a few seconds.
jest.setTimeout(120_000);

describe('code blocks in the guides', () => {
  it('every ```ts block of every page compiles against the packages', () => {
    const pages = guidePages();
    expect(pages.length).toBeGreaterThan(10);
    const { errors, snippets, pending } = checkSnippets(pages);
    expect(snippets).toBeGreaterThan(20);
    if (pending.length > 0) {
      console.warn(`${pending.length} snippet(s) use a package with no exports yet, not checked until it lands:\n  ${pending.join('\n  ')}`);
    }
    if (errors.length > 0) throw new Error(`${errors.length} snippet error(s):\n${formatErrors(errors)}`);
  });
});

describe('code blocks in the READMEs', () => {
  it('every ```ts block of the repository, package and example READMEs compiles as shown', () => {
    const pages = readmePages();
    expect(pages.map((p) => p.path)).toEqual(expect.arrayContaining(['README.md', 'packages/core/README.md']));
    const { errors, snippets, pending } = checkSnippets(pages);
    expect(snippets).toBeGreaterThan(4);
    if (pending.length > 0) {
      console.warn(`${pending.length} snippet(s) use a package with no exports yet, not checked until it lands:\n  ${pending.join('\n  ')}`);
    }
    if (errors.length > 0) throw new Error(`${errors.length} snippet error(s):\n${formatErrors(errors)}`);
  });
});

describe('the compile settings of snippets', () => {
  it('are the tsconfig that getting started tells users to write', () => {
    const page = readFileSync(join(docsDir, 'guide', 'getting-started.md'), 'utf8');
    const block = /```json\n(\{\n  "compilerOptions"[\s\S]*?)\n```/.exec(page);
    expect(block).not.toBeNull();
    expect(JSON.parse(block![1])).toEqual({ compilerOptions: userCompilerOptions });
  });
});

describe('the snippet checker', () => {
  const page = (markdown: string) => [{ path: 'fixture.md', markdown }];

  it('reports a snippet that does not compile, with its page and line', () => {
    const markdown = [
      '# Fixture',
      '',
      '```ts',
      "import { Message } from '@troupe/core';",
      'class GetCount extends Message<number> {}',
      "const n: string = 'x' * new GetCount();",
      '```',
    ].join('\n');
    const { errors } = checkSnippets(page(markdown));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ page: 'fixture.md', line: 6 });
  });

  it('reports a call that drifted from the API', () => {
    const markdown = [
      '```ts',
      "import { ActorSystem } from '@troupe/core';",
      "const system = new ActorSystem({ name: 'x' });",
      'system.spawnActor();',
      '```',
    ].join('\n');
    const { errors } = checkSnippets(page(markdown));
    expect(formatErrors(errors)).toMatch(/fixture\.md:4 .*spawnActor/);
  });

  it('compiles the hidden preamble with the shown part, and files that import each other', () => {
    const markdown = [
      '```ts',
      '// @filename: messages.ts',
      "import { Message } from '@troupe/core';",
      'export class Ping extends Message<string> {}',
      '// @filename: main.ts',
      "import { Ping } from './messages';",
      CUT_LINE,
      'const p: Ping = new Ping();',
      '```',
    ].join('\n');
    expect(checkSnippets(page(markdown)).errors).toEqual([]);
  });

  it('reports top-level await in a README, a CommonJS module as in a user’s project (TS1309)', () => {
    const markdown = [
      '# my-app',
      '',
      '```ts',
      "import { ActorSystem } from '@troupe/core';",
      'const system = new ActorSystem();',
      'await system.shutdown();',
      '```',
    ].join('\n');
    const { errors } = checkSnippets([{ path: 'README.md', markdown, verbatim: true }]);
    expect(formatErrors(errors)).toMatch(/^README\.md:6 .*TS1309/);
    expect(errors).toHaveLength(1);
  });

  it('accepts the same program with its awaits inside an async function', () => {
    const markdown = [
      '```ts',
      "import { ActorSystem } from '@troupe/core';",
      'async function main() {',
      '  const system = new ActorSystem();',
      '  await system.shutdown();',
      '}',
      'main();',
      '```',
    ].join('\n');
    expect(checkSnippets([{ path: 'README.md', markdown, verbatim: true }]).errors).toEqual([]);
  });

  it('reports a hidden preamble in a page that is shown as written (a README)', () => {
    const markdown = ['```ts', "import { Message } from '@troupe/core';", CUT_LINE, 'class Ping extends Message<void> {}', '```'].join('\n');
    expect(formatErrors(checkSnippets([{ path: 'README.md', markdown, verbatim: true }]).errors)).toMatch(/README\.md:3 .*shown as written/);
    expect(checkSnippets(page(markdown)).errors).toEqual([]);
  });

  it('ignores other languages and nested fences', () => {
    const markdown = ['````md', '```ts', 'not checked', '```', '````', '```bash', 'npm test', '```'].join('\n');
    expect(extractSnippets(markdown)).toEqual([]);
  });

  it('shows only what is below the cut, with file markers as comments', () => {
    expect(renderSnippet('ts', `import x from 'y';\n${CUT_LINE}\nx();`)).toBe('x();');
    expect(renderSnippet('ts', '// @filename: a.ts\na();')).toBe('// a.ts\na();');
    expect(renderSnippet('bash', `${CUT_LINE}\nls`)).toBe(`${CUT_LINE}\nls`);
    expect(splitFiles('// @filename: a.ts\na();\n// @filename: b.ts\nb();').map((f) => f.name)).toEqual(['a.ts', 'b.ts']);
  });
});

const CUT_LINE = '// ---cut---';
