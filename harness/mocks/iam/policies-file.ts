import { z } from 'zod';
import type { PolicyDocument } from '../../iam/policy.ts';
import { formatJsonFile, parseJsonWith } from '../json-file.ts';
import { watchedFile, type WatchedRead } from '../watched-file.ts';

/**
 * The policies file: the IAM roles of the scenario as the mocks need them to decide requests
 * (STS AssumeRole by trust policy, S3 by permission policy), standing in for IAM itself. Written
 * by the harness into the aws-mocks container (harness/mocks/publish-policies.ts) once the
 * scenario is loaded, and read again whenever it changes. The documents were validated when the
 * scenario loaded (harness/scenario/schema/policy.ts); here only their outline is checked.
 * Example:
 *
 * ```json
 * { "roles": [{ "name": "app", "trustPolicy": { "Version": "2012-10-17", "Statement": [ … ] },
 *               "permissionPolicy": { "Version": "2012-10-17", "Statement": [ … ] } }] }
 * ```
 */

const document = z.looseObject({ Version: z.enum(['2012-10-17', '2008-10-17']), Statement: z.array(z.looseObject({ Effect: z.enum(['Allow', 'Deny']) })) });
const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM role name' });
const entry = z.strictObject({ name: roleName, trustPolicy: document, permissionPolicy: document.optional() });
const fileSchema = z.strictObject({ roles: z.array(entry) }).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.roles.forEach((r, i) => {
    if (seen.has(r.name)) ctx.addIssue({ code: 'custom', path: ['roles', i, 'name'], message: 'duplicate role name' });
    seen.add(r.name);
  });
});

export interface RolePolicies {
  name: string;
  trustPolicy: PolicyDocument;
  permissionPolicy?: PolicyDocument;
}

export interface PoliciesFile {
  roles: RolePolicies[];
}

export type PoliciesRead = WatchedRead<ReadonlyMap<string, RolePolicies>>;

export function parsePoliciesFile(text: string): { ok: true; value: ReadonlyMap<string, RolePolicies> } | { ok: false; errors: string[] } {
  const parsed = parseJsonWith(fileSchema, text);
  if (!parsed.ok) return parsed;
  return { ok: true, value: new Map(parsed.value.roles.map((r) => [r.name, r as RolePolicies])) };
}

export const formatPoliciesFile = (file: PoliciesFile): string => formatJsonFile(file);

/** The roles as the file holds them now: a Map, so that a role named `constructor` is only a name. */
export function createPoliciesReader(path: string): () => PoliciesRead {
  return watchedFile(path, (text) => {
    const parsed = parsePoliciesFile(text);
    return parsed.ok ? parsed : { ok: false, errors: parsed.errors.map((e) => `${path}: ${e}`) };
  });
}
