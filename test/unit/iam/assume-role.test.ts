import { describe, expect, it } from 'vitest';
import { contextValues, decideAssumeRole, type PolicyDocument, type PolicyStatement, type RequestPrincipal } from '../../../harness/iam/index.ts';

const ACCOUNT = '111122223333';
const session = (role: string, account = ACCOUNT): RequestPrincipal => ({ kind: 'aws', arn: `arn:aws:sts::${account}:assumed-role/${role}/s`, account, roleArn: `arn:aws:iam::${account}:role/${role}` });
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const trusting = (Principal: PolicyStatement['Principal']) => doc({ Sid: 'T', Effect: 'Allow', Principal, Action: 'sts:AssumeRole' });
const grant = doc({ Sid: 'G', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/target` });

function ask(principal: RequestPrincipal, trustPolicy: PolicyDocument, callerPolicy?: PolicyDocument, target = 'target') {
  const arn = `arn:aws:iam::${ACCOUNT}:role/${target}`;
  return decideAssumeRole({
    context: { principal, action: 'sts:AssumeRole', resource: arn, values: contextValues([]) },
    role: { name: target, arn, account: ACCOUNT, trustPolicy },
    callerPolicies: callerPolicy ? [{ name: 'permission policy of the caller', document: callerPolicy }] : [],
  });
}

describe('sts:AssumeRole: the trust policy and the caller\'s own policies together', () => {
  it('a trust statement naming the caller\'s role grants by itself in the account', () => {
    expect(ask(session('app'), trusting({ AWS: `arn:aws:iam::${ACCOUNT}:role/app` }))).toMatchObject({ decision: 'allowed', statement: { sid: 'T' } });
  });
  it('the account principal delegates: the caller\'s policy must allow it', () => {
    expect(ask(session('app'), trusting({ AWS: ACCOUNT }))).toMatchObject({ decision: 'denied', why: expect.stringMatching(/no identity-based policy of the caller allows/) });
    expect(ask(session('app'), trusting({ AWS: ACCOUNT }), grant)).toMatchObject({ decision: 'allowed', statement: { sid: 'G' } });
  });
  it('a role assumes itself only when its trust policy names it', () => {
    const selfGrant = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
    expect(ask(session('target'), trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), selfGrant)).toMatchObject({ decision: 'denied', why: expect.stringMatching(/names it explicitly/) });
    expect(ask(session('target'), trusting({ AWS: `arn:aws:iam::${ACCOUNT}:role/target` }))).toMatchObject({ decision: 'allowed' });
  });
  it('across accounts both sides must allow', () => {
    const other = session('app', '444455556666');
    const otherGrant = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/target` });
    expect(ask(other, trusting({ AWS: 'arn:aws:iam::444455556666:role/app' })).decision).toBe('denied');
    expect(ask(other, trusting({ AWS: 'arn:aws:iam::444455556666:role/app' }), otherGrant).decision).toBe('allowed');
    expect(ask(other, trusting({ AWS: ACCOUNT }), otherGrant).decision).toBe('denied');
  });
  it('an explicit Deny on either side wins; a trust policy that names someone else refuses', () => {
    const deny = doc({ Sid: 'D', Effect: 'Deny', Action: 'sts:*', Resource: '*' });
    expect(ask(session('app'), trusting({ AWS: `arn:aws:iam::${ACCOUNT}:role/app` }), deny)).toMatchObject({ decision: 'denied', statement: { sid: 'D' } });
    expect(ask(session('app'), trusting({ AWS: `arn:aws:iam::${ACCOUNT}:role/other` }), grant)).toMatchObject({ decision: 'denied', why: expect.stringMatching(/no statement of the trust policy/) });
    expect(ask(session('app'), trusting({ Service: 'ecs-tasks.amazonaws.com' }), grant).decision).toBe('denied');
  });
});
