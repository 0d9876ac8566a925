import { readFileSync, statSync } from 'node:fs';

/**
 * A file the harness hands a mock (the agent's credentials, STS's identities), as it is now.
 * - `ready`: parsed into `value`.
 * - `absent`: no file yet (nothing handed over yet).
 * - `invalid`: unreadable or malformed; the mock answers 500 so that a harness bug shows in
 *   every probe rather than passing as "unknown".
 */
export type WatchedRead<T> = { state: 'ready'; value: T } | { state: 'absent' } | { state: 'invalid'; errors: string[] };

/**
 * Returns a reader that parses `path` again only when it changed. The harness replaces the file
 * with a rename (harness/engine/write-file.ts), which brings a new inode; the key also holds the
 * nanosecond mtime, ctime and size, so an in-place rewrite is noticed too. Synchronous because
 * handlers are (http-types.ts `Handler`); the files are small. The cache lives in the closure.
 */
export function watchedFile<T>(path: string, parse: (text: string) => { ok: true; value: T } | { ok: false; errors: string[] }): () => WatchedRead<T> {
  let cached: { key: string; read: WatchedRead<T> } | undefined;
  const readOnce = (): WatchedRead<T> => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      // Renamed away between stat and read: absent for this request; the next rename brings a new key.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
      return { state: 'invalid', errors: [`cannot read ${path}: ${(err as Error).message}`] };
    }
    const parsed = parse(text);
    return parsed.ok ? { state: 'ready', value: parsed.value } : { state: 'invalid', errors: parsed.errors };
  };
  return () => {
    let key: string;
    try {
      const st = statSync(path, { bigint: true });
      key = `${st.dev}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}:${st.size}`;
    } catch (err) {
      cached = undefined;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
      return { state: 'invalid', errors: [`cannot stat ${path}: ${(err as Error).message}`] };
    }
    if (cached?.key !== key) cached = { key, read: readOnce() };
    return cached.read;
  };
}
