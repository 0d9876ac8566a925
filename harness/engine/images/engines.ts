/**
 * The Docker engines a simulated instance can run, each from the Debian suite that ships it
 * (DESIGN.md "Measured in turn 2": bookworm docker.io 20.10.24 / iptables 1.8.9, trixie 26.1.5 /
 * 1.8.11, sid 28.5.2 / 1.8.13). One fact in one place: the schema, the image catalog, the matrix
 * run and the README all read this table.
 */
export const DOCKER_ENGINES = ['20.10', '26.1', '28.5'] as const;
export type DockerEngine = (typeof DOCKER_ENGINES)[number];

/**
 * The engine closest to the current ECS-optimized Amazon Linux 2023 AMI, which ships Docker 25.0
 * (AL2023 release notes and the ECS AMI's release notes, README "Docker engines"): 26.1 is one
 * minor line away and has the same iptables-based firewall (Docker 28 reworked it; 20.10 is four
 * years older).
 */
export const DEFAULT_ENGINE: DockerEngine = '26.1';

export interface EngineSource {
  suite: 'bookworm' | 'trixie' | 'sid';
  /** Debian packages that hold dockerd and the `docker` CLI: from trixie on, the CLI is `docker-cli`. */
  dockerPackages: readonly string[];
}

export const ENGINE_SOURCES: Record<DockerEngine, EngineSource> = {
  '20.10': { suite: 'bookworm', dockerPackages: ['docker.io'] },
  '26.1': { suite: 'trixie', dockerPackages: ['docker.io', 'docker-cli'] },
  '28.5': { suite: 'sid', dockerPackages: ['docker.io', 'docker-cli'] },
};

export const isDockerEngine = (s: string): s is DockerEngine => (DOCKER_ENGINES as readonly string[]).includes(s);
