import { describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { decide, type PolicyDocument } from '../../../harness/iam/index.ts';
import type { RolePolicies } from '../../../harness/mocks/iam/policies-file.ts';
import { actionOf, createSsmMessages } from '../../../harness/mocks/ssmmessages/handler.ts';
import { NodeSha256 } from '../../../harness/mocks/sts/signature.ts';
import { assumedRoleIdentity } from '../../../harness/mocks/sts/identities.ts';
import { mockRequest } from './helpers.ts';

const creds = { accessKeyId: 'ECSSIM-exec', secretAccessKey: 'ecssim-secret-exec', sessionToken: 'ecssim-token-exec' };
const registry = () => ({ state: 'found' as const, credentials: { secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken, identity: assumedRoleIdentity('123456789012', 'app', 'task1') } });
const EXEC: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'], Resource: '*' }],
};

async function signed(method: 'GET' | 'POST', path: string, query: Record<string, string>) {
  const signer = new SignatureV4({ service: 'ssmmessages', region: 'us-east-1', credentials: creds, sha256: NodeSha256 });
  const r = await signer.sign({ method, protocol: 'http:', hostname: 'mocks', path, query, headers: { host: 'mocks' } });
  const qs = new URLSearchParams(query).toString();
  return mockRequest({ method, path: `${path}${qs ? `?${qs}` : ''}`, headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), String(v)])) });
}

describe('the mock ssmmessages ECS Exec uses', () => {
  it('maps the four calls to their IAM actions', () => {
    expect(actionOf('POST', '/v1/control-channel/s', '')).toBe('CreateControlChannel');
    expect(actionOf('POST', '/v1/data-channel/s', '')).toBe('CreateDataChannel');
    expect(actionOf('GET', '/v1/control-channel/s', 'stream=input')).toBe('OpenControlChannel');
    expect(actionOf('GET', '/v1/data-channel/s', 'stream=input')).toBe('OpenDataChannel');
    expect(actionOf('GET', '/v1/data-channel/s', '')).toBeUndefined();
  });

  it('answers 200 when the role grants the action and 403 AccessDeniedException when not, naming the statement', async () => {
    const roles = (policy?: PolicyDocument) => () => ({ state: 'ready' as const, value: new Map<string, RolePolicies>([['app', { name: 'app', trustPolicy: EXEC, ...(policy ? { permissionPolicy: policy } : {}) }]]) });
    const now = new Date();
    const granted = createSsmMessages({ registry, policies: roles(EXEC), nonce: 'n' });
    const r = granted.handle(await signed('GET', '/v1/data-channel/abc', { stream: 'input' }), now);
    expect(r.status).toBe(200);
    expect(decodeURIComponent(r.headers['x-ecs-sim-decision'] ?? '')).toBe('Statement[0] of the permission policy of role "app" allows it');
    const none = createSsmMessages({ registry, policies: roles(), nonce: 'n' }).handle(await signed('POST', '/v1/control-channel/abc', {}), now);
    expect(none.status).toBe(403);
    expect(none.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(JSON.parse(none.body)).toEqual({ message: 'User: arn:aws:sts::123456789012:assumed-role/app/task1 is not authorized to perform: ssmmessages:CreateControlChannel' });
  });

  it('refuses a request whose signature does not verify', async () => {
    const req = await signed('POST', '/v1/control-channel/abc', {});
    const r = createSsmMessages({ registry, policies: () => ({ state: 'absent' }), nonce: 'n' }).handle({ ...req, path: '/v1/data-channel/abc' }, new Date());
    expect(r.status).toBe(403);
    expect(r.headers['x-amzn-errortype']).toBe('SignatureDoesNotMatch');
  });

  it('is decided by the same engine as everything else (a sanity check of the grant)', () => {
    expect(decide([{ name: 'p', document: EXEC }], { principal: { kind: 'anonymous' }, action: 'ssmmessages:OpenDataChannel', resource: '*', values: new Map() }).decision).toBe('allowed');
  });
});
