import type { Fidelity } from '../instance/fidelity.ts';

/**
 * The fidelity header as a report shows it: one line, for the console and JUnit's system-out
 * (JSON carries the object itself, on every result).
 */
export const fidelityLine = (f: Fidelity): string =>
  `Docker ${f.docker.server} (engine ${f.engine}) · iptables v${f.iptables.version} (${f.iptables.frontEnd}) · kernel ${f.kernel} · agent ${f.agentVersion} · images ${f.images.map((i) => `${i.tag}@${i.inputs}`).join(', ')}`;
