import { EcsSimError } from '../errors.ts';
import { formatIssues } from '../scenario/format.ts';
import type { Issue } from '../scenario/issues.ts';

/**
 * The builder call a validation issue comes from, to name it where a file would have a line:
 * `withAgentConfig(): instance.agentConfig.ECS_X: unknown key ...`. The path stays, since it is
 * the scenario file's own key for the same thing.
 */
export function builderCall(path: string): string {
  const [head, second] = path.split(/[.[]/);
  const name = (rest: string) => JSON.stringify(rest.replace(/\]$/, '').replace(/^"|"$/g, ''));
  if (head === 'instance') {
    if (second === 'agentConfig') return 'withAgentConfig()';
    if (second === 'persistence') return 'withPersistence()';
    if (second === 'docker') return 'withDocker()';
    return 'withInstance()';
  }
  if (head === 'tasks' && second) return `withTask(${name(second)})`;
  if (head === 'roles' && second) return `withRole(${name(second)})`;
  if (head === 'steps') return 'expect()';
  return 'new EcsInstanceContainer()';
}

/** A file's fix said in builder calls: a file declares a role as `roles: { r: {} }`, a builder as `.withRole("r")`. */
export function builderHint(hint: string): string {
  return hint.replace(/roles: \{ ([^\s:{}]+): \{\} \}/g, (_, role: string) => `.withRole(${JSON.stringify(role)})`);
}

/** Validation errors as one input error (exit 2 in the CLI's terms), each line naming its builder call. */
export function builderError(errors: readonly Issue[]): EcsSimError {
  const named = errors.map((i) => ({ ...i, file: builderCall(i.path), ...(i.hint ? { hint: builderHint(i.hint) } : {}) }));
  return new EcsSimError('INVALID_INSTANCE', `the EcsInstanceContainer is not valid:\n${formatIssues(named)}`, { kind: 'input' });
}
