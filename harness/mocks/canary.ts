import { randomBytes } from 'node:crypto';

/** A set of credentials that a mock vends; every field is a canary. */
export interface CanaryCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
}

/**
 * Makes credentials that are unique per call and say where they came from.
 *
 * Why canaries (DESIGN.md principle 6): each credential a mock vends is unique per run and per
 * subject, so "did task B get task A's credentials" is an exact string match, and the nonce in it
 * proves it came from this run's mock.
 *
 * Why they deliberately do NOT look like AWS keys: reports that quote them get published by CI,
 * and secret scanners (GitHub push protection, gitleaks, trufflehog) match real key shapes —
 * `AKIA`/`ASIA` + 16 upper-case alphanumerics for key ids, and 40-character runs of the base64
 * alphabet for secrets. Ours start `ECSSIM-`, mix cases, and are cut by hyphens into segments far
 * shorter than 40 characters, so no scanner raises an alarm and no reader mistakes them for real.
 * They contain no `/` either, because a SigV4 client puts the key id in a `/`-separated scope.
 *
 * @param nonce the run's nonce (also sent as `x-ecs-sim-nonce` on every mock answer)
 * @param subject who the credentials are for, e.g. `instance-role` or a task id
 */
export function canaryCredentials(nonce: string, subject: string): CanaryCredentials {
  const n = segment(nonce);
  const s = segment(subject);
  return {
    AccessKeyId: `ECSSIM-${n}-${s}-${randomHex(4)}`,
    SecretAccessKey: `ecssim-secret-${n}-${s}-${randomHex(8)}-${randomHex(8)}`,
    Token: `ecssim-token-${n}-${s}-${randomHex(8)}-${randomHex(8)}-${randomHex(8)}`,
  };
}

/** Keeps letters, digits, `_` and `.`; anything else (notably `/` and spaces) becomes `-`. */
function segment(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_.]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'none' : cleaned;
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
