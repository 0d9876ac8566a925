/**
 * The one escape for user-supplied text on its way to a terminal, a CI log or a report: control
 * characters (C0, DEL, C1), the Unicode line and paragraph separators and the bidirectional
 * overrides ("Trojan Source", CVE-2021-42574) are shown as escapes (`\n`, `\u001b`), so that no
 * input can end a line, start a forged one (`::error file=...::` is a GitHub Actions workflow
 * command when it begins a line) or drive the terminal.
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\0': '\\0', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r' };

const escapeOne = (c: string): string => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export interface EscapeOptions {
  /**
   * Keep `\n` as a line break (for multi-line evidence); the caller then prefixes every line it
   * starts, so that none begins with text the input chose. Default false.
   */
  keepNewlines?: boolean;
}

export function escapeText(text: string, options: EscapeOptions = {}): string {
  return text.replace(options.keepNewlines ? UNSAFE_BUT_NEWLINE : UNSAFE, escapeOne);
}
