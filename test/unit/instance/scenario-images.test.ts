import { describe, expect, it } from 'vitest';
import { imageTag } from '../../../harness/engine/images/catalog.ts';
import { scenarioImages } from '../../../harness/runner/scenario-config.ts';
import { validateScenario } from '../../../harness/scenario/index.ts';

describe('scenarioImages: what an instance gets from the run image cache before it boots', () => {
  it("is the probe image, aws-client when a target runs it, and each task container's image, once each", () => {
    const r = validateScenario(
      {
        apiVersion: 'ecs-sim/v1',
        name: 'images',
        tasks: {
          web: { containerDefinitions: [{ name: 'app', image: 'my/app:1' }, { name: 'side', image: imageTag('probe') }] },
          worker: { containerDefinitions: [{ name: 'app', image: 'my/app:1' }, { name: 'log', image: 'my/log:2' }] },
        },
        steps: [{ reboot: {} }, { expect: { from: 'web', targets: { 'sts-identity': 'blocked' } } }],
      },
      'inline.yaml',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(scenarioImages(r.scenario)).toEqual([imageTag('probe'), imageTag('aws-client'), 'my/app:1', 'my/log:2']);
  });

  it('leaves aws-client out when no target runs it', () => {
    const r = validateScenario({ apiVersion: 'ecs-sim/v1', name: 'no-client', tasks: { web: { containerDefinitions: [{ name: 'app', image: imageTag('probe') }] } }, steps: [{ expect: { from: 'web', targets: { imds: 'blocked' } } }] }, 'inline.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(scenarioImages(r.scenario)).toEqual([imageTag('probe')]);
  });
});
