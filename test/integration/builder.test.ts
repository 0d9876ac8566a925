import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { EcsInstanceContainer } from '../../harness/index.ts';
import { LABEL } from '../../harness/run/identity.ts';

/** The ecs-sim.run label values of every container on the engine (other sessions' too). */
async function runLabels(): Promise<Set<string>> {
  const containers = await new Docker().listContainers({ all: true, filters: JSON.stringify({ label: [LABEL.run] }) });
  return new Set(containers.map((c) => c.Labels[LABEL.run]!));
}

describe('EcsInstanceContainer [slow]', () => {
  it("builds an instance with the guide's DOCKER-USER drop; expect() gives the scenario's truth table; disposal leaves nothing", async () => {
    const before = await runLabels();
    let runId: string;
    {
      // -- README "From a vitest test (Testcontainers style)" starts here
      await using inst = await new EcsInstanceContainer('docker-user-drop')
        .withUserData('iptables --insert DOCKER-USER 1 --in-interface docker+ --destination 169.254.169.254/32 --jump DROP')
        .withRole('web-role')
        .withTask('web', {
          networkMode: 'bridge',
          taskRoleArn: 'web-role',
          containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest' }],
        })
        .start();

      const blocked = await inst.expect({ from: 'web', targets: { imds: 'blocked' } });
      expect(blocked.ok, blocked.text).toBe(true);

      const wrong = await inst.expect({ from: 'web', targets: { imds: 'allowed' } });
      expect(wrong.ok).toBe(false);
      expect(wrong.text).toMatch(/✗ wrong web → imds: expected allowed, found blocked: /);
      // -- README example ends here

      runId = inst.run.id;
      expect(blocked.cells).toMatchObject([{ from: 'web', origin: 'bridge', target: 'imds', judgement: { state: 'correct', found: 'blocked' } }]);
      expect(blocked.tally).toEqual({ correct: 1, wrong: 0, error: 0, ignored: 0 });
      const cell = wrong.cells[0]!;
      expect(cell.judgement).toMatchObject({ state: 'wrong', found: 'blocked', actual: { state: 'blocked' } });
      expect(cell.judgement.actual.evidence.summary).not.toBe('');
      expect(wrong.tally).toEqual({ correct: 0, wrong: 1, error: 0, ignored: 0 });
      expect(await runLabels()).toContain(runId);
    }
    const after = await runLabels();
    expect(after.has(runId)).toBe(false);
    // Nothing new stayed: every run label now present was there before (others may have ended).
    expect([...after].filter((id) => !before.has(id))).toEqual([]);
  });
});
