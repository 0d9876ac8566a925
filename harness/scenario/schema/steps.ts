import { z } from 'zod';
import type { TargetName } from '../targets.ts';
import type { VerdictKind } from '../verdicts.ts';
import { FIREWALLD_ACTIONS, IPTABLES_SERVICE_ACTIONS, NFTABLES_SERVICE_ACTIONS } from '../../instance/firewall-services.ts';
import { commandSchema, exitCodeSchema, stdoutPatternSchema, taskNameSchema, whenMapping } from './common.ts';

/**
 * `steps`: what happens, in order. Each step is a mapping with exactly one key, and the key says
 * what it is (`- expect: ...`, `- reboot: {}`). The zod schema below describes the one key as
 * optional members of one strict object plus an "exactly one" rule: that yields the best
 * messages (an unknown step key gets a suggestion, two keys get "one key per step"), and the JSON
 * Schema states it with minProperties/maxProperties 1. The TypeScript input type is the precise
 * one-of (`StepInput`).
 */

/** A target key (`imds`, `credentials-of:db`) → a verdict (`blocked`, `identity:web-role`). */
export const targetsSchema = z.record(z.string(), z.string());

/** One row of a truth table: who probes (`from`: a task, or `instance`), and what it should find. */
export const expectRowSchema = z.strictObject({
  /** Names the row's cells in reports (JUnit testcases), so that they keep their names when the row or its step moves. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an id is letters, digits, ".", "_" and "-", starting with a letter or digit')
    .max(100)
    .optional()
    .describe('names this row\'s cells in reports as "<id> → <target>" (JUnit testcases), so that they keep their names when rows or steps move'),
  from: z.string().min(1).describe('a task name, or "instance" for the container instance itself'),
  targets: targetsSchema,
});

/** One row as a mapping, or several rows as a sequence of them. */
export const expectSchema = z.union([expectRowSchema, z.array(expectRowSchema).min(1)]);

/** `reboot: {}`, `reboot: true` or a bare `reboot:` (null) all mean the same. */
const noArguments = z.union([z.literal(true), z.strictObject({}), z.null()]);

export const execSchema = z.strictObject({
  task: taskNameSchema,
  /** Default: the task's first container. */
  container: z.string().min(1).optional(),
  command: commandSchema,
  exitCode: exitCodeSchema,
  stdout: stdoutPatternSchema.optional(),
});

export const instanceCommandSchema = z.strictObject({
  command: commandSchema,
  exitCode: exitCodeSchema,
  stdout: stdoutPatternSchema.optional(),
});

export const runTaskSchema = z.strictObject({
  task: taskNameSchema,
  /** Run another copy of the definition under this new name. Default: the task's own name. */
  as: taskNameSchema.optional(),
});

export const stopTaskSchema = z.strictObject({ task: taskNameSchema });

/** The AMI's firewall services (iptables-services, firewalld, nftables.service): harness/instance/firewall-services.ts. */
export const iptablesServiceSchema = z.enum(IPTABLES_SERVICE_ACTIONS).describe('systemctl restart|stop|start iptables, or service iptables save');
export const firewalldSchema = z.enum(FIREWALLD_ACTIONS).describe('firewall-cmd --reload or --complete-reload (needs instance.firewalld)');
export const nftablesServiceSchema = z.enum(NFTABLES_SERVICE_ACTIONS).describe('systemctl restart|reload|start|stop nftables (needs instance.nftablesService)');

export const stepBodies = {
  expect: expectSchema,
  reboot: noArguments,
  'restart-docker': noArguments,
  'restart-agent': noArguments,
  exec: execSchema,
  instance: instanceCommandSchema,
  'run-task': runTaskSchema,
  'stop-task': stopTaskSchema,
  'iptables-service': iptablesServiceSchema,
  firewalld: firewalldSchema,
  'nftables-service': nftablesServiceSchema,
} as const;

export type StepKind = keyof typeof stepBodies;
export const STEP_KINDS = Object.keys(stepBodies) as StepKind[];

export const stepSchema = z
  .strictObject({
    expect: stepBodies.expect.optional(),
    reboot: stepBodies.reboot.optional(),
    'restart-docker': stepBodies['restart-docker'].optional(),
    'restart-agent': stepBodies['restart-agent'].optional(),
    exec: stepBodies.exec.optional(),
    instance: stepBodies.instance.optional(),
    'run-task': stepBodies['run-task'].optional(),
    'stop-task': stepBodies['stop-task'].optional(),
    'iptables-service': stepBodies['iptables-service'].optional(),
    firewalld: stepBodies.firewalld.optional(),
    'nftables-service': stepBodies['nftables-service'].optional(),
  })
  .superRefine((step, ctx) => {
    const keys = STEP_KINDS.filter((k) => k in step);
    if (keys.length === 1) return;
    ctx.addIssue({
      code: 'custom',
      message:
        keys.length === 0
          ? 'a step needs one key saying what it is'
          : `a step has exactly one key; this one has ${keys.map((k) => `"${k}"`).join(' and ')}`,
      params: {
        hint: keys.length === 0 ? `step keys: ${STEP_KINDS.join(', ')}` : 'split it into one step per key',
        code: 'bad-step',
        ifNoUnknownKeys: true,
      },
    });
  }, whenMapping);

/** A target key as written: `imds`, `credentials-of:db`. */
export type TargetKey = Exclude<TargetName, 'credentials-of'> | `credentials-of:${string}`;
/** A verdict as written: `blocked`, `identity:web-role`. */
export type VerdictText = Exclude<VerdictKind, 'identity'> | `identity:${string}`;

/**
 * One truth-table row as TypeScript sees it: the zod schema takes any string keys and values (so
 * that the loader can suggest corrections), the type offers the vocabulary.
 */
export interface ExpectRowInput {
  id?: string;
  from: string;
  targets: { [K in TargetKey]?: VerdictText };
}

type Bodies = { [K in Exclude<StepKind, 'expect'>]: z.input<(typeof stepBodies)[K]> } & { expect: ExpectRowInput | ExpectRowInput[] };
/** Exactly one key of T. */
type OneKeyOf<T> = { [K in keyof T]: { [P in K]: T[P] } & { [P in Exclude<keyof T, K>]?: never } }[keyof T];

/** One step as written: `{ expect: ... }`, `{ reboot: {} }`, `{ exec: ... }`, ... */
export type StepInput = OneKeyOf<Bodies>;
export type ExpectInput = Bodies['expect'];
