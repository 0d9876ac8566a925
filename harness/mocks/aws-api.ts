import type { Handler, MockRequest, MockResponse } from './http-types.ts';
import { splitPath } from './http-types.ts';
import { parseAuthorization } from './sts/authorization.ts';

/**
 * One endpoint for the AWS APIs the mocks serve beside IMDS (STS and S3), on STS's listener:
 * a request goes to the service its SigV4 credential scope names (`…/<region>/s3/aws4_request`),
 * as AWS's endpoints are distinct per service and the clients are pointed here per service
 * (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_S3). An unsigned request goes to STS when it is a
 * query-protocol call to `/`, else to S3, so each answers it in its own words.
 */
export function createAwsApi(services: { sts: Handler; s3: Handler }): Handler {
  return (req: MockRequest, now: Date): MockResponse => (serviceOf(req) === 's3' ? services.s3(req, now) : services.sts(req, now));
}

export function serviceOf(req: MockRequest): 'sts' | 's3' {
  const header = req.headers.authorization;
  if (header) {
    const parsed = parseAuthorization(header);
    if (parsed.ok) return parsed.authorization.scope.service === 's3' ? 's3' : 'sts';
  }
  return splitPath(req.path).path === '/' ? 'sts' : 's3';
}
