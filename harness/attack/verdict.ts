import type { Outcome } from '../probes/outcome.ts';
import type { AttackReport, EndpointAnswer } from './report.ts';
import type { RouteResult } from './route.ts';

/** Whose credentials the attack is after, and what the agent still holds of them. */
export interface Victim {
  task: string;
  /** `task`: its task role (credentials-of); `execution`: its execution role (execution-credentials-of). */
  role: 'task' | 'execution';
  /** That role's AccessKeyId: a leak is exactly this key coming back. */
  canary: string;
}

export type AttackVerdict = { outcome: Outcome; leaked: boolean };

const roleWords = (v: Victim) => `${v.task}'s ${v.role === 'task' ? 'task-role' : 'execution-role'} credentials`;

/**
 * Judges one attack (DESIGN.md principles 3 and 7): `leaked` when the victim's canary came back
 * from this run's agent, naming the route and place the ID was found; otherwise `not-leaked`
 * (outcome `denied`, or `blocked` when the endpoint was unreachable for every ID), with each
 * route and why it gave nothing. A route that broke, an answer without this run's nonce, or a
 * random guess that was not refused, leaves nothing decided: `error`.
 */
export function judgeAttack(report: AttackReport, victim: Victim, nonce: string, durationMs: number): AttackVerdict {
  const err = (summary: string): AttackVerdict => ({ outcome: { state: 'error', evidence: { summary, durationMs } }, leaked: false });
  const stranger = report.answers.find((a) => a.state === 'answered' && a.nonce !== nonce);
  if (stranger) return err("something that is not this run's agent answered at 169.254.170.2 (no nonce); content redacted");
  const leak = report.answers.find((a): a is Extract<EndpointAnswer, { state: 'answered' }> => a.state === 'answered' && a.status === 200 && a.accessKeyId === victim.canary);
  if (leak) {
    const found = report.routes.flatMap((r) => (r.state === 'found' ? r.candidates.filter((c) => c.id === leak.id).map((c) => ({ route: r.route, where: c.where })) : []));
    const via = found.map((f) => `${f.route}: ${f.where}`).join('; ') || 'an ID the routes found';
    return { outcome: { state: 'allowed', evidence: { summary: `${roleWords(victim)} obtained via ${via}`.slice(0, 600), status: 200, durationMs } }, leaked: true };
  }
  const broken = report.routes.filter((r): r is Extract<RouteResult, { state: 'broken' }> => r.state === 'broken');
  if (broken.length) return err(`could not decide: ${broken.map((r) => `${r.route} broke (${r.why})`).join('; ')}`.slice(0, 600));
  const guesses = new Set(report.routes.flatMap((r) => (r.route === 'guess' && r.state === 'found' ? r.candidates.map((c) => c.id) : [])));
  const badGuess = report.answers.find((a) => guesses.has(a.id) && !(a.state === 'answered' && a.status === 400) && a.state !== 'unreachable');
  if (badGuess) return err(`a random credentials ID was not refused: ${JSON.stringify(badGuess).slice(0, 200)}`);
  const unreachable = report.answers.length > 0 && report.answers.every((a) => a.state === 'unreachable');
  const lines = report.routes.map((r) => `${r.route}: ${describe(r, report.answers, guesses)}`);
  return {
    outcome: { state: unreachable ? 'blocked' : 'denied', evidence: { summary: `${roleWords(victim)} not obtained; ${lines.join('; ')}`.slice(0, 1200), durationMs } },
    leaked: false,
  };
}

function describe(r: RouteResult, answers: EndpointAnswer[], guesses: Set<string>): string {
  if (r.state !== 'found') return r.why;
  const mine = answers.filter((a) => r.candidates.some((c) => c.id === a.id));
  if (r.route === 'guess') {
    const refused = mine.filter((a) => a.state === 'answered' && a.status === 400).length;
    return `${r.tried}, ${refused === mine.length ? 'each' : `${refused} of ${mine.length}`} answered 400 InvalidIdInRequest${refused < mine.length ? ', the rest unreachable' : ''}`;
  }
  const served = mine.filter((a) => a.state === 'answered' && a.status === 200 && !guesses.has(a.id));
  const ids = new Set(r.candidates.map((c) => c.id)).size;
  const places = r.candidates.length > ids ? ` in ${r.candidates.length} places` : '';
  return `${r.tried}: ${ids} ID${ids === 1 ? '' : 's'} found${places} (${r.candidates[0]?.where ?? ''}${r.candidates.length > 1 ? ', …' : ''}), ${served.length} served, none the victim's`;
}
