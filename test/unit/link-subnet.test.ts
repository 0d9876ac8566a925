import { describe, expect, it } from 'vitest';
import { allLinkSubnets, linkSubnet, shuffledLinkSubnets } from '../../harness/network/link-subnet.ts';

const inside = (cidr: string, third: number) => cidr.startsWith(`169.254.${third}.`);

describe('link subnets', () => {
  it('never use the blocks real ECS uses: IMDS, the agent endpoints, awsvpc\'s ecs-bridge', () => {
    const all = allLinkSubnets();
    for (const reserved of [169, 170, 172, 173, 174, 175]) expect(all.some((s) => inside(s.cidr, reserved))).toBe(false);
    expect(all.every((s) => s.cidr.startsWith('169.254.') && s.cidr.endsWith('/26'))).toBe(true);
  });
  it('leave room for ENIs beside Docker\'s own range', () => {
    const s = linkSubnet(12, 64);
    expect(s).toMatchObject({ cidr: '169.254.12.64/26', dockerRange: '169.254.12.64/27', mocks: '169.254.12.66', instance: '169.254.12.67', eniRange: ['169.254.12.96', '169.254.12.126'] });
  });
  it('are tried in a random order, each once', () => {
    const a = shuffledLinkSubnets(() => 0.1).map((s) => s.cidr);
    expect(new Set(a).size).toBe(allLinkSubnets().length);
  });
});
