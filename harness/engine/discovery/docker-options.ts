import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { EcsSimError } from '../../errors.ts';

/**
 * An engine address (DOCKER_HOST's syntax) → dockerode's options, as testcontainers-node 12.0.1's
 * ConfigurationStrategy maps it (a host name → host and port, else the path is a socket; with
 * TLS verification on, ca/cert/key.pem from the cert folder, which makes docker-modem speak
 * https), plus what that strategy drops: `ssh://user@host` keeps its scheme (docker-modem then
 * tunnels over ssh2 and the ssh agent at SSH_AUTH_SOCK), and `https://` is https.
 */
export function dockerOptionsFor(uri: string, tls: { verify?: string | undefined; certDir?: string | undefined } = {}, field = 'DOCKER_HOST'): Docker.DockerOptions {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new EcsSimError('ENGINE_ADDRESS', `${field}=${uri} is not an engine address`, {
      kind: 'input',
      fix: 'write unix:///path/to/docker.sock, tcp://host:2375, or ssh://user@host',
    });
  }
  if (!['unix:', 'npipe:', 'tcp:', 'http:', 'https:', 'ssh:'].includes(url.protocol)) {
    throw new EcsSimError('ENGINE_ADDRESS', `${field}=${uri}: the scheme ${url.protocol} is not one Docker speaks`, {
      kind: 'input',
      fix: 'use unix://, tcp://, https:// or ssh://',
    });
  }
  const opts: Docker.DockerOptions = {};
  if (url.protocol === 'unix:' || url.protocol === 'npipe:' || url.hostname === '') {
    opts.socketPath = url.pathname;
  } else {
    opts.host = url.hostname;
    if (url.port) opts.port = url.port;
    if (url.protocol === 'ssh:') {
      opts.protocol = 'ssh';
      if (url.username) opts.username = decodeURIComponent(url.username);
    } else if (url.protocol === 'https:') {
      opts.protocol = 'https';
    }
  }
  if (tls.verify === '1' && tls.certDir) {
    opts.ca = readFileSync(join(tls.certDir, 'ca.pem'));
    opts.cert = readFileSync(join(tls.certDir, 'cert.pem'));
    opts.key = readFileSync(join(tls.certDir, 'key.pem'));
  }
  return opts;
}
