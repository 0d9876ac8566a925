import type { RequestLogEntry } from '../server.ts';

/**
 * The mock STS's request-log line. The server's entry holds no header and no body, so the
 * Authorization header and a POSTed session token never reach the log; the path can, though: a
 * presigned request carries `X-Amz-Credential`, `X-Amz-Security-Token` and `X-Amz-Signature` in
 * its query. Their values are replaced before the line is written, so the log (which scenarios
 * search for leaked canaries) never holds credential material.
 */
export const REDACTED = 'REDACTED';
const SECRET_PARAMS = new Set(['x-amz-credential', 'x-amz-security-token', 'x-amz-signature']);

export type StsRequestLogEntry = RequestLogEntry & { service: 'sts' };

export function redactStsPath(pathAndQuery: string): string {
  const at = pathAndQuery.indexOf('?');
  if (at < 0) return pathAndQuery;
  const query = pathAndQuery.slice(at + 1).replace(/(^|&)([^&=]*)=[^&]*/g, (pair, sep: string, name: string) =>
    SECRET_PARAMS.has(decodedName(name).toLowerCase()) ? `${sep}${name}=${REDACTED}` : pair,
  );
  return `${pathAndQuery.slice(0, at)}?${query}`;
}

/** The JSON line main.ts appends. */
export function stsRequestLogLine(entry: RequestLogEntry): string {
  const line: StsRequestLogEntry = { service: 'sts', ...entry, path: redactStsPath(entry.path) };
  return `${JSON.stringify(line)}\n`;
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
