import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { renderSnippet } from './snippet';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The packages in site order; each has a guide under /packages and a reference under /api. */
const PACKAGES = ['core', 'supervisor', 'registry', 'threads', 'remote', 'testkit', 'inspector'];

/**
 * The API reference sidebar, read from what `scripts/api.mjs` generated into docs/api: one group
 * per package, one link per export, grouped by kind. Empty when the reference was not generated.
 */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const api = join(docs, 'api');
  if (!existsSync(api)) return [{ text: 'Run `npm run -w docs api` to generate', link: '/api/' }];
  const kinds: [string, string][] = [
    ['classes', 'Classes'],
    ['functions', 'Functions'],
    ['interfaces', 'Interfaces'],
    ['type-aliases', 'Types'],
    ['variables', 'Values'],
    ['enumerations', 'Enums'],
  ];
  const names = readdirSync(api, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const ordered = [...PACKAGES.filter((p) => names.includes(p)), ...names.filter((n) => !PACKAGES.includes(n)).sort()];
  return [
    { text: 'Overview', link: '/api/' },
    ...ordered.map((pkg) => {
      const items: DefaultTheme.SidebarItem[] = [];
      for (const [dir, label] of kinds) {
        const path = join(api, pkg, dir);
        if (!existsSync(path)) continue;
        const pages = readdirSync(path)
          .filter((f) => f.endsWith('.md'))
          .map((f) => f.slice(0, -3))
          .sort((a, b) => a.localeCompare(b));
        items.push({
          text: label,
          collapsed: true,
          items: pages.map((p) => ({ text: p, link: `/api/${pkg}/${dir}/${p}` })),
        });
      }
      return { text: `@troupe/${pkg}`, link: `/api/${pkg}/`, collapsed: pkg !== 'core', items };
    }),
  ];
}

const guideSidebar: DefaultTheme.SidebarItem[] = [
  {
    text: 'Introduction',
    items: [
      { text: 'What is Troupe?', link: '/guide/what-is-troupe' },
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Coming from actix, Akka, OTP…', link: '/guide/coming-from' },
    ],
  },
  {
    text: 'Concepts',
    items: [
      { text: 'Actors', link: '/concepts/actors' },
      { text: 'Messages', link: '/concepts/messages' },
      { text: 'Mailboxes and backpressure', link: '/concepts/mailboxes' },
      { text: 'Lifecycle', link: '/concepts/lifecycle' },
      { text: 'Failure and supervision', link: '/concepts/supervision' },
      { text: 'Behaviours, stash, receive timeout', link: '/concepts/behaviours' },
      { text: 'Registry and routing', link: '/concepts/registry' },
      { text: 'Broadcast with Topic', link: '/concepts/broadcast' },
      { text: 'Going distributed', link: '/guide/going-distributed' },
      { text: 'Sharded entities', link: '/guide/sharded-entities' },
    ],
  },
  {
    text: 'Packages',
    items: PACKAGES.map((p) => ({ text: `@troupe/${p}`, link: `/packages/${p}` })),
  },
  {
    text: 'Recipes',
    items: [
      { text: 'Request–reply', link: '/recipes/request-reply' },
      { text: 'Graceful shutdown', link: '/recipes/graceful-shutdown' },
      { text: 'Offloading heavy work', link: '/recipes/heavy-work' },
      { text: 'Avoiding deadlocks', link: '/recipes/deadlocks' },
      { text: 'Testing actors', link: '/recipes/testing' },
      { text: 'Inspecting a running system', link: '/recipes/inspecting' },
    ],
  },
  {
    text: 'More',
    items: [
      { text: 'Examples', link: '/guide/examples' },
      { text: 'Troubleshooting', link: '/guide/troubleshooting' },
      { text: 'Benchmarks', link: '/performance' },
      { text: 'API reference', link: '/api/' },
    ],
  },
];

const pkg = JSON.parse(readFileSync(join(docs, '..', 'packages', 'core', 'package.json'), 'utf8')) as { version: string };

export default defineConfig({
  title: 'Troupe',
  description: 'Typed actors for TypeScript with OTP-grade supervision: bounded mailboxes, request–reply, supervisors, a registry, worker threads, remote actors and a live inspector.',
  lang: 'en-GB',
  base: process.env.DOCS_BASE ?? '/',
  srcExclude: ['README.md', 'benchmarks.md', 'test/**', 'test-artifacts/**', 'scripts/**'],
  cleanUrls: false,
  lastUpdated: false,
  head: [
    ['link', { rel: 'icon', type: 'image/svg+xml', href: `${process.env.DOCS_BASE ?? '/'}logo.svg` }],
    ['meta', { name: 'theme-color', content: '#4f46e5' }],
  ],
  markdown: {
    lineNumbers: false,
    config(md) {
      // Hide the compiled-but-not-shown preamble of a snippet (everything above `// ---cut---`),
      // which the snippet test type-checks together with the visible part.
      const fence = md.renderer.rules.fence!;
      md.renderer.rules.fence = (tokens, idx, options, env, self) => {
        const token = tokens[idx];
        token.content = renderSnippet(token.info, token.content);
        return fence(tokens, idx, options, env, self);
      };
    },
  },
  themeConfig: {
    logo: '/logo.svg',
    siteTitle: 'Troupe',
    nav: [
      { text: 'Guide', link: '/guide/getting-started', activeMatch: '^/(guide|concepts)/' },
      { text: 'Packages', link: '/packages/core', activeMatch: '^/packages/' },
      { text: 'Recipes', link: '/recipes/request-reply', activeMatch: '^/recipes/' },
      { text: 'API', link: '/api/', activeMatch: '^/api/' },
      { text: 'Benchmarks', link: '/performance' },
      { text: `v${pkg.version}`, items: [{ text: 'Examples', link: '/guide/examples' }, { text: 'Coming from…', link: '/guide/coming-from' }] },
    ],
    sidebar: {
      '/api/': apiSidebar(),
      '/': guideSidebar,
    },
    outline: { level: [2, 3], label: 'On this page' },
    search: { provider: 'local' },
    footer: {
      message: 'Released under the MIT License.',
      copyright: 'Troupe: typed actors for TypeScript',
    },
    docFooter: { prev: 'Previous', next: 'Next' },
  },
});
