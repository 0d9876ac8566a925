/** An HTTP response as read off the wire by a probe. */
export interface RawHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses a raw HTTP/1.x response; undefined when the bytes are not one. */
export function parseRawResponse(raw: string): RawHttpResponse | undefined {
  const headEnd = raw.indexOf('\r\n\r\n');
  const head = headEnd >= 0 ? raw.slice(0, headEnd) : raw;
  const [statusLine, ...headerLines] = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(m[1]), headers, body: headEnd >= 0 ? raw.slice(headEnd + 4) : '' };
}

/** The header every answer of this run's mocks carries (harness/mocks/server.ts). */
export const NONCE_HEADER = 'x-ecs-sim-nonce';
