/**
 * Go's strconv.ParseBool, which both ecs-init and the agent use for their boolean keys
 * (golang/go src/strconv/atob.go): exactly these spellings, nothing trimmed, anything else an
 * error. The agent trims first (agent/utils/utils.go ParseBool, agent/config/parse.go
 * parseBooleanDefault*Config); ecs-init does not (ecs-init/exec/iptables/iptables.go).
 */
const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export const GO_TRUE: readonly string[] = [...TRUE];
export const GO_FALSE: readonly string[] = [...FALSE];

/** `undefined` where Go returns an error (`strconv.ParseBool: parsing "x": invalid syntax`). */
export function goParseBool(s: string): boolean | undefined {
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return undefined;
}

/**
 * Go's strings.TrimSpace: leading and trailing Unicode white space (unicode.IsSpace: \t \n \v \f
 * \r, space, U+0085, U+00A0 and the Z* separators).
 */
export function goTrimSpace(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
}

/** Go's strconv.Atoi for the decimal integers the agent reads (an optional sign, digits only). */
export function goAtoi(s: string): number | undefined {
  return /^[+-]?\d{1,18}$/.test(s) ? Number(s) : undefined;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Go's time.ParseDuration (golang/go src/time/format.go), in milliseconds: an optional sign, then
 * one or more decimal numbers each with a unit (ns, us/µs, ms, s, m, h), e.g. "1h30m", "1.5s";
 * "0" alone is allowed; no spaces, nothing trimmed. `undefined` where Go returns an error. The
 * agent reads its duration keys this way (agent/config/parse.go parseEnvVariableDuration).
 */
export function goParseDuration(s: string): number | undefined {
  const m = /^([+-]?)(.*)$/s.exec(s)!;
  const body = m[2]!;
  if (body === '0') return 0;
  if (body === '') return undefined;
  let total = 0;
  let rest = body;
  while (rest !== '') {
    const part = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!part) return undefined;
    total += Number(part[1]) * DURATION_UNITS[part[2]!]!;
    rest = rest.slice(part[0].length);
  }
  return m[1] === '-' ? -total : total;
}
