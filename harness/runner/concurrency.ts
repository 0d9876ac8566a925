import { availableParallelism, freemem } from 'node:os';

/** What one scenario's instance takes while it runs (nested dockerd, agent, mocks, tasks): measured under 1 GiB here. */
const BYTES_PER_SCENARIO = 1024 ** 3;
/** Beyond this, one engine's own serialised work (creates, network setup) is the bottleneck, not the cores. */
const MOST = 4;

export interface MachineShare {
  cores: number;
  freeBytes: number;
}

/**
 * How many scenarios run at once when `--concurrency` is not given: one per core, at most one
 * per GiB of free memory, at most MOST, at least one. Verdicts do not depend on it (each
 * scenario has its own instance; a probe's deadline is 30 times an answer's time here), and
 * `--concurrency 1` keeps the streamed, file-ordered output.
 */
export function defaultConcurrency(machine: MachineShare = { cores: availableParallelism(), freeBytes: freemem() }): { value: number; why: string } {
  const byMemory = Math.floor(machine.freeBytes / BYTES_PER_SCENARIO);
  const value = Math.max(1, Math.min(machine.cores, byMemory, MOST));
  return { value, why: `${machine.cores} core(s), ${(machine.freeBytes / 1024 ** 3).toFixed(1)} GiB free; at most ${MOST}` };
}
