/**
 * boot.sh's state files in /run/ecs-sim (stage, ready, failed, the docker- and agent-generation
 * counters), read in one exec as one base64 line each, so that a file's own content (a stage line
 * with a newline in it, or one caught mid-write) can never shift one file's value into another's:
 * a shifted "1" once read as a failed boot at stage "1", under concurrent scenarios.
 */
export type BootStateFile = 'stage' | 'ready' | 'failed' | 'docker-generation' | 'agent-generation';

/** The `sh -c` script that prints `name=<base64>` for each file (empty when absent). */
export function readBootStateScript(files: readonly BootStateFile[]): string {
  return `cd /run/ecs-sim 2>/dev/null || exit 0; for f in ${files.join(' ')}; do printf "%s=%s\\n" "$f" "$(base64 -w0 "$f" 2>/dev/null)"; done`;
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
