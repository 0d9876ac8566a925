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

describe('resolveImdsConfig', () => {
  it('applies defaults, then overrides; the nonce always wins', () => {
    expect(resolveImdsConfig('n', {})).toMatchObject({ tokens: 'optional', instanceRole: 'ecs-sim-instance-role', nonce: 'n' });
    expect(resolveImdsConfig('n', { instanceRole: 'other', region: 'ap-south-1' })).toMatchObject({ instanceRole: 'other', region: 'ap-south-1' });
  });
});
