import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import type { ActorSystem } from '@troupe/core';
import type { ResolvedOptions } from '../options';
import { renderMetrics } from './metrics';
import { SECURITY_HEADERS, send, sendJson, sendText } from './respond';
import type { StreamHub } from './stream';
import type { EventTail } from './tail';

/** The page: static files shipped with the package (no build step), read once at start. */
const STATIC: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
  '/favicon.svg': ['favicon.svg', 'image/svg+xml'],
};

/** The folder of the page's files, beside `src/` and `dist/` alike. */
const STATIC_DIR = join(__dirname, '..', '..', 'static');

function loadStatic(): Map<string, [Buffer, string]> {
  const files = new Map<string, [Buffer, string]>();
  for (const [route, [file, type]] of Object.entries(STATIC)) files.set(route, [readFileSync(join(STATIC_DIR, file)), type]);
  return files;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Whether `host` is a loopback address or name. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host name of a `Host` header, without its port (`[::1]:80` → `[::1]`). */
function hostName(header: string): string {
  const name = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0];
  return name.toLowerCase();
}

/**
 * The inspector's HTTP routes, behind its checks: GET and HEAD only; the `Host` header, while
 * bound to loopback; the token, on every route (the page included).
 */
export class Routes {
  private readonly files = loadStatic();
  private readonly token: Buffer | undefined;
  private readonly cookie: string;
  private readonly hosts: Set<string> | undefined;

  constructor(
    private readonly system: ActorSystem,
    private readonly options: ResolvedOptions,
    private readonly hub: StreamHub,
    private readonly tail: EventTail,
    port: number,
  ) {
    this.token = options.token === undefined ? undefined : digest(options.token);
    // Cookies are per host, not per port: one name per inspector.
    this.cookie = `troupe_inspector_${port}`;
    const host = options.host.toLowerCase();
    this.hosts = isLoopback(host) ? new Set([...LOOPBACK, isIPv6(host) ? `[${host}]` : host, ...options.allowedHosts]) : undefined;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (this.hosts !== undefined && req.headers.host !== undefined && !this.hosts.has(hostName(req.headers.host))) {
      return sendText(res, 403, 'forbidden: this Host is not allowed (see the allowedHosts option)');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    const url = new URL(req.url ?? '/', 'http://inspector');
    const auth = this.authorize(req, url);
    if (auth === false) {
      return sendText(res, 401, 'unauthorized: give the token as `Authorization: Bearer <token>` or `?token=<token>`', {
        'www-authenticate': 'Bearer realm="troupe-inspector"',
      });
    }
    const head = req.method === 'HEAD';
    const path = url.pathname;
    if (auth === 'query' && (path === '/' || path === '/index.html')) {
      // The page's address with the token: keep it in a cookie for the page's own requests, and
      // take it out of the address bar (and out of the browser's history).
      res.writeHead(303, {
        location: '/',
        'set-cookie': `${this.cookie}=${encodeURIComponent(this.options.token!)}; Path=/; HttpOnly; SameSite=Strict`,
        'content-length': 0,
      });
      return void res.end();
    }
    switch (path) {
      case '/api/tree':
        return sendJson(res, this.hub.snapshot(), head);
      case '/api/events':
        if (head) return send(res, 200, 'text/event-stream; charset=utf-8', '', true);
        if (this.hub.size >= this.options.maxClients) {
          return sendText(res, 503, `too many open pages (maxClients ${this.options.maxClients})`, { 'retry-after': '5' });
        }
        return this.hub.join(res);
      case '/metrics':
        return send(
          res,
          200,
          'text/plain; version=0.0.4; charset=utf-8',
          renderMetrics(this.system, this.options.metricsBy, this.options.maxSeries, this.tail.retired),
          head,
        );
    }
    const file = this.files.get(path);
    if (file !== undefined) return send(res, 200, file[1], file[0], head);
    sendText(res, 404, 'not found');
  }

  /** `true` with no token set or a good header or cookie, `'query'` for a good `?token=`, else `false`. */
  private authorize(req: IncomingMessage, url: URL): boolean | 'query' {
    const token = this.token;
    if (token === undefined) return true;
    const matches = (given: string | undefined | null): boolean => typeof given === 'string' && timingSafeEqual(digest(given), token);
    const header = req.headers.authorization;
    if (header !== undefined && /^Bearer /i.test(header) && matches(header.slice(7).trim())) return true;
    if (matches(url.searchParams.get('token'))) return 'query';
    return matches(this.readCookie(req.headers.cookie));
  }

  private readCookie(header: string | undefined): string | undefined {
    if (header === undefined) return undefined;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === this.cookie) {
        try {
          return decodeURIComponent(part.slice(eq + 1).trim());
        } catch {
          return undefined;
        }
      }
    }
    return undefined;
  }
}
