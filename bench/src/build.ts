/**
 * Compiles the benchmark sources (bench/src) to JavaScript in bench/.build, file by file, the way
 * ts-node does for the scripts (transpile only, decorator metadata on). The suite's worker
 * processes run that JavaScript with plain `node`, so that no TypeScript compiler (some 20 MB of
 * live heap, which every major gc would walk) sits in the process being measured.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const BENCH = path.resolve(__dirname, '..');
export const BUILD = path.join(BENCH, '.build');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Compiles bench/src into bench/.build/src; returns the path of a compiled module. */
export function buildBench(): (module: string) => string {
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    useDefineForClassFields: false,
    esModuleInterop: true,
  };
  for (const file of sources(path.join(BENCH, 'src'))) {
    const out = path.join(BUILD, path.relative(BENCH, file)).replace(/\.ts$/, '.js');
    const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, outputText);
  }
  return (module) => path.join(BUILD, 'src', module.replace(/\.ts$/, '.js'));
}
