import { z } from 'zod';
import { formatJsonFile, parseJsonWith } from '../json-file.ts';

/**
 * The identities file: how the harness tells the mock STS which task role credentials exist and
 * whose they are. It is handed over the way the agent gets its credentials
 * (harness/agent/credentials-file.ts): the harness rewrites it atomically (write a temporary file,
 * rename over) whenever tasks start or stop, and identities-reader.ts notices. Example:
 *
 * ```json
 * { "identities": [{ "accessKeyId": "ECSSIM-…", "secretAccessKey": "ecssim-secret-…", "sessionToken": "ecssim-token-…",
 *                    "roleName": "app", "sessionName": "0123456789abcdef0123456789abcdef", "account": "123456789012" }] }
 * ```
 *
 * Every entry is a task role's temporary credentials, so the session token is required: ECS only
 * ever hands tasks AssumeRole credentials (ECS-FACTS.md, ECS agent: task credential endpoint).
 */

/**
 * The key id goes into `Credential=<id>/<date>/…` of the Authorization header, so `/`, `,`, `=` and
 * whitespace would make that header ambiguous (canary.ts keeps `/` out for the same reason).
 * IAM allows 16-128 characters; we only bound the top, since canaries are ours to shape.
 */
const accessKeyId = z.string().regex(/^[^\s/,=]{1,128}$/, { error: 'must be 1-128 characters without / , = or whitespace' });
const nonEmpty = z.string().min(1, { error: 'must be a non-empty string' });
/** IAM role names: 1-64 of letters, digits and `+=,.@_-` (IAM User Guide, "IAM object quotas"). */
const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM role name (1-64 of A-Z a-z 0-9 + = , . @ _ -)' });
/** RoleSessionName: 2-64 of the same alphabet (STS API Reference, AssumeRole). ECS uses the task ID (ECS-FACTS.md). */
const sessionName = z.string().regex(/^[\w+=,.@-]{2,64}$/, { error: 'must be a role session name (2-64 of A-Z a-z 0-9 + = , . @ _ -)' });
const account = z.string().regex(/^\d{12}$/, { error: 'must be 12 digits' });

const entrySchema = z.strictObject({ accessKeyId, secretAccessKey: nonEmpty, sessionToken: nonEmpty, roleName, sessionName, account });

const fileSchema = z.strictObject({ identities: z.array(entrySchema) }).superRefine((file, ctx) => {
  // One key, one holder: a second entry for a key would make the answer depend on file order.
  const seen = new Set<string>();
  file.identities.forEach((entry, i) => {
    if (seen.has(entry.accessKeyId)) ctx.addIssue({ code: 'custom', path: ['identities', i, 'accessKeyId'], message: 'duplicate accessKeyId' });
    seen.add(entry.accessKeyId);
  });
});

export type IdentitiesFile = z.infer<typeof fileSchema>;
export type TaskIdentityEntry = IdentitiesFile['identities'][number];

export type IdentitiesFileParse = { ok: true; byKey: ReadonlyMap<string, TaskIdentityEntry> } | { ok: false; errors: string[] };

/** Parses and validates the whole file, collecting every problem. */
export function parseIdentitiesFile(text: string): IdentitiesFileParse {
  const parsed = parseJsonWith(fileSchema, text);
  return parsed.ok ? { ok: true, byKey: new Map(parsed.value.identities.map((entry) => [entry.accessKeyId, entry])) } : parsed;
}

/** The file's text for some identities: the harness's side of the format, and the tests'. */
export const formatIdentitiesFile = (file: IdentitiesFile): string => formatJsonFile(file);
