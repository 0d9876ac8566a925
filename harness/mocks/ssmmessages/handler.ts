import { randomUUID } from 'node:crypto';
import { decide, describeStatement } from '../../iam/index.ts';
import { auditRecord, type AuditSink } from '../audit.ts';
import { splitPath, type Handler, type MockResponse } from '../http-types.ts';
import { callerContext, callerPolicies, decisionHeader } from '../iam/caller.ts';
import type { PoliciesRead } from '../iam/policies-file.ts';
import type { IdentityRegistry } from '../sts/identities.ts';
import { verifySigV4 } from '../sts/sigv4.ts';

/**
 * The four calls ECS Exec's SSM agent makes with the task's credentials (ECS developer guide,
 * "Monitor Amazon ECS containers with ECS Exec", IAM permissions required for ECS Exec):
 * CreateControlChannel and CreateDataChannel (`POST /v1/control-channel/<session>`,
 * `POST /v1/data-channel/<session>`), OpenControlChannel and OpenDataChannel (the WebSocket
 * `GET` of the same paths with `?stream=input`; a plain GET here, a documented difference).
 * The ssmmessages actions take no resource ARN (Service Authorization Reference, Amazon Session
 * Manager Message Gateway Service), so the resource is `*`. Decided by the IAM engine over the
 * caller's identity policy; refused → 403 AccessDeniedException (the JSON protocol's error shape).
 */

export interface SsmMessagesOptions {
  registry: IdentityRegistry;
  policies: () => PoliciesRead;
  nonce: string;
  audit?: AuditSink;
  requestId?: () => string;
}

const ROUTE = /^\/v1\/(control|data)-channel\/[^/]+$/;

export function actionOf(method: string, path: string, query: string): string | undefined {
  const m = ROUTE.exec(path);
  if (!m) return undefined;
  const channel = m[1] === 'control' ? 'ControlChannel' : 'DataChannel';
  if (method === 'POST') return `Create${channel}`;
  if (method === 'GET' && /(^|&)stream=input(&|$)/.test(query)) return `Open${channel}`;
  return undefined;
}

export function createSsmMessages(options: SsmMessagesOptions): { handle: Handler } {
  const newRequestId = options.requestId ?? randomUUID;
  const json = (status: number, body: object, requestId: string, headers: Record<string, string> = {}): MockResponse => ({
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...headers },
    body: JSON.stringify(body),
  });
  const handle: Handler = (req, now) => {
    const requestId = newRequestId();
    const { path, query } = splitPath(req.path);
    const action = actionOf(req.method, path, query);
    const check = verifySigV4(req, now, options.registry, 'ssmmessages');
    const response = ((): MockResponse => {
      if (check.state === 'invalid') return json(check.code === 'InternalFailure' ? 500 : 403, { message: check.message }, requestId, { 'x-amzn-errortype': check.code });
      if (action === undefined) return json(404, { message: `ecs-sim mock ssmmessages: no operation ${req.method} ${path}` }, requestId, { 'x-amzn-errortype': 'UnknownOperationException' });
      const read = options.policies();
      if (read.state === 'invalid') return json(500, { message: read.errors.join('; ') }, requestId, { 'x-amzn-errortype': 'InternalServerException' });
      const context = callerContext(check.identity, { action: `ssmmessages:${action}`, resource: '*', region: check.scope.region, now, req });
      const decision = decide(callerPolicies(check.identity, read.state === 'ready' ? read.value : new Map()), context);
      if (decision.decision === 'allowed') {
        return json(200, { MessageSchemaVersion: '1.0', RequestId: requestId, TokenValue: `ecs-sim-token-${options.nonce}` }, requestId, decisionHeader(`${describeStatement(decision.statement)} allows it`));
      }
      const why = decision.decision === 'explicit-deny' ? `${describeStatement(decision.statement)} denies it` : `no statement allows ssmmessages:${action}`;
      return json(403, { message: `User: ${check.identity.arn} is not authorized to perform: ssmmessages:${action}` }, requestId, { 'x-amzn-errortype': 'AccessDeniedException', ...decisionHeader(why) });
    })();
    options.audit?.(
      auditRecord({
        now,
        source: 'ssmmessages.amazonaws.com',
        eventName: action ?? 'Unknown',
        remoteAddress: req.remoteAddress,
        userAgent: req.headers['user-agent'],
        requestId,
        ...(check.state === 'valid' ? { region: check.scope.region, identity: { ...check.identity, accessKeyId: check.accessKeyId } } : {}),
        status: response.status,
        body: response.body,
        ...(response.status >= 400 ? { errorCode: response.headers['x-amzn-errortype'] ?? 'Error' } : {}),
      }),
    );
    return response;
  };
  return { handle };
}
