import type Docker from 'dockerode';
import { EcsSimError } from '../errors.ts';
import { execIn } from './exec.ts';

/**
 * Writes a file inside a running container atomically (a temporary file renamed over it), so a
 * reader that polls it never sees half a file. Used to hand the simulated agent and the mock STS
 * what the control plane would have told them. Readable by root only.
 */
export async function writeFileIn(container: Docker.Container, path: string, content: string, what: string): Promise<void> {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const r = await execIn(container, ['sh', '-c', 'mkdir -p "$1" && umask 077 && cat > "$2.tmp" && mv "$2.tmp" "$2"', 'write', dir, path], {
    stdin: content,
    timeoutMs: 15_000,
  });
  if (r.exitCode !== 0) throw new EcsSimError('WRITE_FAILED', `could not write ${what} (${path}): ${r.stderr.trim()}`, { kind: 'environment' });
}

/** Appends to a file inside a running container (making its directory), as a logger would. */
export async function appendFileIn(container: Docker.Container, path: string, content: string, what: string): Promise<void> {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const r = await execIn(container, ['sh', '-c', 'mkdir -p "$1" && cat >> "$2"', 'append', dir, path], { stdin: content, timeoutMs: 15_000 });
  if (r.exitCode !== 0) throw new EcsSimError('WRITE_FAILED', `could not append to ${what} (${path}): ${r.stderr.trim()}`, { kind: 'environment' });
}
