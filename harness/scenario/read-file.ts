import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Reads a text file without trusting it: bounded in size (a scenario, task definition or policy
 * is a few KiB; 1 MiB is far beyond any real one), never throwing. Synchronous on purpose:
 * validation reads a handful of small files, and keeping it synchronous lets `validateScenario`
 * and `defineScenario` stay plain functions.
 */

export const MAX_FILE_BYTES = 1024 * 1024;

export type ReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'not-a-file' | 'too-large' | 'unreadable'; detail: string };

export function readTextFile(path: string, maxBytes: number = MAX_FILE_BYTES): ReadResult {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever; it is then refused
    // below as not a regular file. Harmless for regular files.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
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
    return { ok: true, text: buffer.subarray(0, length).toString('utf8').replace(/^\uFEFF/, '') };
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
