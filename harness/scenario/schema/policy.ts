import { z } from 'zod';
import { relativePathSchema, whenMapping } from './common.ts';

/**
 * IAM policy documents, in the JSON that `aws iam create-role --assume-role-policy-document` and
 * `put-role-policy --policy-document` take (IAM JSON policy reference, "Policy grammar"). Two
 * flavours: a trust policy names a Principal and no Resource; a permission policy names a
 * Resource and no Principal. A role may give either inline or as a path to a JSON file.
 */

const oneOrMany = z.union([z.string(), z.array(z.string()).min(1)]);

const principalSchema = z.union([
  z.literal('*'),
  z.strictObject({
    AWS: oneOrMany.optional(),
    Service: oneOrMany.optional(),
    Federated: oneOrMany.optional(),
    CanonicalUser: oneOrMany.optional(),
  }),
]);

/** `{ "StringEquals": { "aws:SourceAccount": "111122223333" } }` */
const conditionSchema = z.record(
  z.string(),
  z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))])),
);

const statementBase = {
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Action: oneOrMany.optional(),
  NotAction: oneOrMany.optional(),
  Condition: conditionSchema.optional(),
};

/** Exactly one of two grammar alternatives (`Action` / `NotAction`, ...) must be present. */
function exactlyOne<T extends Record<string, unknown>>(a: keyof T & string, b: keyof T & string) {
  return (s: T, ctx: z.RefinementCtx) => {
    const has = (k: string) => s[k] !== undefined;
    if (has(a) === has(b)) {
      ctx.addIssue({
        code: 'custom',
        message: has(a) ? `a statement has "${a}" or "${b}", not both` : `a statement needs "${a}" (or "${b}")`,
        path: has(a) ? [b] : [],
        params: { nearKeys: [a, b] },
      });
    }
  };
}

export const trustStatementSchema = z
  .strictObject({ ...statementBase, Principal: principalSchema.optional(), NotPrincipal: principalSchema.optional() })
  .superRefine(exactlyOne('Action', 'NotAction'), whenMapping)
  .superRefine(exactlyOne('Principal', 'NotPrincipal'), whenMapping);

export const permissionStatementSchema = z
  .strictObject({ ...statementBase, Resource: oneOrMany.optional(), NotResource: oneOrMany.optional() })
  .superRefine(exactlyOne('Action', 'NotAction'), whenMapping)
  .superRefine(exactlyOne('Resource', 'NotResource'), whenMapping);

/** IAM knows two grammar versions; 2012-10-17 is the current one. */
const versionSchema = z.enum(['2012-10-17', '2008-10-17']);

export const trustPolicySchema = z.strictObject({
  Version: versionSchema,
  Id: z.string().optional(),
  Statement: z.union([trustStatementSchema, z.array(trustStatementSchema).min(1)]),
});

export const permissionPolicySchema = z.strictObject({
  Version: versionSchema,
  Id: z.string().optional(),
  Statement: z.union([permissionStatementSchema, z.array(permissionStatementSchema).min(1)]),
});

export const roleSchema = z.strictObject({
  /** Default: the AWS guide's trust policy for tasks (Principal Service ecs-tasks.amazonaws.com). */
  trustPolicy: z.union([relativePathSchema, trustPolicySchema]).optional(),
  /** Default: none (a role with no permissions still has an identity). */
  permissionPolicy: z.union([relativePathSchema, permissionPolicySchema]).optional(),
});

export type TrustStatementInput = z.input<typeof trustStatementSchema>;
export type PermissionStatementInput = z.input<typeof permissionStatementSchema>;
export type TrustPolicyInput = z.input<typeof trustPolicySchema>;
export type PermissionPolicyInput = z.input<typeof permissionPolicySchema>;
export type RoleInput = z.input<typeof roleSchema>;
