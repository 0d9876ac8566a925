import { watchedFile } from '../mocks/watched-file.ts';
import { parseCredentialsFile, type CredentialsStore } from './credentials-file.ts';

/**
 * What the credentials file holds right now, as the agent sees it: `absent` means no tasks yet
 * (the agent's credentials manager starts empty); `invalid` makes the handlers answer 500 (the
 * agent's InternalServerError).
 */
export type CredentialsRead = { state: 'ready'; store: CredentialsStore } | { state: 'absent' } | { state: 'invalid'; errors: string[] };

/** Returns the current content; cheap to call per request. */
export type CredentialsSource = () => CredentialsRead;

/** Reads `path` again only when it changed (harness/mocks/watched-file.ts). */
export function createCredentialsReader(path: string): CredentialsSource {
  const read = watchedFile(path, (text) => {
    const parsed = parseCredentialsFile(text);
    return parsed.ok ? { ok: true, value: parsed.store } : parsed;
  });
  // The same object back while the file is unchanged: callers may compare by identity.
  let last: { raw: ReturnType<typeof read>; mapped: CredentialsRead } | undefined;
  const current = (): CredentialsRead => {
    const r = read();
    if (last?.raw !== r) last = { raw: r, mapped: r.state === 'ready' ? { state: 'ready' as const, store: r.value } : r };
    return last.mapped;
  };
  return current;
}
