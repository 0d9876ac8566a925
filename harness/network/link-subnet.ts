/**
 * The link subnets an instance may get: /26 blocks inside 169.254.0.0/16, never the blocks that
 * real ECS uses for something else: 169.254.169.0/24 (IMDS), 169.254.170.0/24 (the agent's
 * endpoints) and 169.254.172.0/22 (awsvpc's ecs-bridge, agent/ecscni/types.go).
 * Addresses: .1 Docker's nominal gateway (nobody holds it: inhibit_ipv4), .2 the mocks,
 * .3 the instance; .1–.31 are Docker's (--ip-range); .32–.62 are left for task ENIs.
 */
export interface LinkSubnet {
  cidr: string;
  gateway: string;
  dockerRange: string;
  mocks: string;
  instance: string;
  /** The first and last address free for ENIs. */
  eniRange: [string, string];
}

const RESERVED_THIRD_OCTETS = new Set([0, 169, 170, 172, 173, 174, 175, 255]);

export function allLinkSubnets(): LinkSubnet[] {
  const out: LinkSubnet[] = [];
  for (let third = 1; third < 255; third++) {
    if (RESERVED_THIRD_OCTETS.has(third)) continue;
    for (const fourth of [0, 64, 128, 192]) out.push(linkSubnet(third, fourth));
  }
  return out;
}

export function linkSubnet(third: number, fourth: number): LinkSubnet {
  const a = (n: number) => `169.254.${third}.${fourth + n}`;
  return {
    cidr: `${a(0)}/26`,
    gateway: a(1),
    dockerRange: `${a(0)}/27`,
    mocks: a(2),
    instance: a(3),
    eniRange: [a(32), a(62)],
  };
}

/** Candidates in a random order, so that concurrent runs rarely try the same block first. */
export function shuffledLinkSubnets(random: () => number = Math.random): LinkSubnet[] {
  const all = allLinkSubnets();
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}
