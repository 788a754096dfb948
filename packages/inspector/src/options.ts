/** Options of {@link Inspector.start}. Every one is optional. */
export interface InspectorOptions {
  /** TCP port. Default `0`: any free port (read it from `inspector.url`). */
  port?: number;
  /**
   * Address to bind. Default `'127.0.0.1'`: reachable from this machine only. Bind another
   * address (`'0.0.0.0'`) only together with a `token`.
   */
  host?: string;
  /**
   * A secret every request must carry: `Authorization: Bearer <token>`, `?token=<token>` (the
   * page's URL; the page then keeps it in a cookie for its own requests), or that cookie.
   * Without it: 401. Default: none, and no check.
   */
  token?: string;
  /**
   * Show message payloads (the fields of dead letters) and the values of non-`Error` throws.
   * Default `false`: only class names, error names and messages are ever shown.
   */
  showPayloads?: boolean;
  /**
   * How often the page is updated, in ms: changes are coalesced into one update per interval
   * however busy the system is. Default 500; at least 100.
   */
  intervalMs?: number;
  /** How many recent failures, restarts and dead letters the live tail keeps. Default 200. */
  tailSize?: number;
  /**
   * At most this many actors are listed by `/api/tree` and the page (in tree order); the rest are
   * counted but not listed. Default 50 000.
   */
  maxActors?: number;
  /** Label the per-actor metrics by actor `'class'` (default) or by actor `'path'`. */
  metricsBy?: 'class' | 'path';
  /**
   * At most this many label values per metric: past it, the rest are summed into one series
   * labelled `_other`, so that a large or churning tree cannot flood Prometheus. Default 500.
   */
  maxSeries?: number;
  /** At most this many pages (event streams) at once; one more gets 503. Default 16. */
  maxClients?: number;
  /**
   * Host names accepted in the `Host` header while bound to a loopback address, besides
   * `localhost`, `127.0.0.1` and `[::1]` (a guard against DNS rebinding). Default none.
   */
  allowedHosts?: readonly string[];
}

/** The options with their defaults filled in. */
export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly token: string | undefined;
  readonly showPayloads: boolean;
  readonly intervalMs: number;
  readonly tailSize: number;
  readonly maxActors: number;
  readonly metricsBy: 'class' | 'path';
  readonly maxSeries: number;
  readonly maxClients: number;
  readonly allowedHosts: readonly string[];
}

function integer(options: InspectorOptions, key: keyof InspectorOptions, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = options[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`Inspector.start: ${key} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Checks the options and fills in the defaults; a bad option is a `TypeError` that names it. */
export function resolveOptions(options: InspectorOptions | undefined): ResolvedOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Inspector.start: options must be an object, got ${String(options)}`);
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw new TypeError(`Inspector.start: host must be a non-empty string, got ${String(host)}`);
  const token = options.token;
  if (token !== undefined && (typeof token !== 'string' || token === '')) {
    throw new TypeError('Inspector.start: token must be a non-empty string (or left out)');
  }
  const showPayloads = options.showPayloads ?? false;
  if (typeof showPayloads !== 'boolean') throw new TypeError(`Inspector.start: showPayloads must be a boolean, got ${String(showPayloads)}`);
  const metricsBy = options.metricsBy ?? 'class';
  if (metricsBy !== 'class' && metricsBy !== 'path') {
    throw new TypeError(`Inspector.start: metricsBy must be 'class' or 'path', got ${String(metricsBy)}`);
  }
  const allowedHosts = options.allowedHosts ?? [];
  if (!Array.isArray(allowedHosts) || allowedHosts.some((h) => typeof h !== 'string')) {
    throw new TypeError('Inspector.start: allowedHosts must be an array of host names');
  }
  return {
    port: integer(options, 'port', 0, 0, 65_535),
    host,
    token,
    showPayloads,
    intervalMs: integer(options, 'intervalMs', 500, 100),
    tailSize: integer(options, 'tailSize', 200, 1, 100_000),
    maxActors: integer(options, 'maxActors', 50_000, 1),
    metricsBy,
    maxSeries: integer(options, 'maxSeries', 500, 1),
    maxClients: integer(options, 'maxClients', 16, 1),
    allowedHosts: allowedHosts.map((h) => h.toLowerCase()),
  };
}
