import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from '../../../harness/scenario/model.ts';
import { evaluateTrust } from '../../../harness/scenario/trust.ts';

const ctx = { account: '111122223333', region: 'eu-west-1', cluster: 'prod' };
const allow = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', ...extra });
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

describe('trust policies, as ECS assumes a task role', () => {
  it('admit the AWS guide\'s policy, conditions on the instance\'s account and region included', () => {
    expect(evaluateTrust(doc(allow()), ctx)).toEqual({ admitted: true });
    const guide = allow({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:eu-west-1:111122223333:*' }, StringEquals: { 'aws:SourceAccount': '111122223333' } } });
    expect(evaluateTrust(doc(guide), ctx)).toEqual({ admitted: true });
  });

  it('refuse another account, another region, or a cluster-specific SourceArn', () => {
    const conditions: PolicyStatement['Condition'][] = [
      { StringEquals: { 'aws:SourceAccount': '444455556666' } },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:us-east-1:111122223333:*' } },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:eu-west-1:111122223333:cluster/prod' } },
    ];
    for (const Condition of conditions) expect(evaluateTrust(doc(allow({ Condition })), ctx).admitted).toBe(false);
  });

  it('refuse a principal or an action that is not ECS tasks assuming the role', () => {
    expect(evaluateTrust(doc(allow({ Principal: { Service: 'ec2.amazonaws.com' } })), ctx)).toMatchObject({ admitted: false, why: expect.stringMatching(/no Allow statement/) });
    expect(evaluateTrust(doc(allow({ Action: 'sts:TagSession' })), ctx).admitted).toBe(false);
  });

  it('let a matching Deny win over an Allow', () => {
    expect(evaluateTrust(doc(allow(), { ...allow(), Effect: 'Deny', Sid: 'NoTasks' }), ctx)).toEqual({ admitted: false, why: 'a Deny statement (NoTasks) refuses it' });
  });

  it('fail closed on conditions it does not evaluate', () => {
    expect(evaluateTrust(doc(allow({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } })), ctx)).toMatchObject({ admitted: false, why: expect.stringMatching(/aws:PrincipalOrgID is not one ECS sets/) });
    expect(evaluateTrust(doc(allow({ Condition: { NumericLessThan: { 'aws:SourceAccount': '1' } } })), ctx)).toMatchObject({ admitted: false, why: expect.stringMatching(/NumericLessThan is not evaluated/) });
  });

  it('admit when any one Allow has all its conditions met', () => {
    expect(evaluateTrust(doc(allow({ Condition: { StringEquals: { 'aws:SourceAccount': '0' } } }), allow()), ctx)).toEqual({ admitted: true });
  });
});
