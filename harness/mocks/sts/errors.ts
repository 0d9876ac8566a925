/**
 * The STS errors this mock answers, each with the status and `<Type>` STS gives it. Sources:
 * - MissingAuthenticationToken, 403, "Request is missing Authentication Token": a real
 *   sts.amazonaws.com answer quoted in amzn/selling-partner-api-docs#3081.
 * - InvalidClientTokenId, 403, "The security token included in the request is invalid.": what
 *   the AWS CLI prints for GetCallerIdentity with an unknown key or a missing/wrong session token.
 * - SignatureDoesNotMatch, 403: the message is the query-protocol services' (aws/aws-cli#134);
 *   STS also answers a clock outside ±15 minutes with it, not with RequestExpired:
 *   "Signature expired: <t> is now earlier than <now-15m> (<now> - 15 min.)" (aws/aws-cli#6676,
 *   GetCallerIdentity) and "Signature not yet current: <t> is still later than <now+15m> (<now> +
 *   15 min.)" (Terraform's sts:GetCallerIdentity, status 403, QT-DevOps/DevOpsIssues#989).
 * - AccessDenied, 403, "User: <caller> is not authorized to perform: sts:AssumeRole on resource:
 *   <role>": STS API Reference, AssumeRole errors and the IAM User Guide's "Troubleshoot IAM roles";
 *   ValidationError, 400, "1 validation error detected: Value null at 'roleArn' failed to satisfy
 *   constraint: Member must not be null": the query-protocol validation error STS answers for a
 *   missing or malformed parameter (aws/aws-cli#5262).
 * - IncompleteSignature 400, InvalidAction 400, MissingAction 400, InternalFailure 500: the
 *   Common Errors page of the query-protocol API references. The InvalidAction text is SES's
 *   ("Could not find operation X for version Y", aws/aws-cli#37); STS's own is not confirmed.
 */
export type StsErrorCode =
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'InvalidClientTokenId'
  | 'SignatureDoesNotMatch'
  | 'MissingAction'
  | 'InvalidAction'
  | 'InternalFailure'
  | 'AccessDenied'
  | 'ValidationError';

/** `Sender`: the caller's fault; `Receiver`: ours (the query protocol's `<Type>`). */
export const STS_ERRORS: Record<StsErrorCode, { status: number; type: 'Sender' | 'Receiver' }> = {
  MissingAuthenticationToken: { status: 403, type: 'Sender' },
  IncompleteSignature: { status: 400, type: 'Sender' },
  InvalidClientTokenId: { status: 403, type: 'Sender' },
  SignatureDoesNotMatch: { status: 403, type: 'Sender' },
  MissingAction: { status: 400, type: 'Sender' },
  InvalidAction: { status: 400, type: 'Sender' },
  InternalFailure: { status: 500, type: 'Receiver' },
  AccessDenied: { status: 403, type: 'Sender' },
  ValidationError: { status: 400, type: 'Sender' },
};

/** One error, ready to render (responses.ts). */
export interface StsError {
  code: StsErrorCode;
  message: string;
}

export const MISSING_AUTHENTICATION: StsError = { code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' };
export const INVALID_TOKEN: StsError = { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' };
export const SIGNATURE_MISMATCH: StsError = {
  code: 'SignatureDoesNotMatch',
  message:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
};
