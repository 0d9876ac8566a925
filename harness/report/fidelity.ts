import type { Fidelity } from '../instance/fidelity.ts';

/**
 * The fidelity header as a report shows it: one line for the console, properties for JUnit
 * (JSON carries the object itself, on every result).
 */
export const fidelityLine = (f: Fidelity): string =>
  `Docker ${f.docker.server} (engine ${f.engine}) · iptables v${f.iptables.version} (${f.iptables.frontEnd}) · kernel ${f.kernel} · agent ${f.agentVersion} · images ${f.images.map((i) => `${i.tag}@${i.inputs}`).join(', ')}`;

/** Without the engine, which junit.ts writes on every testsuite (a scenario may never boot). */
export function fidelityProperties(f: Fidelity): Array<[string, string]> {
  return [
    ['docker.server', f.docker.server],
    ['docker.client', f.docker.client],
    ['iptables.version', f.iptables.version],
    ['iptables.frontEnd', f.iptables.frontEnd],
    ['kernel', f.kernel],
    ['agent.version', f.agentVersion],
    ...f.images.map((i): [string, string] => [`image.${i.tag}`, i.inputs]),
  ];
}
