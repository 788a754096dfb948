/**
 * The conventions of TypeScript code blocks in the guides, shared by the site (which renders
 * them) and the snippet test (which type-checks them):
 *
 * - Every ```ts block is a module of its own, compiled against the packages' sources.
 * - Lines above a `// ---cut---` line are compiled but not shown: imports and set-up that the
 *   reader has seen already.
 * - `// @filename: hasher.ts` starts a new file, so a block can show two modules that import
 *   each other (`./hasher`). All blocks of a page share one directory: a later block may import
 *   a file that an earlier one named. On the site the marker reads `// hasher.ts`.
 */

export const CUT = '// ---cut---';
const FILENAME = /^\/\/ @filename: *(\S+) *$/;

/** True for the fence languages that are type-checked. */
export function isTypeScript(info: string): boolean {
  const lang = info.trim().split(/[\s{[:]/)[0]?.toLowerCase() ?? '';
  return lang === 'ts' || lang === 'typescript' || lang === 'mts' || lang === 'cts';
}

/** What the site shows for a fence: the part below `// ---cut---`, with file markers as comments. */
export function renderSnippet(info: string, content: string): string {
  if (!isTypeScript(info)) return content;
  const lines = content.split('\n');
  const cut = lines.findIndex((l) => l.trim() === CUT);
  const shown = cut >= 0 ? lines.slice(cut + 1) : lines;
  return shown.map((l) => l.replace(FILENAME, '// $1')).join('\n');
}

/** One fenced TypeScript block of a markdown page. `line` is the 1-based line of its first code line. */
export interface Snippet {
  readonly line: number;
  readonly info: string;
  readonly code: string;
}

/** The fenced TypeScript blocks of a page, outermost fences only. */
export function extractSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split(/\r?\n/);
  let open: { marker: string; info: string; start: number; body: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (open === undefined) {
      const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      if (m) open = { marker: m[1], info: m[2].trim(), start: i + 2, body: [] };
      continue;
    }
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
    if (close && close[1][0] === open.marker[0] && close[1].length >= open.marker.length) {
      if (isTypeScript(open.info)) snippets.push({ line: open.start, info: open.info, code: open.body.join('\n') });
      open = undefined;
    } else {
      open.body.push(line);
    }
  }
  return snippets;
}

/** A file of a snippet: its name and text, and the block line its first line came from. */
export interface SnippetFile {
  readonly name: string;
  readonly text: string;
  /** 0-based offset of the file's first line within the block. */
  readonly offset: number;
}

/** Splits a block at its `// @filename:` markers. Code before the first marker is `defaultName`. */
export function splitFiles(code: string, defaultName = 'snippet.ts'): SnippetFile[] {
  const lines = code.split('\n');
  const files: SnippetFile[] = [];
  let name = defaultName;
  let start = 0;
  let body: string[] = [];
  const flush = (): void => {
    if (body.some((l) => l.trim() !== '' && l.trim() !== CUT) || files.length === 0) {
      files.push({ name, text: body.join('\n'), offset: start });
    }
  };
  lines.forEach((line, i) => {
    const m = FILENAME.exec(line);
    if (m) {
      flush();
      name = m[1];
      start = i + 1;
      body = [];
    } else {
      // Keep line numbers: a cut line becomes blank in the compiled file.
      body.push(line.trim() === CUT ? '' : line);
    }
  });
  flush();
  // The default file carries no content when the block starts with a marker.
  return files.filter((f, i) => !(i === 0 && f.name === defaultName && f.text.trim() === '' && files.length > 1));
}
