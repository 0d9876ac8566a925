/** An HTTP request a probe makes: where to, and what. */
export interface HttpTarget {
  /** A short name for tables: `imds`, `imds-token`, ... */
  name: string;
  host: string;
  port: number;
  method: 'GET' | 'PUT';
  path: string;
  headers?: Record<string, string>;
}

/** The raw HTTP/1.0 request (Connection: close, so the server ends the exchange). */
export function rawRequest(t: HttpTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host; // an IPv6 literal (RFC 7230 Host)
  const lines = [`${t.method} ${t.path} HTTP/1.0`, `Host: ${host}`, 'User-Agent: ecs-sim-probe/1', 'Connection: close'];
  for (const [k, v] of Object.entries(t.headers ?? {})) lines.push(`${k}: ${v}`);
  if (t.method === 'PUT') lines.push('Content-Length: 0');
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export const IMDS_ADDRESS = '169.254.169.254';
/** EC2's IPv6 IMDS endpoint (HttpProtocolIpv6=enabled); network/link-ipv6.ts holds it in the mocks. */
export const IMDS_IPV6_HOST = 'fd00:ec2::254';

/** The same IMDS request over another family. */
export const overFamily = (t: HttpTarget, family: 'ipv4' | 'ipv6'): HttpTarget => (family === 'ipv4' ? t : { ...t, host: IMDS_IPV6_HOST });

/** The targets of the first checks (DESIGN.md; ECS-FACTS.md, IMDS). */
export const imdsMetadata: HttpTarget = { name: 'imds', host: IMDS_ADDRESS, port: 80, method: 'GET', path: '/latest/meta-data/' };
export const imdsToken: HttpTarget = {
  name: 'imds-token',
  host: IMDS_ADDRESS,
  port: 80,
  method: 'PUT',
  path: '/latest/api/token',
  headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' },
};

/** The agent's credential endpoint as tasks address it (ECS-FACTS.md: 169.254.170.2:80, DNAT/REDIRECT to 127.0.0.1:51679). */
export const CREDENTIALS_ADDRESS = '169.254.170.2';

/** GET /v2/credentials/<id>: what the SDKs do with AWS_CONTAINER_CREDENTIALS_RELATIVE_URI. */
export const credentialsRequest = (credentialsId: string): HttpTarget => ({
  name: 'credentials',
  host: CREDENTIALS_ADDRESS,
  port: 80,
  method: 'GET',
  path: `/v2/credentials/${credentialsId}`,
});

/** A probe's request as the docs show it, made from the request the probe really sends. */
export const describeRequest = (t: HttpTarget): string =>
  `${t.method} http://${t.host}${t.path}${Object.entries(t.headers ?? {}).map(([k, v]) => ` with ${k}: ${v}`).join('')}`;
