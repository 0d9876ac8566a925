/**
 * boot.sh's state files in /run/ecs-sim (stage, ready, failed, the docker- and agent-generation
 * counters), read in one exec as one base64 line each, so that a file's own content (a stage line
 * with a newline in it, or one caught mid-write) can never shift one file's value into another's:
 * a shifted "1" once read as a failed boot at stage "1", under concurrent scenarios.
 */
export type BootStateFile = 'stage' | 'ready' | 'failed' | 'docker-generation' | 'agent-generation' | typeof RESOLVED_CONFIG;

/** ecs-init's resolved ecs.config (ecs-init/files.ts RESOLVED_CONFIG_FILE), relative to BOOT_STATE_DIR: read with `ready`, it costs no exec of its own. */
export const RESOLVED_CONFIG = 'ecs-init/resolved.json';

/** Where boot.sh keeps them (its $STATE). */
export const BOOT_STATE_DIR = '/run/ecs-sim';

/** The `sh -c` script that prints `name=<base64>` for each file (empty when absent). */
export function readBootStateScript(files: readonly BootStateFile[], dir = BOOT_STATE_DIR): string {
  return `cd ${dir} 2>/dev/null || exit 0; for f in ${files.join(' ')}; do printf "%s=%s\\n" "$f" "$(base64 -w0 "$f" 2>/dev/null)"; done`;
}

/** What the script printed: each file's content, trimmed; '' for a file absent or not printed. */
export function parseBootState<F extends BootStateFile>(stdout: string, files: readonly F[]): Record<F, string> {
  const found = new Map(
    stdout.split('\n').flatMap((line) => {
      const at = line.indexOf('=');
      return at > 0 ? [[line.slice(0, at), Buffer.from(line.slice(at + 1), 'base64').toString('utf8').trim()] as const] : [];
    }),
  );
  return Object.fromEntries(files.map((f) => [f, found.get(f) ?? ''])) as Record<F, string>;
}

/**
 * The same read, after waiting inside the instance (up to `maxMs`, every 50 ms) until `file`
 * holds a number of at least `atLeast`, or `failed` is written. A wait from outside paid an exec
 * and a sleep a round (about 0.3 s here) and noticed a boot half a round late on average; this
 * one notices within 50 ms, in one exec. A value caught mid-write reads as not yet.
 */
export function waitBootStateScript(files: readonly BootStateFile[], file: BootStateFile, atLeast: number, maxMs = 2_000, dir = BOOT_STATE_DIR): string {
  const rounds = Math.max(1, Math.ceil(maxMs / 50));
  const wait = `i=0; while [ $i -lt ${rounds} ]; do v=$(cat ${file} 2>/dev/null); [ "\${v:-0}" -ge ${atLeast} ] 2>/dev/null && break; [ -s failed ] && break; sleep 0.05; i=$((i + 1)); done`;
  return `cd ${dir} 2>/dev/null && { ${wait}; }; ${readBootStateScript(files, dir)}`;
}
