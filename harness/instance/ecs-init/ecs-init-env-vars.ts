import { goTrimSpace } from './go-strconv.ts';

/**
 * How ecs-init reads ecs.config for the agent container's environment
 * (ecs-init/docker/docker.go getEnvVars): the whole file trimmed (Go strings.TrimSpace), split
 * at "\n", each line trimmed, split at the first "="; a line without "=" is skipped; the key is
 * not trimmed further, and the value is passed verbatim: quotes, inner spaces and a `#` are kept.
 * A later line replaces an earlier one (map assignment). Comments are not recognised: `#KEY=v`
 * becomes a variable named `#KEY`, which the agent never reads.
 */
export interface GetEnvVarsResult {
  vars: Map<string, string>;
  /** One entry per line that had an "=": its 1-based line, key and value as the agent gets them. */
  entries: { line: number; key: string; value: string }[];
}

export function getEnvVars(text: string): GetEnvVarsResult {
  const vars = new Map<string, string>();
  const entries: GetEnvVarsResult['entries'] = [];
  const trimmed = goTrimSpace(text);
  // Lines are numbered in the original file: leading blank lines were trimmed away.
  const offset = text.slice(0, text.indexOf(trimmed)).split('\n').length - 1;
  trimmed.split('\n').forEach((raw, i) => {
    const line = goTrimSpace(raw);
    const eq = line.indexOf('=');
    if (eq < 0) return;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    vars.set(key, value);
    entries.push({ line: offset + i + 1, key, value });
  });
  return { vars, entries };
}
