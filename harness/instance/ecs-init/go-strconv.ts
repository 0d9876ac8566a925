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
