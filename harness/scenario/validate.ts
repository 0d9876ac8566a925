import { AGENT_CONFIG_KEYS } from './agent-config-keys.ts';
import { agentConfigText, checkAgentConfig } from './check/agent-config.ts';
import { checkRole, normalizePolicy, reportPolicyGrammar } from './check/roles.ts';
import { AMAZON_EC2_CONTAINER_SERVICE_FOR_EC2_ROLE } from '../iam/managed/ec2-container-service-for-ec2-role.ts';
import { checkSteps } from './check/steps.ts';
import { checkTask } from './check/tasks.ts';
import { isError, sortIssues, type Issue } from './issues.ts';
import type { Instance, Role, Scenario, Task } from './model.ts';
import { resolveReferences, scenarioDirs } from './references.ts';
import { plainDataProblems } from './plain-data.ts';
import { Reporter } from './reporter.ts';
import { imdsSchema, instanceSchema } from './schema/instance.ts';
import { DOCKER_ENGINES, isDockerEngine, type DockerEngine } from '../engine/images/engines.ts';
import { roleSchema } from './schema/policy.ts';
import { API_VERSIONS, scenarioSchema, type ApiVersion } from './schema/scenario.ts';
import { stepSchema } from './schema/steps.ts';
import { taskDefinitionSchema } from './schema/task-definition.ts';
import { SourceMap } from './source-map.ts';
import { didYouMean } from './suggest.ts';
import { describeValue, translateZodIssues } from './zod-issues.ts';

/**
 * The one validation pipeline, for YAML files and TypeScript objects alike:
 *   apiVersion → read referenced JSON files → schema (structure, types, unknown keys, defaults)
 *   → cross-checks (roles, tasks, steps, targets, verdicts) → the model.
 * Every stage reports into one Reporter and the next stage still runs on whatever parts are
 * valid, so one run reports every error. Nothing here throws on bad input.
 */

export type ValidationResult =
  | { ok: true; scenario: Scenario; notes: Issue[] }
  | { ok: false; errors: Issue[]; notes: Issue[] };

