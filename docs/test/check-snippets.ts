import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { CUT, extractSnippets, splitFiles } from '../.vitepress/snippet';

export const docsDir = join(__dirname, '..');
export const repoDir = join(docsDir, '..');

/** A markdown page with code blocks: its path relative to the repository and its markdown. */
export interface Page {
  readonly path: string;
  readonly markdown: string;
  /** Shown as written (GitHub, npm), so no line of a block may be hidden by `// ---cut---`. */
  readonly verbatim?: boolean;
}

/** A compile error in a snippet, located in its markdown page. */
export interface SnippetError {
  readonly page: string;
  readonly line: number;
  readonly message: string;
}

const read = (path: string): Page => ({ path: relative(repoDir, path), markdown: readFileSync(path, 'utf8') });

/** Every markdown page written by hand (not the generated API reference, not the benchmark report). */
export function guidePages(dir = docsDir): Page[] {
  const skip = new Set(['node_modules', 'api', '.vitepress', 'test-artifacts', 'test', 'scripts', 'public']);
  const pages: Page[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!skip.has(entry.name) && !entry.name.startsWith('.')) walk(join(at, entry.name));
      } else if (entry.name.endsWith('.md') && !(at === dir && entry.name === 'benchmarks.md')) {
        pages.push(read(join(at, entry.name)));
      }
    }
  };
  walk(dir);
  return pages.sort((a, b) => a.path.localeCompare(b.path));
}

/** The READMEs users read on npm and GitHub: the repository's, each package's, each example's. */
export function readmePages(root = repoDir): Page[] {
  const paths = [join(root, 'README.md')];
  for (const pkg of readdirSync(join(root, 'packages'))) paths.push(join(root, 'packages', pkg, 'README.md'));
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(join(at, entry.name));
      else if (entry.name === 'README.md') paths.push(join(at, entry.name));
    }
  };
  walk(join(root, 'examples'));
  return paths.filter((p) => existsSync(p)).sort().map((p) => ({ ...read(p), verbatim: true }));
}

/**
 * The `compilerOptions` of a user's project, as the getting-started guide tells them to write it:
 * a CommonJS project (its package.json has no `"type": "module"`) compiled with `module: node16`.
 * So a snippet with top-level `await` fails here exactly as it fails for a user (TS1309). The
 * guide's tsconfig block is tested to be this very object.
 */
export const userCompilerOptions = {
  target: 'ES2022',
  module: 'node16',
  strict: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  types: ['node'],
} as const;

/** Where snippets live while they are checked, and the package.json of that make-believe project. */
const snippetsDir = join(docsDir, '.snippets');
const userPackageJson = JSON.stringify({ name: 'my-app', version: '1.0.0', private: true });

/**
 * Compiler options for snippets: the user's (above) plus what stands in for installing the
 * packages, `@troupe/*` mapped to each package's src/index.ts, and `@examples/*` for hidden
 * preambles that reuse an example's classes.
 */
function snippetOptions(): ts.CompilerOptions {
  const { options, errors } = ts.convertCompilerOptionsFromJson(userCompilerOptions, repoDir);
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0].messageText, '\n'));
  const repo = ts.getParsedCommandLineOfConfigFile(join(repoDir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!repo) throw new Error('cannot read tsconfig.json');
  return {
    ...options,
    noEmit: true,
    paths: { ...absolute(repo.options.paths ?? {}), '@examples/*': [join(repoDir, 'examples', '*')] },
  };
}

/** The repository's `paths`, resolved against the repository rather than the working directory. */
function absolute(paths: ts.MapLike<string[]>): ts.MapLike<string[]> {
  return Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, v.map((p) => join(repoDir, p))]));
}

/**
 * Type-checks every ```ts block of the pages as its own module (split at `// @filename:`
 * markers) in one program, compiled as a user's CommonJS project would compile it, and returns the
 * errors found in the snippets, located by page and line. Errors inside the packages themselves
 * are not reported here: their own build does that.
 */
