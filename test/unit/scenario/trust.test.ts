import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from '../../../harness/scenario/model.ts';
import { evaluateTrust } from '../../../harness/scenario/trust.ts';

const ctx = { account: '111122223333', region: 'eu-west-1', cluster: 'prod', role: 'app' };
const allow = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', ...extra });
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

describe('trust policies, as ECS assumes a task role', () => {
  it("admit the AWS guide's policy, conditions on the instance's account and region included", () => {
    expect(evaluateTrust(doc(allow()), ctx)).toMatchObject({ admitted: true, statement: { index: 0 } });
    const guide = allow({ Sid: 'Guide', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:eu-west-1:111122223333:*' }, StringEquals: { 'aws:SourceAccount': '111122223333' } } });
    expect(evaluateTrust(doc(guide), ctx)).toMatchObject({ admitted: true, statement: { sid: 'Guide' } });
  });

  it('refuse another account, another region, or a cluster-specific SourceArn (the confused-deputy conditions)', () => {
    const conditions: PolicyStatement['Condition'][] = [
      { StringEquals: { 'aws:SourceAccount': '444455556666' } },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:us-east-1:111122223333:*' } },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:eu-west-1:111122223333:cluster/prod' } },
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:ecs:eu-west-1:444455556666:*' } },
    ];
    for (const Condition of conditions) expect(evaluateTrust(doc(allow({ Condition })), ctx).admitted).toBe(false);
  });

  it('admit the valid shapes ECS accepts: wildcard actions, NotAction, NotPrincipal, Principal "*" (issue 14)', () => {
    expect(evaluateTrust(doc(allow({ Action: 'sts:Assume*' })), ctx).admitted).toBe(true);
    expect(evaluateTrust(doc(allow({ Action: ['sts:*'] })), ctx).admitted).toBe(true);
    const { Action: _a, ...noAction } = allow();
    expect(evaluateTrust(doc({ ...noAction, NotAction: 'sts:TagSession' }), ctx).admitted).toBe(true);
    expect(evaluateTrust(doc({ ...noAction, NotAction: 'sts:AssumeRole' }), ctx).admitted).toBe(false);
    const { Principal: _p, ...noPrincipal } = allow();
    expect(evaluateTrust(doc({ ...noPrincipal, NotPrincipal: { Service: 'ec2.amazonaws.com' } }), ctx).admitted).toBe(true);
    expect(evaluateTrust(doc({ ...noPrincipal, NotPrincipal: { Service: 'ecs-tasks.amazonaws.com' } }), ctx).admitted).toBe(false);
    expect(evaluateTrust(doc({ ...noPrincipal, Principal: '*' }), ctx).admitted).toBe(true);
  });

  it('refuse a principal or an action that is not ECS tasks assuming the role', () => {
    expect(evaluateTrust(doc(allow({ Principal: { Service: 'ec2.amazonaws.com' } })), ctx)).toMatchObject({ admitted: false, why: expect.stringMatching(/no Allow statement/) });
    expect(evaluateTrust(doc(allow({ Action: 'sts:TagSession' })), ctx).admitted).toBe(false);
  });

  it('let a matching Deny win over an Allow, and name it', () => {
    expect(evaluateTrust(doc(allow(), { ...allow(), Effect: 'Deny', Sid: 'NoTasks' }), ctx)).toEqual({ admitted: false, why: 'statement "NoTasks" of the trust policy of role "app" denies it' });
    // A Deny whose condition does not hold does not deny.
    expect(evaluateTrust(doc(allow(), { ...allow(), Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceAccount': '111122223333' } } }), ctx).admitted).toBe(true);
  });

  it('decide keys ECS does not set as IAM decides an absent key', () => {
    expect(evaluateTrust(doc(allow({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } })), ctx)).toMatchObject({ admitted: false, why: expect.stringMatching(/the request has no aws:PrincipalOrgID/) });
    expect(evaluateTrust(doc(allow({ Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } } })), ctx).admitted).toBe(true);
    expect(evaluateTrust(doc(allow({ Condition: { Null: { 'aws:PrincipalOrgID': 'true' } } })), ctx).admitted).toBe(true);
    expect(evaluateTrust(doc(allow({ Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' } } })), ctx).admitted).toBe(true);
    expect(evaluateTrust(doc(allow({ Condition: { NumericLessThan: { 'aws:SourceAccount': '1' } } })), ctx).admitted).toBe(false);
  });

  it('admit when any one Allow has all its conditions met', () => {
    expect(evaluateTrust(doc(allow({ Condition: { StringEquals: { 'aws:SourceAccount': '0' } } }), allow()), ctx)).toMatchObject({ admitted: true, statement: { index: 1 } });
  });

  it('never let a condition operator or key named after an object built-in through (issue 14)', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const Condition = JSON.parse(`{"${name}": {"aws:SourceAccount": "111122223333"}}`) as PolicyStatement['Condition'];
      expect(evaluateTrust(doc(allow({ Condition })), ctx).admitted).toBe(false);
      const byKey = JSON.parse(`{"StringEquals": {"${name}": "x"}}`) as PolicyStatement['Condition'];
      expect(evaluateTrust(doc(allow({ Condition: byKey })), ctx).admitted).toBe(false);
      // A Deny on an operator that does not exist fails closed too: nothing is admitted through it.
      expect(evaluateTrust(doc(allow(), { ...allow(), Effect: 'Deny', Condition: byKey }), ctx).admitted).toBe(true);
    }
  });
});

describe('an operator IAM does not know, should one get past the loader', () => {
  it('keeps an Allow from applying and never keeps a Deny from applying', () => {
    const Condition = { StringEqualz: { 'aws:SourceAccount': '111122223333' } } as PolicyStatement['Condition'];
    expect(evaluateTrust(doc(allow({ Condition })), ctx).admitted).toBe(false);
    expect(evaluateTrust(doc(allow(), { ...allow(), Effect: 'Deny', Condition }), ctx).admitted).toBe(false);
  });
});
