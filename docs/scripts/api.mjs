// Generates the API reference (docs/api/, gitignored) from the TSDoc of every package's
// src/index.ts, with typedoc + typedoc-plugin-markdown, then checks that every public export
// of every package made it into the reference.
//
//   node scripts/api.mjs          generate; fail if an export is missing from the reference
//
// Packages that are still empty (`export {}`) or missing get a short placeholder page, so the
// site always builds while the packages are being written.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as td from 'typedoc';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(docs, '..');
const out = join(docs, 'api');

/** The packages, in the order the site lists them. Others found under packages/ follow. */
const ORDER = ['core', 'supervisor', 'registry', 'threads', 'remote', 'testkit', 'inspector'];
const found = readdirSync(join(repo, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const packages = [...ORDER.filter((p) => found.includes(p)), ...found.filter((p) => !ORDER.includes(p)).sort()];

const entry = (pkg) => join(repo, 'packages', pkg, 'src', 'index.ts');

/** Public export names of one entry point, read with the TypeScript compiler. */
function exportsOf(program, file) {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbol = source && checker.getSymbolAtLocation(source);
  return symbol ? checker.getExportsOfModule(symbol).map((s) => s.getName()).sort() : [];
}

const config = ts.getParsedCommandLineOfConfigFile(join(repo, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const withEntry = packages.filter((p) => existsSync(entry(p)));
const program = ts.createProgram(withEntry.map(entry), { ...config.options, noEmit: true });
const exported = new Map(withEntry.map((p) => [p, exportsOf(program, entry(p))]));
const documented = withEntry.filter((p) => exported.get(p).length > 0);
const pending = packages.filter((p) => !documented.includes(p));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

if (withEntry.length > 0) {
  const app = await td.Application.bootstrapWithPlugins({
    entryPoints: withEntry.map(entry), // empty ones too, so the layout is always one directory per package
    tsconfig: join(repo, 'tsconfig.json'),
    plugin: ['typedoc-plugin-markdown'],
    out,
    name: 'Troupe API',
    readme: 'none',
    excludeInternal: true,
    excludePrivate: true,
    skipErrorChecking: true, // a package mid-rewrite must not take the docs down; its own tests catch it
    disableGit: true,
    sourceLinkTemplate: 'https://github.com/troupe-actors/troupe/blob/main/{path}#L{line}',
    disableSources: true,
    entryFileName: 'index',
    hidePageHeader: true,
    hideBreadcrumbs: true,
    useCodeBlocks: true,
    parametersFormat: 'table',
    interfacePropertiesFormat: 'table',
    enumMembersFormat: 'table',
    typeDeclarationFormat: 'table',
    sort: ['kind', 'alphabetical'],
    logLevel: 'Warn',
    validation: { notExported: false, invalidLink: true, notDocumented: false },
  });
  // Name each module after its package ("@troupe/core"), not its path ("core/src").
  app.converter.on(td.Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getReflectionsByKind(td.ReflectionKind.Module)) {
      const pkg = mod.name.split('/')[0];
      mod.name = `@troupe/${pkg}`;
    }
  });
  const project = await app.convert();
  if (!project) throw new Error('typedoc could not convert the packages (see the messages above)');
  await app.generateOutputs(project);

  // Every export of every package must appear in the reference.
  const modules = project.children ?? [];
  const missing = [];
  for (const pkg of documented) {
    const mod = modules.find((m) => m.name === `@troupe/${pkg}`) ?? (withEntry.length === 1 ? project : undefined);
    const names = new Set((mod?.children ?? []).map((c) => c.name));
    for (const name of exported.get(pkg)) if (!names.has(name)) missing.push(`@troupe/${pkg}: ${name}`);
  }
  // Exports without a doc comment appear in the reference with nothing to say: report them.
  const bare = [];
  for (const mod of modules) {
    for (const child of mod.children ?? []) {
      const parts = [child, ...(child.signatures ?? []), ...(child.type?.declaration?.signatures ?? [])];
      if (!parts.some((p) => p.comment?.summary?.length || p.comment?.blockTags?.length)) bare.push(`${mod.name}: ${child.name}`);
    }
  }
  if (bare.length > 0) console.warn(`API reference: ${bare.length} export(s) without TSDoc:\n  ${bare.join('\n  ')}`);
  if (missing.length > 0) {
    console.error(`API reference is missing ${missing.length} public export(s):\n  ${missing.join('\n  ')}`);
    process.exitCode = 1;
  }
}

// typedoc-plugin-markdown puts module "@troupe/x" in api/@troupe/x; move it to api/x so URLs
// read /api/core/classes/Addr. Module pages link only among themselves, so links survive.
const scoped = join(out, '@troupe');
if (existsSync(scoped)) {
  for (const name of readdirSync(scoped)) renameSync(join(scoped, name), join(out, name));
  rmSync(scoped, { recursive: true, force: true });
}

// A placeholder for every package that has no public export yet.
for (const pkg of pending) {
  const dir = join(out, pkg); // typedoc's own page for an empty module is replaced
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'index.md'),
    `# @troupe/${pkg}\n\n::: info Coming soon\n\`@troupe/${pkg}\` has no public exports yet. ` +
      `Its reference appears here as soon as \`packages/${pkg}/src/index.ts\` exports something.\n:::\n`,
  );
}

// The reference's front page, replacing typedoc's list of modules.
const rows = packages.map((pkg) => {
  const count = exported.get(pkg)?.length ?? 0;
  const where = documented.includes(pkg) ? `${count} exports` : 'coming soon';
  return `| [\`@troupe/${pkg}\`](./${pkg}/) | ${where} | [Guide](../packages/${pkg}) |`;
});
writeFileSync(
  join(out, 'index.md'),
  `# API reference\n\nGenerated from the TSDoc comments of each package's \`src/index.ts\`: every public ` +
    `export is listed, and nothing else is public.\n\n| Package | Reference | Guide |\n| --- | --- | --- |\n${rows.join('\n')}\n`,
);

console.log(
  `API reference: ${documented.map((p) => `@troupe/${p} (${exported.get(p).length})`).join(', ') || 'none'}` +
    (pending.length ? `; coming soon: ${pending.map((p) => `@troupe/${p}`).join(', ')}` : '') +
    ` -> ${relative(process.cwd(), out) || '.'}`,
);
