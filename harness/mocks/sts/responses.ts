import type { MockResponse } from '../http-types.ts';
import { STS_ERRORS, type StsError } from './errors.ts';
import { assumedRoleIdentity, type CallerIdentity } from './identities.ts';

/**
 * STS's answers in the query protocol's XML. The success shape and its two-space indentation are
 * the STS API Reference's GetCallerIdentity sample response; the error shape is a real STS error
 * (amzn/selling-partner-api-docs#3081), which also shows the headers: `Content-Type: text/xml`
 * and the request id in `x-amzn-RequestId`, where the SDK reads `$metadata.requestId` from.
 */
const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function callerIdentityResponse(identity: CallerIdentity, requestId: string, now: Date): MockResponse {
  const body = [
    `<GetCallerIdentityResponse xmlns="${NAMESPACE}">`,
    '  <GetCallerIdentityResult>',
    `    <Arn>${escapeXml(identity.arn)}</Arn>`,
    `    <UserId>${escapeXml(identity.userId)}</UserId>`,
    `    <Account>${escapeXml(identity.account)}</Account>`,
    '  </GetCallerIdentityResult>',
    '  <ResponseMetadata>',
    `    <RequestId>${escapeXml(requestId)}</RequestId>`,
    '  </ResponseMetadata>',
    '</GetCallerIdentityResponse>',
  ];
  return xmlResponse(200, body, requestId, now);
}

/** AssumeRole's answer (STS API Reference, AssumeRole, sample response; no PackedPolicySize: no session policy is passed). */
export function assumeRoleResponse(
  session: { account: string; roleName: string; sessionName: string; credentials: { AccessKeyId: string; SecretAccessKey: string; Token: string; Expiration: string } },
  requestId: string,
  now: Date,
): MockResponse {
  const { account, roleName, sessionName, credentials } = session;
  const body = [
    `<AssumeRoleResponse xmlns="${NAMESPACE}">`,
    '  <AssumeRoleResult>',
    '    <AssumedRoleUser>',
    `      <Arn>${escapeXml(assumedRoleIdentity(account, roleName, sessionName).arn)}</Arn>`,
    `      <AssumedRoleId>${escapeXml(assumedRoleIdentity(account, roleName, sessionName).userId)}</AssumedRoleId>`,
    '    </AssumedRoleUser>',
    '    <Credentials>',
    `      <AccessKeyId>${escapeXml(credentials.AccessKeyId)}</AccessKeyId>`,
    `      <SecretAccessKey>${escapeXml(credentials.SecretAccessKey)}</SecretAccessKey>`,
    `      <SessionToken>${escapeXml(credentials.Token)}</SessionToken>`,
    `      <Expiration>${escapeXml(credentials.Expiration)}</Expiration>`,
    '    </Credentials>',
    '  </AssumeRoleResult>',
    '  <ResponseMetadata>',
    `    <RequestId>${escapeXml(requestId)}</RequestId>`,
    '  </ResponseMetadata>',
    '</AssumeRoleResponse>',
  ];
  return xmlResponse(200, body, requestId, now);
}

export function stsErrorResponse(error: StsError, requestId: string, now: Date): MockResponse {
  const { status, type } = STS_ERRORS[error.code];
  const body = [
    `<ErrorResponse xmlns="${NAMESPACE}">`,
    '  <Error>',
    `    <Type>${type}</Type>`,
    `    <Code>${error.code}</Code>`,
    `    <Message>${escapeXml(error.message)}</Message>`,
    '  </Error>',
    `  <RequestId>${escapeXml(requestId)}</RequestId>`,
    '</ErrorResponse>',
  ];
  return xmlResponse(status, body, requestId, now);
}

/**
 * `date` is the handler's `now`, not node's own clock: the SDK corrects its clock skew from this
 * header after a skew error (@aws-sdk/core AwsSdkSigV4Signer `errorHandler`), so a test that moves
 * the mock's clock gets a client that follows it, as a real client follows AWS's clock.
 */
function xmlResponse(status: number, lines: string[], requestId: string, now: Date): MockResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, date: now.toUTCString() },
    body: `${lines.join('\n')}\n`,
  };
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
