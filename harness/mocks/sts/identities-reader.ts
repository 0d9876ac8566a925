import { watchedFile } from '../watched-file.ts';
import { parseIdentitiesFile, type TaskIdentityEntry } from './identities-file.ts';

/**
 * What the identities file holds right now: `absent` means no task has credentials yet;
 * `invalid` makes STS answer 500 InternalFailure for every key it does not otherwise know
 * (identities.ts), so a harness bug shows in every probe instead of passing as "unknown key".
 */
export type IdentitiesRead = { state: 'ready'; byKey: ReadonlyMap<string, TaskIdentityEntry> } | { state: 'absent' } | { state: 'invalid'; errors: string[] };

/** Returns the file's current content; cheap to call per request. */
export type IdentitiesSource = () => IdentitiesRead;

/** Reads `path` again only when it changed (harness/mocks/watched-file.ts). */
export function createIdentitiesReader(path: string): IdentitiesSource {
  const read = watchedFile(path, (text) => {
    const parsed = parseIdentitiesFile(text);
    return parsed.ok ? { ok: true, value: parsed.byKey } : { ok: false, errors: parsed.errors.map((e) => `${path}: ${e}`) };
  });
  // The same object back while the file is unchanged: callers may compare by identity.
  let last: { raw: ReturnType<typeof read>; mapped: IdentitiesRead } | undefined;
  const current = (): IdentitiesRead => {
    const r = read();
    if (last?.raw !== r) last = { raw: r, mapped: r.state === 'ready' ? { state: 'ready' as const, byKey: r.value } : r };
    return last.mapped;
  };
  return current;
}
