import type { ServerResponse } from 'node:http';

/**
 * JSON that is safe wherever it lands: `<`, `>`, `&` and the two JavaScript line separators are
 * written as `\u` escapes, so that an actor named `</script>` can never end a script or a tag.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Headers on every response: no caching, no sniffing, no framing, nothing from elsewhere. */
export const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
} as const;

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(head ? undefined : body);
}

export function sendJson(res: ServerResponse, value: unknown, head: boolean): void {
  send(res, 200, 'application/json; charset=utf-8', jsonText(value), head);
}

export function sendText(res: ServerResponse, status: number, text: string, extra?: Record<string, string>): void {
  send(res, status, 'text/plain; charset=utf-8', `${text}\n`, false, extra);
}
