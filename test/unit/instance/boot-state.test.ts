import { describe, expect, it } from 'vitest';
import { parseBootState } from '../../../harness/instance/readiness.ts';

const line = (name: string, content: string) => `${name}=${Buffer.from(content).toString('base64')}\n`;

describe("reading boot.sh's state files", () => {
  it('keeps each file to itself, whatever its content', () => {
    // A stage file holding two lines (two writers, or a read mid-write) once shifted ready's "1" into failed.
    const out = line('stage', 'ecs agent\nt 1)\n') + line('ready', '1\n') + 'failed=\n';
    expect(parseBootState(out)).toEqual({ stage: 'ecs agent\nt 1)', ready: '1', failed: '' });
  });
  it('reads a failure, and an instance that has written nothing yet', () => {
    expect(parseBootState(line('stage', 'dockerd\n') + 'ready=\n' + line('failed', 'dockerd exited: unknown flag\n'))).toEqual({ stage: 'dockerd', ready: '', failed: 'dockerd exited: unknown flag' });
    expect(parseBootState('')).toEqual({ stage: '', ready: '', failed: '' });
  });
});
