/**
 * A CloudTrail-like record of one call a mock answered (AWS CloudTrail User Guide, "CloudTrail
 * record contents"): who (userIdentity, with the session name, which for a task role is the task
 * ID: that is how CloudTrail ties a call to a task), what (eventSource, eventName, the request's
 * parameters), from where (sourceIPAddress), and how it ended (errorCode/errorMessage). The mocks
 * append one JSON line per call to their audit file; the runner puts them in the JSON report.
 */
export interface AuditRecord {
  eventVersion: '1.08';
  /** ISO 8601, seconds. */
  eventTime: string;
  eventSource: 'sts.amazonaws.com' | 's3.amazonaws.com' | 'ssmmessages.amazonaws.com' | 'ecs-agent';
  eventName: string;
  awsRegion?: string;
  sourceIPAddress: string;
  userAgent?: string;
  /** Absent when the caller could not be identified (no or bad signature, unknown key). */
  userIdentity?: { type: 'AssumedRole'; arn: string; accountId: string; principalId: string; accessKeyId: string };
  requestParameters?: Record<string, string>;
  errorCode?: string;
  errorMessage?: string;
  requestID: string;
}

export type AuditSink = (record: AuditRecord) => void;

export const cloudTrailTime = (now: Date): string => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The error an answer carries, read back from the XML both STS and S3 answer with (responses.ts). */
export function errorOf(status: number, body: string): { errorCode: string; errorMessage: string } | undefined {
  if (status < 400) return undefined;
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  return code === undefined ? undefined : { errorCode: code, errorMessage: unescapeXml(message ?? '') };
}

function messageOf(body: string): string {
  try {
    return String((JSON.parse(body) as { message?: unknown }).message ?? '');
  } catch {
    return '';
  }
}

const unescapeXml = (text: string): string => text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

/** The record of one answered call. */
export function auditRecord(call: {
  now: Date;
  source: AuditRecord['eventSource'];
  eventName: string;
  remoteAddress: string;
  userAgent: string | undefined;
  requestId: string;
  region?: string;
  identity?: { arn: string; account: string; userId: string; accessKeyId: string };
  requestParameters?: Record<string, string>;
  status: number;
  body: string;
  /** For JSON answers, whose code is in a header rather than the body. */
  errorCode?: string;
}): AuditRecord {
  const error = call.errorCode !== undefined ? { errorCode: call.errorCode, errorMessage: messageOf(call.body) } : errorOf(call.status, call.body);
  return {
    eventVersion: '1.08',
    eventTime: cloudTrailTime(call.now),
    eventSource: call.source,
    eventName: call.eventName,
    ...(call.region ? { awsRegion: call.region } : {}),
    sourceIPAddress: call.remoteAddress,
    ...(call.userAgent ? { userAgent: call.userAgent } : {}),
    ...(call.identity
      ? { userIdentity: { type: 'AssumedRole' as const, arn: call.identity.arn, accountId: call.identity.account, principalId: call.identity.userId, accessKeyId: call.identity.accessKeyId } }
      : {}),
    ...(call.requestParameters ? { requestParameters: call.requestParameters } : {}),
    ...(error ?? {}),
    requestID: call.requestId,
  };
}
