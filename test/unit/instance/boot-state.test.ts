import { describe, expect, it } from 'vitest';
import { parseBootState, readBootStateScript } from '../../../harness/instance/boot-state.ts';

const BOOT = ['stage', 'ready', 'failed'] as const;

const line = (name: string, content: string) => `${name}=${Buffer.from(content).toString('base64')}\n`;

describe("reading boot.sh's state files", () => {
  it('keeps each file to itself, whatever its content', () => {
    // A stage file holding two lines (two writers, or a read mid-write) once shifted ready's "1" into failed.
    const out = line('stage', 'ecs agent\nt 1)\n') + line('ready', '1\n') + 'failed=\n';
    expect(parseBootState(out, BOOT)).toEqual({ stage: 'ecs agent\nt 1)', ready: '1', failed: '' });
  });
  it('reads a failure, and an instance that has written nothing yet', () => {
    expect(parseBootState(line('stage', 'dockerd\n') + 'ready=\n' + line('failed', 'dockerd exited: unknown flag\n'), BOOT)).toEqual({ stage: 'dockerd', ready: '', failed: 'dockerd exited: unknown flag' });
    expect(parseBootState('', BOOT)).toEqual({ stage: '', ready: '', failed: '' });
  });

  it('reads the restart counters the same way, and names only the files asked for', () => {
    expect(readBootStateScript(['agent-generation', 'failed'])).toContain('for f in agent-generation failed;');
    expect(parseBootState(line('agent-generation', '3\n') + 'failed=\n', ['agent-generation', 'failed'] as const)).toEqual({ 'agent-generation': '3', failed: '' });
  });
});
