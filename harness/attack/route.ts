/**
 * The attacker's discovery routes: each is one way a task's own code could learn another task's
 * credentials ID from inside the task (its PID view, its mounts, its network). A route reports
 * what it found, or why it found nothing, or that it broke (then no `not-leaked` may rest on it).
 * The attack runs as plain Node inside a sidecar that shares the task's namespaces, mounts and
 * capabilities (harness/probes/prober.ts `attack`); its entry point is ./main.ts.
 */

/** A credentials ID found, and where: "/proc/42/environ (sh)". */
export interface Candidate {
  id: string;
  where: string;
}

export type RouteResult =
  | { route: RouteName; state: 'found'; candidates: Candidate[]; tried: string }
  | { route: RouteName; state: 'nothing'; tried: string; why: string }
  | { route: RouteName; state: 'broken'; tried: string; why: string };

export type RouteName = 'proc-environ' | 'docker-socket' | 'mounted-files' | 'block-devices' | 'introspection' | 'task-metadata' | 'guess';

/** What a route may use: the settings the harness passes (ECS_SIM_ATTACK) and a deadline-bound HTTP GET. */
export interface RouteContext {
  /** Where the task would address the agent's introspection API: http://<its host>:51678. */
  introspection: string;
  /** ECS_CONTAINER_METADATA_URI_V4 of the container the attack runs as, when it has one. */
  metadataUri?: string;
  /** How many random IDs the `guess` route tries. */
  guesses: number;
  /** The container the attack runs as is privileged (HostConfig.Privileged). */
  privileged: boolean;
  get: (url: string, opts?: { socketPath?: string }) => Promise<HttpAnswer>;
  /** The file system as the task sees it (tests give a fake one). */
  fs: FsView;
}

export type HttpAnswer = { ok: true; status: number; body: string; nonce?: string } | { ok: false; error: string };

export interface FsView {
  readFile(path: string, maxBytes: number): Promise<Buffer>;
  readdir(path: string): Promise<string[]>;
  /** `file`, `dir`, `socket`, or undefined when it is not there (or not ours to see). */
  kind(path: string): Promise<'file' | 'dir' | 'socket' | 'other' | undefined>;
}

/** A credentials ID as ECS makes them: a UUID (harness/tasks/identifiers.ts). */
export const CREDENTIALS_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** A credentials URI in an environment or a log option. */
export const CREDENTIALS_URI = /\/v2\/credentials\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g;

export const uniqueCandidates = (cs: Candidate[]): Candidate[] => {
  const seen = new Set<string>();
  return cs.filter((c) => (seen.has(`${c.id} ${c.where}`) ? false : (seen.add(`${c.id} ${c.where}`), true)));
};

export const idsIn = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[1] ?? m[0]);
