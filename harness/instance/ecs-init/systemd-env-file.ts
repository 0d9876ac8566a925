/**
 * systemd's `EnvironmentFile=` reader, which fills ecs-init's own environment from ecs.config
 * (packaging/amazon-linux-ami-integrated/ecs.service: `EnvironmentFile=-/etc/ecs/ecs.config`).
 * The state machine follows systemd src/basic/env-file.c parse_env_file_internal:
 *  - lines starting (after white space) with `#` or `;` are comments; a line without `=` is dropped;
 *  - white space around the key and before the value is dropped, trailing white space of an
 *    unquoted value too; `\r` ends a line like `\n` (so CRLF files read cleanly);
 *  - quotes are recognised only where a value (or a value segment) begins: `'…'` literal, `"…"`
 *    with backslash escapes of `"` `\` `` ` `` `$`; after a closing quote more text may follow;
 *  - a backslash outside quotes escapes the next character; backslash-newline continues the line.
 * Then systemd drops assignments whose name is not a valid environment variable name
 * (src/basic/env-util.c env_name_is_valid, via strv_env_clean in exec_context_load_environment);
 * a later assignment of the same key replaces an earlier one (strv_env_replace_consume).
 */

export interface EnvAssignment {
  /** 1-based line where the assignment started. */
  line: number;
  key: string;
  value: string;
}

export interface SystemdEnvFile {
  /** What the service's environment gets, last assignment winning. */
  env: Map<string, string>;
  assignments: EnvAssignment[];
  /** Assignments systemd drops, and why. */
  dropped: { line: number; key: string; why: string }[];
}

const WHITESPACE = ' \t\n\r';
const NEWLINE = '\n\r';
const COMMENTS = '#;';
const SHELL_NEED_ESCAPE = '"\\`$';

/** env_name_is_valid: non-empty, [A-Za-z_][A-Za-z0-9_]*. */
export const isValidEnvName = (k: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k);

export function parseSystemdEnvFile(text: string): SystemdEnvFile {
  type State = 'pre-key' | 'key' | 'pre-value' | 'value' | 'value-escape' | 'single' | 'double' | 'double-escape' | 'comment' | 'comment-escape';
  let state: State = 'pre-key';
  let key = '';
  let value = '';
  let keyWs = -1; // where trailing white space of the key starts
  let valueWs = -1; // where trailing white space of an unquoted value starts
  let line = 1;
  let startLine = 1;
  const assignments: EnvAssignment[] = [];
  const push = (stripValue: boolean) => {
    const k = keyWs >= 0 ? key.slice(0, keyWs) : key;
    const v = stripValue && valueWs >= 0 ? value.slice(0, valueWs) : value;
    assignments.push({ line: startLine, key: k, value: v });
    key = '';
    value = '';
  };
  for (const c of text) {
    switch (state) {
      case 'pre-key':
        if (COMMENTS.includes(c)) state = 'comment';
        else if (!WHITESPACE.includes(c)) {
          state = 'key';
          keyWs = -1;
          startLine = line;
          key = c;
        } else if (c === '\n') line++;
        break;
      case 'key':
        if (NEWLINE.includes(c)) {
          state = 'pre-key';
          if (c === '\n') line++;
          key = '';
        } else if (c === '=') {
          state = 'pre-value';
          valueWs = -1;
        } else {
          if (!WHITESPACE.includes(c)) keyWs = -1;
          else if (keyWs < 0) keyWs = key.length;
          key += c;
        }
        break;
      case 'pre-value':
        if (NEWLINE.includes(c)) {
          state = 'pre-key';
          push(false);
          if (c === '\n') line++;
        } else if (c === "'") state = 'single';
        else if (c === '"') state = 'double';
        else if (c === '\\') state = 'value-escape';
        else if (!WHITESPACE.includes(c)) {
          state = 'value';
          value += c;
        }
        break;
      case 'value':
        if (NEWLINE.includes(c)) {
          state = 'pre-key';
          push(true);
          if (c === '\n') line++;
        } else if (c === '\\') {
          state = 'value-escape';
          valueWs = -1;
        } else {
          if (!WHITESPACE.includes(c)) valueWs = -1;
          else if (valueWs < 0) valueWs = value.length;
          value += c;
        }
        break;
      case 'value-escape':
        state = 'value';
        if (!NEWLINE.includes(c)) value += c;
        else if (c === '\n') line++;
        break;
      case 'single':
        if (c === "'") state = 'pre-value';
        else {
          if (c === '\n') line++;
          value += c;
        }
        break;
      case 'double':
        if (c === '"') state = 'pre-value';
        else if (c === '\\') state = 'double-escape';
        else {
          if (c === '\n') line++;
          value += c;
        }
        break;
      case 'double-escape':
        state = 'double';
        if (SHELL_NEED_ESCAPE.includes(c)) value += c;
        else if (c !== '\n') value += `\\${c}`;
        else line++;
        break;
      case 'comment':
        if (c === '\\') state = 'comment-escape';
        else if (NEWLINE.includes(c)) {
          state = 'pre-key';
          if (c === '\n') line++;
        }
        break;
      case 'comment-escape':
        // Since systemd v254 a comment's trailing backslash no longer continues it.
        if (NEWLINE.includes(c)) {
          state = 'pre-key';
          if (c === '\n') line++;
        } else state = 'comment';
        break;
    }
  }
  if (state === 'pre-value' || state === 'single' || state === 'double' || state === 'double-escape' || state === 'value-escape') push(false);
  else if (state === 'value') push(true);

  const env = new Map<string, string>();
  const dropped: SystemdEnvFile['dropped'] = [];
  for (const a of assignments) {
    if (!isValidEnvName(a.key)) dropped.push({ line: a.line, key: a.key, why: `"${a.key}" is not a valid environment variable name` });
    else env.set(a.key, a.value);
  }
  return { env, assignments, dropped };
}
