import { describe, expect, it } from 'vitest';
import { contextValues, decide, type PolicyDocument, type PolicyStatement, type RequestContext, type RequestPrincipal } from '../../../harness/iam/index.ts';

/**
 * Cases from the IAM User Guide: "Policy evaluation logic", "IAM JSON policy elements: Condition
 * operators", "Set operators for multivalued context keys", "IAM policy elements: Variables and
 * tags", and the ECS guide's task role examples.
 */

const session: RequestPrincipal = { kind: 'aws', arn: 'arn:aws:sts::111122223333:assumed-role/app/task1', account: '111122223333', roleArn: 'arn:aws:iam::111122223333:role/app' };
const request = (action: string, resource: string, values: Record<string, string | string[]> = {}, principal: RequestPrincipal = session): RequestContext => ({
  principal,
  action,
  resource,
  values: contextValues(Object.entries(values)),
});
const policy = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const one = (doc: PolicyDocument, ctx: RequestContext) => decide([{ name: 'permission policy of role "app"', document: doc }], ctx).decision;

// The ECS guide's permission example: s3:GetObject on the bucket, under the confused-deputy conditions.
const guide = policy({
  Effect: 'Allow',
  Action: ['s3:GetObject'],
  Resource: ['arn:aws:s3:::my-task-secrets-bucket/*'],
  Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:us-west-2:111122223333:*' }, StringEquals: { 'aws:SourceAccount': '111122223333' } },
});

