import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../../harness/agent/agent-config.ts';

const minimal = { nonce: 'run-1', credentialsFile: '/var/lib/ecs-sim/credentials.json', requestLogFile: '/var/log/ecs-sim/agent.jsonl' };

describe('ECS_SIM_AGENT_CONFIG', () => {
  it('fills the agent defaults', () => {
    expect(parseAgentConfig(JSON.stringify(minimal))).toEqual({
      ok: true,
      config: {
        ...minimal,
        credentialsListen: [{ host: '127.0.0.1', port: 51679 }],
        introspectionListen: [{ host: '0.0.0.0', port: 51678 }],
        auditLogFile: '/var/log/ecs/audit.log',
        rpsLimit: { rate: 40, burst: 60 },
      },
    });
  });

  it('takes null for the audit log (ECS_AUDIT_LOGFILE_DISABLED) and explicit values', () => {
    const parsed = parseAgentConfig(
      JSON.stringify({ ...minimal, auditLogFile: null, credentialsListen: [{ host: '127.0.0.1', port: 0 }], rpsLimit: { rate: 1, burst: 2 } }),
    );
    expect(parsed).toMatchObject({ ok: true, config: { auditLogFile: null, credentialsListen: [{ host: '127.0.0.1', port: 0 }], rpsLimit: { rate: 1, burst: 2 } } });
  });

  it('collects every error', () => {
    const parsed = parseAgentConfig(
      JSON.stringify({ nonce: 'bad nonce', requestLogFile: '', credentialsListen: [{ host: '', port: 70_000 }], rpsLimit: { rate: 0, burst: 1.5 }, extra: 1 }),
    );
    if (parsed.ok) throw new Error('expected errors');
    expect(parsed.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^nonce: /),
        expect.stringMatching(/^credentialsFile: /),
        expect.stringMatching(/^requestLogFile: must be a non-empty path/),
        expect.stringMatching(/^credentialsListen\.0\.host: /),
        'credentialsListen.0.port: must be an integer in 0..65535',
        'rpsLimit.rate: must be a positive integer',
        'rpsLimit.burst: must be a positive integer',
        expect.stringMatching(/^\(config\): .*extra/),
      ]),
    );
  });

  it('says when the variable is missing or not JSON', () => {
    expect(parseAgentConfig(undefined)).toEqual({ ok: false, errors: ['ECS_SIM_AGENT_CONFIG is not set'] });
    expect(parseAgentConfig('{')).toMatchObject({ ok: false, errors: [expect.stringMatching(/is not JSON/)] });
  });
});
