import { describe, expect, it } from 'vitest';
import { combineFamilies } from '../../harness/assert/families.ts';
import type { Outcome } from '../../harness/probes/outcome.ts';
import { parseTarget } from '../../harness/scenario/targets.ts';

const o = (state: Outcome['state'], summary: string): Outcome => ({ state, evidence: { summary, durationMs: 1 } });

describe('IMDS over both IP families', () => {
  it('a cell shows the worse outcome, and says which family gave what', () => {
    const c = combineFamilies([
      { family: 'ipv4', host: '169.254.169.254', outcome: o('blocked', 'no answer within 3s') },
      { family: 'ipv6', host: 'fd00:ec2::254', outcome: o('allowed', '200') },
    ]);
    expect(c.state).toBe('allowed');
    expect(c.evidence.summary).toBe('blocked over IPv4 (no answer within 3s); allowed over IPv6 at [fd00:ec2::254] (200)');
    expect(combineFamilies([{ family: 'ipv4', host: '', outcome: o('denied', '401') }, { family: 'ipv6', host: 'h', outcome: o('blocked', 'x') }]).state).toBe('denied');
    expect(combineFamilies([{ family: 'ipv4', host: '', outcome: o('allowed', '200') }, { family: 'ipv6', host: 'h', outcome: o('error', 'probe broke') }]).state).toBe('error');
  });

  it('imds@ipv6 asks one family; a family on a target that has none is refused', () => {
    expect(parseTarget('imds-credentials@ipv6')).toEqual({ ok: true, target: { kind: 'imds-credentials', id: 'imds-credentials@ipv6', family: 'ipv6' } });
    expect(parseTarget('imds@ipv5')).toMatchObject({ ok: false, reason: 'unknown-family' });
    expect(parseTarget('sts-identity@ipv6')).toMatchObject({ ok: false, reason: 'no-family' });
  });
});
