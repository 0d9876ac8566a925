import { describe, expect, it } from 'vitest';
import { resolveImdsConfig } from '../../../harness/mocks/imds/config.ts';
import { parseMocksConfig } from '../../../harness/mocks/mocks-config.ts';

const valid = { nonce: 'abc-123', imdsListen: [{ host: '169.254.169.254', port: 80 }], requestLogFile: '/log/requests.jsonl' };

describe('parseMocksConfig', () => {
  it('accepts a minimal config and defaults imds to {}', () => {
    expect(parseMocksConfig(JSON.stringify(valid))).toEqual({ ok: true, config: { ...valid, imds: {} } });
  });

  it('says when the variable is unset or not JSON', () => {
    expect(parseMocksConfig(undefined)).toEqual({ ok: false, errors: ['ECS_SIM_MOCKS_CONFIG is not set'] });
    const notJson = parseMocksConfig('{nope');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.errors[0]).toMatch(/is not JSON/);
  });

  it('collects every error at once', () => {
    const parsed = parseMocksConfig(
      JSON.stringify({
        nonce: 'has space',
        imds: { tokens: 'sometimes', accountId: '12', instanceRole: 'a/b', colour: 1 },
        imdsListen: [{ host: '', port: 70000 }],
        extra: true,
      }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual(
      expect.arrayContaining([
        'unknown field "extra"',
        expect.stringMatching(/^nonce /),
        expect.stringMatching(/^requestLogFile /),
        'imdsListen[0].host must be a non-empty string',
        'imdsListen[0].port must be an integer in 0..65535',
        'imds: unknown field "colour"',
        'imds.tokens must be "optional" or "required"',
        expect.stringMatching(/^imds.instanceRole /),
        'imds.accountId must be 12 digits',
      ]),
    );
    expect(parsed.errors).toHaveLength(9);
  });

  it('passes instanceRole null through, which removes the role', () => {
    const parsed = parseMocksConfig(JSON.stringify({ ...valid, imds: { instanceRole: null, tokens: 'required' } }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const config = resolveImdsConfig(parsed.config.nonce, parsed.config.imds);
    expect(config).toMatchObject({ tokens: 'required', nonce: 'abc-123', region: 'us-east-1' });
    expect('instanceRole' in config).toBe(false);
  });
});

describe('parseMocksConfig: sts', () => {
  const sts = { listen: [{ host: '172.30.0.2', port: 80 }], identitiesFile: '/run/ecs-sim/sts/identities.json' };

  it('accepts an sts section, with or without account, and leaves it out when absent', () => {
    expect(parseMocksConfig(JSON.stringify({ ...valid, sts }))).toEqual({ ok: true, config: { ...valid, imds: {}, sts } });
    const withAccount = { ...sts, account: '210987654321' };
    expect(parseMocksConfig(JSON.stringify({ ...valid, sts: withAccount }))).toEqual({ ok: true, config: { ...valid, imds: {}, sts: withAccount } });
    const without = parseMocksConfig(JSON.stringify(valid));
    expect(without.ok && 'sts' in without.config).toBe(false);
  });

  it('collects every sts error, and refuses the IMDS address for STS', () => {
    const parsed = parseMocksConfig(
      JSON.stringify({ ...valid, sts: { listen: [{ host: '169.254.169.254', port: 80 }, { host: '', port: -1 }], identitiesFile: '', account: 'x', colour: 1 } }),
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [
        'sts: unknown field "colour"',
        'sts.listen[0].host must not be 169.254.169.254, the IMDS address',
        'sts.listen[1].host must be a non-empty string',
        'sts.listen[1].port must be an integer in 0..65535',
        'sts.identitiesFile must be a non-empty path',
        'sts.account must be 12 digits',
      ],
    });
    expect(parseMocksConfig(JSON.stringify({ ...valid, sts: [] }))).toEqual({ ok: false, errors: ['sts must be an object {listen, identitiesFile, account?}'] });
    expect(parseMocksConfig(JSON.stringify({ ...valid, sts: { identitiesFile: '/x' } }))).toEqual({ ok: false, errors: ['sts.listen must be a non-empty array of {host, port}'] });
  });
});

describe('resolveImdsConfig', () => {
  it('applies defaults, then overrides; the nonce always wins', () => {
    expect(resolveImdsConfig('n', {})).toMatchObject({ tokens: 'optional', instanceRole: 'ecs-sim-instance-role', nonce: 'n' });
    expect(resolveImdsConfig('n', { instanceRole: 'other', region: 'ap-south-1' })).toMatchObject({ instanceRole: 'other', region: 'ap-south-1' });
  });
});
