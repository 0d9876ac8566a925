import type Docker from 'dockerode';
import { findImage } from '../engine/images/inspect.ts';
import type { Issue } from '../scenario/issues.ts';
import type { Scenario } from '../scenario/model.ts';

/**
 * Every image a scenario's containers name must be on the host's engine: nothing can be pulled
 * into the simulated instance (it has no way out), so tasks run images loaded from the host.
 * Checked before any instance boots, so a typo costs nothing and leaves nothing behind.
 */
export async function checkImages(docker: Docker, scenarios: Scenario[]): Promise<Issue[]> {
  const known = new Map<string, boolean>();
  const issues: Issue[] = [];
  for (const s of scenarios) {
    for (const [name, task] of Object.entries(s.tasks)) {
      for (const [i, c] of task.containers.entries()) {
        if (!known.has(c.image)) known.set(c.image, (await findImage(docker, c.image)) !== undefined);
        if (known.get(c.image)) continue;
        issues.push({
          severity: 'error',
          code: 'image-unavailable',
          file: task.definitionFile ?? s.source,
          path: `tasks.${name}.containerDefinitions[${i}].image`,
          message: `image "${c.image}" is not on the Docker engine, and the simulated instance cannot pull`,
          hint: `build or load it on the host (docker build / docker load), or use "ecs-sim/probe:latest" (busybox) or "ecs-sim/aws-client:latest" (Node and the AWS SDK)`,
        });
      }
    }
  }
  return issues;
}
