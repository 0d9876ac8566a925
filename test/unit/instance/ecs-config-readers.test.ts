import { describe, expect, it } from 'vitest';
import { getEnvVars } from '../../../harness/instance/ecs-init/ecs-init-env-vars.ts';
import { goParseBool, goTrimSpace } from '../../../harness/instance/ecs-init/go-strconv.ts';
import { parseSystemdEnvFile } from '../../../harness/instance/ecs-init/systemd-env-file.ts';

/**
 * One ecs.config, three readers. Per row: the file's text, the key, then what each real reader
 * makes of it:
 *  - systemd: the value in ecs-init's environment (EnvironmentFile=; systemd src/basic/env-file.c
 *    parse_env_file_internal, env-util.c env_name_is_valid), `null` when the key is not set;
 *  - getEnvVars: the value ecs-init hands the agent container (ecs-init/docker/docker.go
 *    getEnvVars: lines trimmed, split at the first "=", value verbatim), `null` when not set;
 *  - agentBool: what the agent's ParseBool makes of that (agent/utils/utils.go ParseBool:
 *    TrimSpace, then strconv.ParseBool; `default` where it errs and the default applies);
 *  - initBool: ecs-init's own ParseBool of the systemd value, untrimmed
 *    (ecs-init/exec/iptables/iptables.go allowOffhostIntrospection).
 */
type Row = [text: string, key: string, systemd: string | null, getEnvVars: string | null, agentBool: boolean | 'default', initBool: boolean | 'default'];
const K = 'ECS_AWSVPC_BLOCK_IMDS';
const rows: Row[] = [
  [`${K}=true`, K, 'true', 'true', true, true],
  [`${K}=false`, K, 'false', 'false', false, false],
  [`${K}=1`, K, '1', '1', true, true],
  [`${K}=0`, K, '0', '0', false, false],
  [`${K}=t`, K, 't', 't', true, true],
  [`${K}=T`, K, 'T', 'T', true, true],
  [`${K}=TRUE`, K, 'TRUE', 'TRUE', true, true],
  [`${K}=True`, K, 'True', 'True', true, true],
  [`${K}=tRUE`, K, 'tRUE', 'tRUE', 'default', 'default'],
  [`${K}=yes`, K, 'yes', 'yes', 'default', 'default'],
  [`${K}=on`, K, 'on', 'on', 'default', 'default'],
  // Quotes: systemd removes them, ecs-init keeps them (the first example).
  [`${K}="true"`, K, 'true', '"true"', 'default', true],
  [`${K}='true'`, K, 'true', "'true'", 'default', true],
  [`${K}="true" `, K, 'true', '"true"', 'default', true],
  [`${K}=" true"`, K, ' true', '" true"', 'default', 'default'],
  [`${K}=tr"ue"`, K, 'tr"ue"', 'tr"ue"', 'default', 'default'],
  // White space: the line is trimmed by both; inside, only the agent trims the value.
  [`${K}=true `, K, 'true', 'true', true, true],
  [`${K}=true\t`, K, 'true', 'true', true, true],
  [`   ${K}=true`, K, 'true', 'true', true, true],
  [`${K}= true`, K, 'true', ' true', true, true],
  [`${K} =true`, K, 'true', null, 'default', true],
  [`${K} = true`, K, 'true', null, 'default', true],
  // CRLF: \r ends a line for systemd; Go's TrimSpace removes it.
  [`${K}=true\r\n`, K, 'true', 'true', true, true],
  [`${K}=false\r\nX=1\r\n`, K, 'false', 'false', false, false],
  // Comments: systemd skips them; ecs-init passes a variable named "#ECS_…", which nobody reads.
  [`#${K}=true`, K, null, null, 'default', 'default'],
  [`# ${K}=true`, K, null, null, 'default', 'default'],
  [`;${K}=true`, K, null, null, 'default', 'default'],
  [`${K}=true # comment`, K, 'true # comment', 'true # comment', 'default', 'default'],
  // Empty values: not set, the default applies, without a warning in the agent.
  [`${K}=`, K, '', '', 'default', 'default'],
  [`${K}=""`, K, '', '""', 'default', 'default'],
  [K, K, null, null, 'default', 'default'],
  // Repeated keys: the last line wins in both readers.
  [`${K}=true\n${K}=false`, K, 'false', 'false', false, false],
  [`${K}=false\n${K}=true\n`, K, 'true', 'true', true, true],
  // `export` is shell syntax: systemd drops the name as invalid, ecs-init passes "export ECS_…".
  [`export ${K}=true`, K, null, null, 'default', 'default'],
  // A backslash: systemd unescapes it outside quotes, ecs-init keeps it.
  [`${K}=tr\\ue`, K, 'true', 'tr\\ue', 'default', true],
  // Blank lines and a missing final newline change nothing.
  [`\n\n${K}=true`, K, 'true', 'true', true, true],
  [`ECS_CLUSTER=prod\n\n${K}=1`, K, '1', '1', true, true],
];

describe('ecs.config as systemd, ecs-init and the agent read it', () => {
  it('has at least 30 rows', () => expect(rows.length).toBeGreaterThanOrEqual(30));

  it.each(rows)('%j → %s', (text, key, systemd, viaInit, agentBool, initBool) => {
    expect(parseSystemdEnvFile(text).env.get(key) ?? null).toBe(systemd);
    const passed = getEnvVars(text).vars.get(key) ?? null;
    expect(passed).toBe(viaInit);
    expect(goParseBool(goTrimSpace(passed ?? '')) ?? 'default').toBe(agentBool);
    expect(goParseBool(systemd ?? '') ?? 'default').toBe(initBool);
  });

  it('numbers lines as the file does, for the warnings', () => {
    expect(getEnvVars(`\n\n# c\n${K}=1\nECS_CLUSTER=x`).entries.map((e) => [e.line, e.key])).toEqual([[4, K], [5, 'ECS_CLUSTER']]);
    const sd = parseSystemdEnvFile(`# c\n\n${K}="1"\r\nECS_CLUSTER=x`);
    expect(sd.assignments.map((a) => [a.line, a.key])).toEqual([[3, K], [4, 'ECS_CLUSTER']]);
    expect(parseSystemdEnvFile('export A=1').dropped).toEqual([{ line: 1, key: 'export A', why: '"export A" is not a valid environment variable name' }]);
  });

  it('follows systemd inside double quotes: \\" \\\\ \\` \\$ unescaped, other escapes kept, continuation lines joined', () => {
    expect(parseSystemdEnvFile('A="a\\"b\\\\c\\`d\\$e\\nf"').env.get('A')).toBe('a"b\\c`d$e\\nf');
    expect(parseSystemdEnvFile('A=one\\\ntwo').env.get('A')).toBe('onetwo');
    expect(parseSystemdEnvFile("A='x\ny'").env.get('A')).toBe('x\ny');
  });
});