export function checkSnippets(pages: readonly Page[]): { errors: SnippetError[]; snippets: number; pending: string[] } {
  const virtual = new Map<string, { text: string; page: string; line: number; block: string }>();
  const project = join(snippetsDir, 'package.json');
  const layout: SnippetError[] = [];
  let snippets = 0;
  for (const page of pages) {
    const slug = page.path.replace(/\.md$/, '').replace(/[^\w]+/g, '_');
    extractSnippets(page.markdown).forEach((snippet, n) => {
      snippets++;
      const cut = snippet.code.split('\n').findIndex((l) => l.trim() === CUT);
      if (page.verbatim && cut >= 0) {
        layout.push({ page: page.path, line: snippet.line + cut, message: `this page is shown as written (GitHub, npm): ${CUT} would hide nothing` });
      }
      for (const file of splitFiles(snippet.code, `snippet-${n + 1}.ts`)) {
        // Virtual files live under docs/ so that bare imports resolve from the repository's
        // node_modules; one directory per page, so a block can import a file an earlier one named.
        const name = join(snippetsDir, slug, file.name.replace(/\.js$/, '.ts'));
        const line = snippet.line + file.offset;
        const taken = virtual.get(name);
        if (taken) layout.push({ page: page.path, line, message: `${file.name} is already defined at line ${taken.line}` });
        virtual.set(name, { text: file.text, page: page.path, line, block: `${page.path}:${snippet.line}` });
      }
    });
  }
  if (virtual.size === 0) return { errors: [], snippets, pending: [] };

  const options = snippetOptions();
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (f) => f === project || virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => (f === project ? userPackageJson : (virtual.get(f)?.text ?? readFile.call(host, f)));
  host.directoryExists = (d) =>
    [...virtual.keys()].some((f) => f.startsWith(d.endsWith('/') ? d : `${d}/`)) || (directoryExists?.call(host, d) ?? true);
  host.getSourceFile = (f, language, onError, create) => {
    const v = virtual.get(f);
    return v ? ts.createSourceFile(f, v.text, language, true) : getSourceFile.call(host, f, language, onError, create);
  };

  const program = ts.createProgram([...virtual.keys()], options, host);
  const unpublished = unpublishedPackages(program);
  // A block that imports a package with no public export yet documents the contract (API.md)
  // ahead of the code; it is checked as soon as the package exports anything.
  const pendingBlocks = new Set<string>();
  for (const v of virtual.values()) {
    const imports = [...v.text.matchAll(/from '@troupe\/([a-z-]+)'/g)].map((m) => m[1]);
    if (imports.some((pkg) => unpublished.has(pkg))) pendingBlocks.add(v.block);
  }
  const errors: SnippetError[] = [...layout];
  for (const [name, v] of virtual) {
    if (pendingBlocks.has(v.block)) continue;
    const source = program.getSourceFile(name);
    if (!source) {
      errors.push({ page: v.page, line: v.line, message: `could not load ${name}` });
      continue;
    }
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    for (const d of diagnostics) {
      const at = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
      const file = relative(dirname(name), name);
      errors.push({
        page: v.page,
        line: v.line + at,
        message: `${file}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      });
    }
  }
  return { errors, snippets, pending: [...pendingBlocks] };
}

/** Packages whose src/index.ts exports nothing yet (being written). */
function unpublishedPackages(program: ts.Program): Set<string> {
  const checker = program.getTypeChecker();
  const pending = new Set<string>();
  for (const pkg of readdirSync(join(repoDir, 'packages'))) {
    const index = join(repoDir, 'packages', pkg, 'src', 'index.ts');
    const source = program.getSourceFile(index);
    const symbol = source && checker.getSymbolAtLocation(source);
    if (!symbol || checker.getExportsOfModule(symbol).length === 0) pending.add(pkg);
  }
  return pending;
}

/** One line per error, `<page>:<line>  <message>`, for test output. */
export function formatErrors(errors: readonly SnippetError[]): string {
  return errors.map((e) => `${e.page}:${e.line}  ${e.message}`).join('\n');
}
