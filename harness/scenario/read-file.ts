import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { decodeUtf8 } from './encoding.ts';
import type { IssueCode } from './issues.ts';
import type { Position } from './positions.ts';

/**
 * Reads a text file without trusting it: bounded in size (a scenario, task definition or policy
 * is a few KiB; 1 MiB is far beyond any real one), UTF-8 only (encoding.ts), never from the
 * kernel's pseudo-filesystems, never throwing. Synchronous on purpose: validation reads a
 * handful of small files, and keeping it synchronous lets `validateScenario` and
 * `defineScenario` stay plain functions.
 */

export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * /proc, /sys and /dev hold no scenario, task definition or policy, only the machine's secrets
 * and devices (/proc/self/environ, /dev/stdin): a reference there, directly or through a
 * symbolic link, is refused before it is opened.
 */
export const REFUSED_ROOTS: readonly string[] = ['/proc', '/sys', '/dev'];

export type ReadResult =
  | { ok: true; text: string; /** The file's real path (symbolic links resolved). */ realPath: string }
  | { ok: false; reason: 'missing' | 'not-a-file' | 'too-large' | 'unreadable' | 'refused'; detail: string }
  | { ok: false; reason: 'encoding'; detail: string; hint: string; position: Position };

export function readTextFile(path: string, maxBytes: number = MAX_FILE_BYTES): ReadResult {
  let fd: number | undefined;
  try {
    const under = (p: string) => REFUSED_ROOTS.find((r) => p === r || p.startsWith(`${r}${sep}`));
    const named = under(resolve(path));
    if (named !== undefined) return { ok: false, reason: 'refused', detail: `${named} holds no scenario files` };
    const realPath = realpathSync(path);
    const root = under(realPath);
    if (root !== undefined) return { ok: false, reason: 'refused', detail: `it leads to ${realPath}, and ${root} holds no scenario files` };
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever; it is then refused
    // below as not a regular file. Harmless for regular files.
    fd = openSync(realPath, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not-a-file', detail: stat.isDirectory() ? 'it is a directory' : 'it is not a regular file' };
    if (stat.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${stat.size} bytes; the limit is ${formatBytes(maxBytes)}` };
    // Read at most one byte past the limit, in case the file grows between stat and read.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) return { ok: false, reason: 'too-large', detail: `more than ${formatBytes(maxBytes)}` };
    const decoded = decodeUtf8(buffer.subarray(0, length));
    if (!decoded.ok) return { ok: false, reason: 'encoding', detail: decoded.message, hint: decoded.hint, position: decoded.position };
    return { ok: true, text: decoded.text, realPath };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'missing', detail: 'no such file' };
    if (code === 'EISDIR') return { ok: false, reason: 'not-a-file', detail: 'it is a directory' };
    return { ok: false, reason: 'unreadable', detail: code ?? (err instanceof Error ? err.message : String(err)) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `1048576 bytes (1 MiB)`: exact, with the round unit when there is one. */
export function formatBytes(n: number): string {
  const unit = n % (1024 * 1024) === 0 ? ` (${n / (1024 * 1024)} MiB)` : n % 1024 === 0 ? ` (${n / 1024} KiB)` : '';
  return `${n} bytes${unit}`;
}

export type ReadFailure = Exclude<ReadResult, { ok: true }>;

/** The issue code for a file that could not be read. */
export function readFailureCode(read: ReadFailure): IssueCode {
  switch (read.reason) {
    case 'missing':
      return 'file-missing';
    case 'too-large':
      return 'file-too-large';
    case 'encoding':
      return 'file-encoding';
    case 'refused':
      return 'file-refused';
    default:
      return 'file-unreadable';
  }
}