describe('evaluation order: explicit Deny, then Allow, else implicit deny', () => {
  const allowAll = { Effect: 'Allow', Action: 's3:*', Resource: '*' } as const;
  it('allows what an Allow covers, denies the rest implicitly', () => {
    expect(one(policy(allowAll), request('s3:GetObject', 'arn:aws:s3:::b/k'))).toBe('allowed');
    expect(one(policy(allowAll), request('ec2:RunInstances', '*'))).toBe('implicit-deny');
  });
  it('lets an explicit Deny in any policy win, naming it', () => {
    const deny = policy({ Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::secrets/*' });
    const d = decide([{ name: 'a', document: policy(allowAll) }, { name: 'b', document: deny }], request('s3:GetObject', 'arn:aws:s3:::secrets/x'));
    expect(d).toEqual({ decision: 'explicit-deny', statement: { policy: 'b', index: 0, sid: 'NoSecrets', principal: 'exact' } });
  });
  it('takes NotAction and NotResource as "everything but"', () => {
    const doc = policy({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::private/*' });
    expect(one(doc, request('s3:GetObject', 'arn:aws:s3:::public/x'))).toBe('allowed');
    expect(one(doc, request('iam:CreateUser', '*'))).toBe('implicit-deny');
    expect(one(doc, request('s3:GetObject', 'arn:aws:s3:::private/x'))).toBe('implicit-deny');
  });
  it('matches action names case-insensitively, resources case-sensitively', () => {
    const doc = policy({ Effect: 'Allow', Action: 'S3:getobject', Resource: 'arn:aws:s3:::Bucket/*' });
    expect(one(doc, request('s3:GetObject', 'arn:aws:s3:::Bucket/k'))).toBe('allowed');
    expect(one(doc, request('s3:GetObject', 'arn:aws:s3:::bucket/k'))).toBe('implicit-deny');
  });
});

describe("the ECS guide's bucket example", () => {
  const ecs = { 'aws:SourceArn': 'arn:aws:ecs:us-west-2:111122223333:task/prod/abc', 'aws:SourceAccount': '111122223333' };
  it('allows the object under the conditions, and nothing else', () => {
    expect(one(guide, request('s3:GetObject', 'arn:aws:s3:::my-task-secrets-bucket/db.txt', ecs))).toBe('allowed');
    expect(one(guide, request('s3:GetObject', 'arn:aws:s3:::other-bucket/db.txt', ecs))).toBe('implicit-deny');
    expect(one(guide, request('s3:PutObject', 'arn:aws:s3:::my-task-secrets-bucket/db.txt', ecs))).toBe('implicit-deny');
  });
  it('denies a request from another account or region (confused deputy), or without the keys', () => {
    expect(one(guide, request('s3:GetObject', 'arn:aws:s3:::my-task-secrets-bucket/x', { ...ecs, 'aws:SourceAccount': '444455556666' }))).toBe('implicit-deny');
    expect(one(guide, request('s3:GetObject', 'arn:aws:s3:::my-task-secrets-bucket/x', { ...ecs, 'aws:SourceArn': 'arn:aws:ecs:eu-west-1:111122223333:task/prod/abc' }))).toBe('implicit-deny');
    expect(one(guide, request('s3:GetObject', 'arn:aws:s3:::my-task-secrets-bucket/x'))).toBe('implicit-deny');
  });
  it('names the condition that failed', () => {
    const d = decide([{ name: 'permission policy of role "app"', document: guide }], request('s3:GetObject', 'arn:aws:s3:::my-task-secrets-bucket/x'));
    expect(d).toEqual({ decision: 'implicit-deny', reasons: [expect.stringMatching(/^Statement\[0\] of the permission policy of role "app": ArnLike aws:SourceArn .* is not met: the request has no aws:SourceArn$/)] });
  });
});

describe('condition operators', () => {
  const cond = (Condition: PolicyStatement['Condition']) => policy({ Effect: 'Allow', Action: '*', Resource: '*', Condition });
  const check = (Condition: PolicyStatement['Condition'], values: Record<string, string | string[]>) => one(cond(Condition), request('s3:GetObject', '*', values)) === 'allowed';

  it('String: exact, ignore-case, like, and their negations; a missing key fails, or passes a negation', () => {
    expect(check({ StringEquals: { 'aws:PrincipalTag/job': 'admin' } }, { 'aws:PrincipalTag/job': 'admin' })).toBe(true);
    expect(check({ StringEquals: { 'aws:PrincipalTag/job': 'admin' } }, { 'aws:PrincipalTag/job': 'Admin' })).toBe(false);
    expect(check({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/job': 'admin' } }, { 'aws:PrincipalTag/job': 'Admin' })).toBe(true);
    expect(check({ StringLike: { 's3:prefix': ['home/*', 'shared/?'] } }, { 's3:prefix': 'shared/x' })).toBe(true);
    expect(check({ StringNotLike: { 's3:prefix': ['home/*'] } }, { 's3:prefix': 'home/x' })).toBe(false);
    expect(check({ StringNotEquals: { 'aws:PrincipalTag/job': ['a', 'b'] } }, { 'aws:PrincipalTag/job': 'c' })).toBe(true);
    expect(check({ StringNotEquals: { 'aws:PrincipalTag/job': 'a' } }, {})).toBe(true);
    expect(check({ StringEquals: { 'aws:PrincipalTag/job': 'a' } }, {})).toBe(false);
    expect(check({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/job': 'A' } }, { 'aws:PrincipalTag/job': 'a' })).toBe(false);
  });

  it('condition key names are case-insensitive, values are not', () => {
    expect(check({ StringEquals: { 'AWS:SOURCEACCOUNT': '111122223333' } }, { 'aws:SourceAccount': '111122223333' })).toBe(true);
  });

  it('...IfExists: decided only when the key is present', () => {
    expect(check({ StringEqualsIfExists: { 'ec2:InstanceType': 't2.micro' } }, {})).toBe(true);
    expect(check({ StringEqualsIfExists: { 'ec2:InstanceType': 't2.micro' } }, { 'ec2:InstanceType': 'm5.large' })).toBe(false);
    expect(check({ NumericLessThanIfExists: { 's3:max-keys': '10' } }, { 's3:max-keys': '5' })).toBe(true);
  });

  it('Null: true when absent, false when present', () => {
    expect(check({ Null: { 'aws:TokenIssueTime': 'true' } }, {})).toBe(true);
    expect(check({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' })).toBe(false);
    expect(check({ Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' })).toBe(true);
  });

  it('Bool, Numeric, Date, Binary', () => {
    expect(check({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' })).toBe(true);
    expect(check({ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'false' })).toBe(false);
    expect(check({ NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' })).toBe(true);
    expect(check({ NumericGreaterThan: { 's3:max-keys': 10 } }, { 's3:max-keys': '10' })).toBe(false);
    expect(check({ NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '11' })).toBe(true);
    expect(check({ NumericEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' })).toBe(false);
    expect(check({ DateLessThan: { 'aws:CurrentTime': '2026-06-30T00:00:00Z' } }, { 'aws:CurrentTime': '2026-01-01T00:00:00Z' })).toBe(true);
    expect(check({ DateGreaterThan: { 'aws:EpochTime': '1767225600' } }, { 'aws:EpochTime': '1767225599' })).toBe(false);
    expect(check({ DateEquals: { 'aws:CurrentTime': '2026-01-01' } }, { 'aws:CurrentTime': '2026-01-01T00:00:00Z' })).toBe(true);
    expect(check({ BinaryEquals: { 'aws:x': 'QmluYXJ5VmFsdWU=' } }, { 'aws:x': 'QmluYXJ5VmFsdWU=' })).toBe(true);
  });

  it('IpAddress and NotIpAddress, IPv4 and IPv6', () => {
    expect(check({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.9' })).toBe(true);
    expect(check({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.1' })).toBe(false);
    expect(check({ NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } }, { 'aws:SourceIp': '2001:db8:1234:5678::1' })).toBe(false);
    expect(check({ IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' })).toBe(true);
    expect(check({ IpAddress: { 'aws:SourceIp': '203.0.113.5' } }, { 'aws:SourceIp': '203.0.113.5' })).toBe(true);
  });

  it('Arn*: component by component, wildcards within a component', () => {
    expect(check({ ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:*:111122223333:*' } }, { 'aws:SourceArn': 'arn:aws:ecs:eu-west-1:111122223333:task/c/1' })).toBe(true);
    expect(check({ ArnEquals: { 'aws:SourceArn': 'arn:aws:ecs:us-east-1:111122223333:task/*' } }, { 'aws:SourceArn': 'arn:aws:ecs:us-east-1:111122223333:task/c/1' })).toBe(true);
    // The account component must match as a whole: `*` in the region does not swallow it.
    expect(check({ ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:*:111122223333:*' } }, { 'aws:SourceArn': 'arn:aws:ecs:us-east-1:444455556666:task/111122223333:x' })).toBe(false);
    expect(check({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:ecs:*:111122223333:*' } }, { 'aws:SourceArn': 'arn:aws:ecs:us-east-1:444455556666:task/c/1' })).toBe(true);
    expect(check({ ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:*' } }, { 'aws:SourceArn': 'not-an-arn' })).toBe(false);
  });

  it('ForAllValues and ForAnyValue over multivalued keys', () => {
    const tags = (...v: string[]) => ({ 'aws:TagKeys': v });
    expect(check({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, tags('env'))).toBe(true);
    expect(check({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, tags('env', 'cost'))).toBe(false);
    // ForAllValues on an absent key is true (the guide's warning), ForAnyValue false.
    expect(check({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, {})).toBe(true);
    expect(check({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, {})).toBe(false);
    expect(check({ 'ForAnyValue:StringLike': { 'aws:TagKeys': ['t*'] } }, tags('env', 'team'))).toBe(true);
    expect(check({ 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }, tags('env'))).toBe(false);
    expect(check({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, tags('env', 'team'))).toBe(true);
  });

  it('AND across operators and keys, OR across one key\'s values', () => {
    const c = { StringEquals: { 'aws:SourceAccount': ['1', '111122223333'], 'aws:PrincipalTag/a': 'x' } };
    expect(check(c, { 'aws:SourceAccount': '111122223333', 'aws:PrincipalTag/a': 'x' })).toBe(true);
    expect(check(c, { 'aws:SourceAccount': '111122223333' })).toBe(false);
  });
});

describe('policy variables', () => {
  const home = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/home/${aws:username}/*' });
  it('are replaced in Resource', () => {
    expect(one(home, request('s3:GetObject', 'arn:aws:s3:::bucket/home/ana/x', { 'aws:username': 'ana' }))).toBe('allowed');
    expect(one(home, request('s3:GetObject', 'arn:aws:s3:::bucket/home/bob/x', { 'aws:username': 'ana' }))).toBe('implicit-deny');
  });
  it('match nothing when the key is absent, unless a default is given', () => {
    expect(one(home, request('s3:GetObject', 'arn:aws:s3:::bucket/home/${aws:username}/x'))).toBe('implicit-deny');
    const withDefault = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*" });
    expect(one(withDefault, request('s3:GetObject', 'arn:aws:s3:::bucket/shared/x'))).toBe('allowed');
  });
  it('keep a value\'s own * literal, and know ${*}', () => {
    expect(one(home, request('s3:GetObject', 'arn:aws:s3:::bucket/home/ana/x', { 'aws:username': '*' }))).toBe('implicit-deny');
    const star = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/${*}' });
    expect(one(star, request('s3:GetObject', 'arn:aws:s3:::bucket/*'))).toBe('allowed');
    expect(one(star, request('s3:GetObject', 'arn:aws:s3:::bucket/x'))).toBe('implicit-deny');
  });
  it('are replaced in string conditions, and are plain text in a 2008-10-17 document', () => {
    const c = { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 's3:prefix': 'home/${aws:username}' } } } as const;
    expect(one(policy(c), request('s3:ListBucket', '*', { 's3:prefix': 'home/ana', 'aws:username': 'ana' }))).toBe('allowed');
    expect(one({ Version: '2008-10-17', Statement: [c] }, request('s3:ListBucket', '*', { 's3:prefix': 'home/ana', 'aws:username': 'ana' }))).toBe('implicit-deny');
  });
});

describe('principals (resource-based and trust policies)', () => {
  const trust = (Principal: PolicyStatement['Principal']) => policy({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole' });
  const d = (doc: PolicyDocument, p: RequestPrincipal = session) => decide([{ name: 't', document: doc }], request('sts:AssumeRole', 'arn:aws:iam::111122223333:role/app', {}, p));
  it('a role ARN names its sessions; a session ARN names that session', () => {
    expect(d(trust({ AWS: 'arn:aws:iam::111122223333:role/app' }))).toMatchObject({ decision: 'allowed', statement: { principal: 'exact' } });
    expect(d(trust({ AWS: 'arn:aws:sts::111122223333:assumed-role/app/task1' })).decision).toBe('allowed');
    expect(d(trust({ AWS: 'arn:aws:sts::111122223333:assumed-role/app/task2' })).decision).toBe('implicit-deny');
    expect(d(trust({ AWS: 'arn:aws:iam::111122223333:role/other' })).decision).toBe('implicit-deny');
  });
  it('an account (id or :root) names every principal in it, as delegation', () => {
    expect(d(trust({ AWS: '111122223333' }))).toMatchObject({ decision: 'allowed', statement: { principal: 'account' } });
    expect(d(trust({ AWS: 'arn:aws:iam::111122223333:root' }))).toMatchObject({ decision: 'allowed', statement: { principal: 'account' } });
    expect(d(trust({ AWS: 'arn:aws:iam::444455556666:root' })).decision).toBe('implicit-deny');
  });
  it('services by name; "*" is everyone', () => {
    const ecs: RequestPrincipal = { kind: 'service', service: 'ecs-tasks.amazonaws.com' };
    expect(d(trust({ Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] }), ecs).decision).toBe('allowed');
    expect(d(trust({ Service: 'ecs-tasks.amazonaws.com' })).decision).toBe('implicit-deny');
    expect(d(trust('*'), ecs).decision).toBe('allowed');
    expect(d(trust({ AWS: '*' })).decision).toBe('allowed');
  });
  it('NotPrincipal with Deny denies everyone but those listed', () => {
    const doc = policy({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: '*' });
    expect(d(doc).decision).toBe('explicit-deny');
    const admin: RequestPrincipal = { ...session, arn: 'arn:aws:sts::111122223333:assumed-role/admin/s', roleArn: 'arn:aws:iam::111122223333:role/admin' };
    expect(d(doc, admin).decision).toBe('allowed');
  });
});
