import type { Handler, MockRequest, MockResponse } from './http-types.ts';
import { splitPath } from './http-types.ts';
import { parseAuthorization } from './sts/authorization.ts';

/**
 * One endpoint for the AWS APIs the mocks serve beside IMDS (STS, S3, ssmmessages), on STS's listener:
 * a request goes to the service its SigV4 credential scope names (`…/<region>/s3/aws4_request`),
 * as AWS's endpoints are distinct per service and the clients are pointed here per service
 * (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_S3). An unsigned request goes to STS when it is a
 * query-protocol call to `/`, else to S3, so each answers it in its own words.
 */
export function createAwsApi(services: Record<AwsService, Handler>): Handler {
  return (req: MockRequest, now: Date): MockResponse => services[serviceOf(req)](req, now);
}

export type AwsService = 'sts' | 's3' | 'ssmmessages';

export function serviceOf(req: MockRequest): AwsService {
  const header = req.headers.authorization;
  if (header) {
    const parsed = parseAuthorization(header);
    const service = parsed.ok ? parsed.authorization.scope.service : undefined;
    if (service === 's3' || service === 'ssmmessages') return service;
    if (parsed.ok) return 'sts';
  }
  return splitPath(req.path).path === '/' ? 'sts' : 's3';
}
