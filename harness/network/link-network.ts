import type Docker from 'dockerode';
import createDebug from 'debug';
import { EcsSimError } from '../errors.ts';
import { shuffledLinkSubnets, type LinkSubnet } from './link-subnet.ts';

const debug = createDebug('ecs-sim:network');

export interface LinkNetwork {
  name: string;
  id: string;
  subnet: LinkSubnet;
}

/**
 * Creates an instance's link network: a bridge with no host address (inhibit_ipv4), no NAT and
 * a gateway nobody holds, so nothing on it can leave the engine (DESIGN.md, Link network). Not
 * `--internal`: that drops every frame addressed outside the subnet, 169.254.169.254 included.
 * Docker refuses overlapping subnets; a conflict moves on to the next candidate.
 */
export async function createLinkNetwork(docker: Docker, name: string, labels: Record<string, string>, maxTries = 20): Promise<LinkNetwork> {
  let lastError: unknown;
  for (const subnet of shuffledLinkSubnets().slice(0, maxTries)) {
    try {
      debug('Creating network "%s" on %s...', name, subnet.cidr);
      const net = await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: labels,
        Options: {
          'com.docker.network.bridge.inhibit_ipv4': 'true',
          'com.docker.network.bridge.enable_ip_masquerade': 'false',
        },
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet.cidr, IPRange: subnet.dockerRange, Gateway: subnet.gateway }] },
      });
      debug('Created network "%s"', name);
      return { name, id: net.id, subnet };
    } catch (err) {
      lastError = err;
      const msg = String((err as Error).message);
      if (!/overlap|pool|conflict/i.test(msg)) break;
      debug('subnet %s taken: %s', subnet.cidr, msg);
    }
  }
  throw new EcsSimError('LINK_NETWORK_FAILED', `could not create link network "${name}": ${(lastError as Error)?.message}`, {
    kind: 'environment',
    fix: 'run `ecs-sim gc` to remove networks of dead runs; check `docker network ls` for networks inside 169.254.0.0/16',
    cause: lastError,
  });
}