export interface ValidateOptions {
  /** Directory that relative file paths (task definitions, policies) resolve against. Default: sourceName's directory. */
  baseDir?: string;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Validates a scenario given as data (what `defineScenario` returns, or parsed YAML), with the
 * same schema and checks as a file. `sourceName` names it in messages; issues have no line
 * numbers, since an object has none.
 */
export function validateScenario(input: unknown, sourceName: string, options: ValidateOptions = {}): ValidationResult {
  const dirs = scenarioDirs(sourceName);
  return validateTree(input, new SourceMap(sourceName, undefined), { baseDir: options.baseDir ?? dirs.baseDir, displayDir: dirs.displayDir });
}

/** The pipeline itself; load.ts calls it with a source map that knows the YAML positions. */
export function validateTree(
  raw: unknown,
  sources: SourceMap,
  dirs: { baseDir: string; displayDir: string; maxFileBytes?: number },
  earlier: readonly Issue[] = [],
): ValidationResult {
  const report = new Reporter(sources);
  earlier.forEach((issue) => report.addLocated(issue));
  const finish = (scenario: Scenario | undefined): ValidationResult => {
    const errors = sortIssues(report.issues.filter(isError));
    const notes = sortIssues(report.issues.filter((i) => !isError(i)));
    return scenario && errors.length === 0 ? { ok: true, scenario, notes } : { ok: false, errors, notes };
  };

  // Before anything recursive walks it (TypeScript objects; YAML and JSON are checked as parsed).
  const unsafe = plainDataProblems(raw);
  if (unsafe.length > 0) {
    for (const p of unsafe) report.error(p.path, p.code, p.message, { hint: p.hint, at: 'key' });
    return finish(undefined);
  }

  // An unknown apiVersion means an unknown format: checking it against v1 would only add noise.
  if (isMapping(raw) && raw.apiVersion !== undefined && !(API_VERSIONS as readonly unknown[]).includes(raw.apiVersion)) {
    report.error(['apiVersion'], 'unknown-api-version', `unknown apiVersion ${typeof raw.apiVersion === 'string' ? JSON.stringify(raw.apiVersion) : describeValue(raw.apiVersion)}${typeof raw.apiVersion === 'string' ? didYouMean(raw.apiVersion, API_VERSIONS) : ''}`, {
      hint: `known apiVersions: ${API_VERSIONS.join(', ')}`,
    });
    return finish(undefined);
  }

  const refs = resolveReferences(raw, { ...dirs, report, sources });
  const tree = refs.tree;
  const whole = scenarioSchema.safeParse(tree);
  if (!whole.success) {
    for (const f of translateZodIssues(whole.error.issues, tree, scenarioSchema)) report.error(f.path, f.code, f.message, { hint: f.hint, at: f.at });
  }
  if (!isMapping(tree)) return finish(undefined);

  // Each part is parsed on its own as well, so that the cross-checks run on every part that is
  // valid even when another part is not.
  const instance = buildInstance(tree.instance, report);
  const roleNames = isMapping(tree.roles) ? Object.keys(tree.roles) : [];
  // Maps, not objects, for names the user chose: a role called "toString" must not find a function.
  const roles = new Map<string, Role>();
  for (const name of roleNames) {
    const rawRole = (tree.roles as Record<string, unknown>)[name];
    const parsed = roleSchema.safeParse(rawRole);
    const files = {
      ...(refs.policyFiles.has(`${name}/trustPolicy`) ? { trustPolicy: refs.policyFiles.get(`${name}/trustPolicy`) as string } : {}),
      ...(refs.policyFiles.has(`${name}/permissionPolicy`) ? { permissionPolicy: refs.policyFiles.get(`${name}/permissionPolicy`) as string } : {}),
    };
    const role = parsed.success ? checkRole(name, parsed.data, rawRole, files, report) : undefined;
    if (role) roles.set(name, role);
  }

  const taskNames = isMapping(tree.tasks) ? Object.keys(tree.tasks) : [];
  const tasks = new Map<string, Task>();
  for (const name of taskNames) {
    const parsed = taskDefinitionSchema.safeParse((tree.tasks as Record<string, unknown>)[name]);
    if (!parsed.success) continue;
    const task = checkTask(name, parsed.data, {
      report,
      roleNames,
      roles,
      ...(instance ? { identity: { account: instance.account, region: instance.region } } : {}),
      instanceKind: instance?.kind,
      agent: instance?.agent,
      definitionFile: refs.taskFiles.get(name),
    });
    if (task) tasks.set(name, task);
  }
  if (tasks.size === taskNames.length) {
    const used = new Set([...tasks.values()].flatMap((t) => [t.taskRole, t.executionRole]));
    for (const name of roleNames) if (!used.has(name)) report.note(['roles', name], 'unused', 'declared, but no task uses this role', { at: 'key' });
  }

  const rawSteps = Array.isArray(tree.steps) ? (tree.steps as unknown[]) : [];
  const steps = checkSteps(
    rawSteps,
    rawSteps.map((s) => {
      const parsed = stepSchema.safeParse(s);
      return parsed.success ? parsed.data : undefined;
    }),
    {
      report,
      declared: taskNames,
      tasks,
      roleNames,
      instanceKind: instance?.kind,
      ipv6: instance?.ipv6,
      firewalld: instance?.firewalld,
      nftablesService: instance?.nftablesService,
      instanceRole: instance?.kind === 'ec2' ? instance.imds.instanceRole : undefined,
    },
  );

  if (!whole.success || !instance || !steps || report.errorCount > 0) return finish(undefined);
  return finish({
    apiVersion: whole.data.apiVersion as ApiVersion,
    name: whole.data.name,
    ...(whole.data.description !== undefined ? { description: whole.data.description } : {}),
    source: sources.rootFile,
    instance,
    roles: Object.fromEntries(roles),
    tasks: Object.fromEntries(tasks),
    steps,
  });
}

/**
 * `instance.docker` as engines. YAML reads an unquoted `26.1` as a number, which is taken as the
 * text, but an unquoted `20.10` is the number 20.1: refused, with the fix.
 */
function dockerEngines(raw: string | number | Array<string | number>, report: Reporter): DockerEngine[] | null {
  const list = Array.isArray(raw) ? raw : [raw];
  const engines: DockerEngine[] = [];
  for (const [i, v] of list.entries()) {
    const text = String(v);
    if (isDockerEngine(text)) {
      if (!engines.includes(text)) engines.push(text);
      continue;
    }
    report.error(['instance', 'docker', ...(Array.isArray(raw) ? [i] : [])], 'invalid-value', `Docker engine ${text} is not one of ${DOCKER_ENGINES.join(', ')}`, {
      hint: `write the engine as a quoted string, e.g. docker: "20.10" (YAML reads an unquoted 20.10 as the number 20.1)`,
    });
    return null;
  }
  return engines;
}

function buildInstance(raw: unknown, report: Reporter): Instance | undefined {
  // agentConfig is checked on its own (its valid entries), so that its errors are reported even
  // when another instance field is wrong.
  const rawConfig = isMapping(raw) ? raw.agentConfig : undefined;
  const config = Object.fromEntries(
    Object.entries(isMapping(rawConfig) ? rawConfig : {}).filter(
      ([key, value]) => AGENT_CONFIG_KEYS.includes(key) && ['string', 'number', 'boolean'].includes(typeof value),
    ),
  ) as Record<string, string | number | boolean>;
  const agentConfig = agentConfigText(config);
  const rawVersion = isMapping(raw) ? raw.agentVersion : undefined;
  const agent = checkAgentConfig(agentConfig, report, typeof rawVersion === 'string' ? rawVersion : undefined);

  const parsed = instanceSchema.safeParse(raw ?? {});
  if (!parsed.success) return undefined;
  const inst = parsed.data;
  if (inst.kind === 'external' && inst.imds !== undefined) {
    report.error(['instance', 'imds'], 'not-applicable', 'an external instance (ECS Anywhere) has no IMDS', { at: 'key', hint: 'remove instance.imds, or set instance.kind: ec2' });
    return undefined;
  }
  if (!agent) return undefined;
  const docker = inst.docker === undefined ? undefined : dockerEngines(inst.docker, report);
  if (docker === null) return undefined;
  const base = {
    account: inst.account,
    region: inst.region,
    agentConfig,
    agent,
    agentVersion: agent.agentVersion,
    ...(docker ? { docker } : {}),
    iptables: inst.iptables,
    ...(inst.userData !== undefined ? { userData: inst.userData } : {}),
    everyBoot: inst.everyBoot,
    dockerdArgs: inst.dockerdArgs,
    persistence: inst.persistence,
    firewalld: inst.firewalld,
    nftablesService: inst.nftablesService,
    ipv6: inst.ipv6,
  };
  if (inst.imds?.ipv6Endpoint === 'enabled' && !inst.ipv6) {
    report.note(['instance', 'imds', 'ipv6Endpoint'], 'not-applicable', 'the instance has no IPv6 (instance.ipv6 is false): nothing on it can reach the IPv6 endpoint', { at: 'key' });
  }
  if (inst.nftablesService !== 'none' && inst.iptables === 'legacy') {
    // `nft flush ruleset` removes nf_tables tables only; iptables-legacy's x_tables are another kernel API.
    report.note(['instance', 'nftablesService'], 'not-applicable', "with instance.iptables: legacy, Docker's and ecs-init's rules are in the legacy tables, which nftables.service's `flush ruleset` does not touch", { at: 'key' });
  }
  if (inst.kind === 'external') return { kind: 'external', ...base };
  const rawImds = isMapping(raw) && isMapping(raw.imds) ? raw.imds : {};
  if (!reportPolicyGrammar(['instance', 'imds', 'instancePolicy'], Object.hasOwn(rawImds, 'instancePolicy') ? rawImds.instancePolicy : undefined, report)) return undefined;
  const { instancePolicy, ...imds } = inst.imds ?? imdsSchema.parse({});
  return { kind: 'ec2', ...base, imds: { ...imds, instancePolicy: instancePolicy ? normalizePolicy(instancePolicy) : AMAZON_EC2_CONTAINER_SERVICE_FOR_EC2_ROLE } };
}
