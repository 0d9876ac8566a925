import { describe, expect, it } from 'vitest';
import { judgeAttack, type Victim } from '../../../harness/attack/verdict.ts';
import { askEndpoint, MAX_IDS, type AttackReport } from '../../../harness/attack/report.ts';

const NONCE = 'n0nce';
const VICTIM: Victim = { task: 'web', role: 'task', canary: 'ECSSIM-web' };
const WEB = '11111111-2222-4333-8444-555555555555';
const OWN = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const GUESS = 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff';

const report = (over: Partial<AttackReport> = {}): AttackReport => ({
  routes: [
    { route: 'proc-environ', state: 'found', candidates: [{ id: OWN, where: '/proc/1/environ (sh): AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' }], tried: 'read' },
    { route: 'docker-socket', state: 'nothing', tried: 'look', why: 'no Docker socket is mounted in the task' },
    { route: 'guess', state: 'found', candidates: [{ id: GUESS, where: 'a random guess' }], tried: '1 random v2 IDs' },
  ],
  answers: [
    { id: OWN, state: 'answered', status: 200, nonce: NONCE, accessKeyId: 'ECSSIM-own' },
    { id: GUESS, state: 'answered', status: 400, nonce: NONCE, code: 'InvalidIdInRequest' },
  ],
  ...over,
});

describe('judgeAttack', () => {
  it('is not-leaked when only the task\'s own ID came back, listing every route', () => {
    const v = judgeAttack(report(), VICTIM, NONCE, 5);
    expect(v.leaked).toBe(false);
    expect(v.outcome.state).toBe('denied');
    expect(v.outcome.evidence.summary).toContain("web's task-role credentials not obtained");
    expect(v.outcome.evidence.summary).toContain('docker-socket: no Docker socket is mounted in the task');
    expect(v.outcome.evidence.summary).toContain('guess: 1 random v2 IDs, each answered 400 InvalidIdInRequest');
  });

  it("is leaked when the victim's canary came back, naming the route and the place", () => {
    const r = report();
    r.routes[1] = { route: 'docker-socket', state: 'found', candidates: [{ id: WEB, where: '/var/run/docker.sock: inspect of web-app: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' }], tried: 'inspect' };
    r.answers.push({ id: WEB, state: 'answered', status: 200, nonce: NONCE, accessKeyId: 'ECSSIM-web' });
    const v = judgeAttack(r, VICTIM, NONCE, 5);
    expect(v).toMatchObject({ leaked: true, outcome: { state: 'allowed' } });
    expect(v.outcome.evidence.summary).toBe("web's task-role credentials obtained via docker-socket: /var/run/docker.sock: inspect of web-app: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  });

  it('decides nothing when a route broke, an answer lacks the nonce, or a guess was not refused', () => {
    const broken = report();
    broken.routes[1] = { route: 'docker-socket', state: 'broken', tried: 'inspect', why: 'HTTP 500' };
    expect(judgeAttack(broken, VICTIM, NONCE, 5).outcome).toMatchObject({ state: 'error', evidence: { summary: expect.stringContaining('docker-socket broke (HTTP 500)') } });
    const stranger = report({ answers: [{ id: OWN, state: 'answered', status: 200, accessKeyId: 'AKIA-real' }] });
    expect(judgeAttack(stranger, VICTIM, NONCE, 5).outcome.state).toBe('error');
    const lucky = report();
    lucky.answers[1] = { id: GUESS, state: 'answered', status: 200, nonce: NONCE, accessKeyId: 'ECSSIM-other' };
    expect(judgeAttack(lucky, VICTIM, NONCE, 5).outcome).toMatchObject({ state: 'error', evidence: { summary: expect.stringContaining('was not refused') } });
  });

  it('is not-leaked and blocked when the endpoint could not be reached at all', () => {
    const r = report({ answers: [{ id: OWN, state: 'unreachable', error: 'ETIMEDOUT' }, { id: GUESS, state: 'unreachable', error: 'ETIMEDOUT' }] });
    expect(judgeAttack(r, VICTIM, NONCE, 5)).toMatchObject({ leaked: false, outcome: { state: 'blocked' } });
  });
});

describe('askEndpoint', () => {
  it('asks each distinct ID once, at most MAX_IDS of them, and keeps the key and code', async () => {
    const asked: string[] = [];
    const ids = Array.from({ length: MAX_IDS + 5 }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
    const answers = await askEndpoint([...ids, ids[0]!].map((id) => ({ id, where: 'x' })), async (id) => {
      asked.push(id);
      return { ok: true, status: 400, body: '{"code":"InvalidIdInRequest"}', nonce: NONCE };
    });
    expect(asked).toHaveLength(MAX_IDS);
    expect(answers[0]).toEqual({ id: ids[0], state: 'answered', status: 400, nonce: NONCE, code: 'InvalidIdInRequest' });
  });
});
