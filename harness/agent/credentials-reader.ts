import { readFileSync, statSync } from 'node:fs';
import { parseCredentialsFile, type CredentialsStore } from './credentials-file.ts';

/**
 * What the credentials file holds right now, as the agent sees it.
 * - `ready`: parsed; the store may have no tasks.
 * - `absent`: no file yet, i.e. no tasks (the agent's credentials manager starts empty).
 * - `invalid`: unreadable or malformed; the handlers answer 500 (the agent's InternalServerError),
 *   so a harness bug shows up in every probe rather than as a silently stale store.
 */
export type CredentialsRead =
  | { state: 'ready'; store: CredentialsStore }
  | { state: 'absent' }
  | { state: 'invalid'; errors: string[] };

/** Returns the current content; cheap to call per request. */
export type CredentialsSource = () => CredentialsRead;

/**
 * Reads `path` again only when it changed. The harness replaces the file with a rename, which
 * gives it a new inode; the key also holds the nanosecond mtime, ctime and size, so an in-place
 * rewrite is noticed too. Synchronous because handlers are (http-types.ts `Handler`); the file is
 * small. The cache lives in this closure, one per reader (no module state).
 */
export function createCredentialsReader(path: string): CredentialsSource {
  let cached: { key: string; read: CredentialsRead } | undefined;
  return () => {
    const stat = statFile(path);
    if (stat.state !== 'present') {
      cached = undefined;
      return stat.state === 'absent' ? { state: 'absent' } : { state: 'invalid', errors: [stat.error] };
    }
    if (cached?.key !== stat.key) cached = { key: stat.key, read: readOnce(path) };
    return cached.read;
  };
}

type FileStat = { state: 'present'; key: string } | { state: 'absent' } | { state: 'error'; error: string };

function statFile(path: string): FileStat {
  try {
    const st = statSync(path, { bigint: true });
    return { state: 'present', key: `${st.dev}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}:${st.size}` };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    return { state: 'error', error: `cannot stat ${path}: ${(err as Error).message}` };
  }
}

function readOnce(path: string): CredentialsRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    // Renamed away between stat and read: as good as absent for this request. Cached under the
    // old key, but a later rename brings a new inode, hence a new key and a fresh read.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    return { state: 'invalid', errors: [`cannot read ${path}: ${(err as Error).message}`] };
  }
  const parsed = parseCredentialsFile(text);
  return parsed.ok ? { state: 'ready', store: parsed.store } : { state: 'invalid', errors: parsed.errors };
}
