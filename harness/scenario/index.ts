/** The scenario format: model, schema, loading, validation and error formatting. */

export { defineScenario } from './define.ts';
export { formatIssue, formatIssues, MAX_ISSUES_PER_FILE, type FormatOptions } from './format.ts';
export { formatPath, issueCount, type Issue, type IssueCode, type Path, type Severity } from './issues.ts';
export { scenarioJsonSchema, scenarioJsonSchemaText } from './json-schema.ts';
export { loadScenarioFile, loadScenarios, type LoadOptions, type LoadResult } from './load.ts';
export type * from './model.ts';
export { validateScenario, type ValidateOptions, type ValidationResult } from './validate.ts';
export { API_VERSIONS, scenarioSchema, type ApiVersion, type ScenarioInput } from './schema/scenario.ts';
export { STEP_KINDS, type StepInput, type ExpectInput, type ExpectRowInput, type TargetKey, type VerdictText } from './schema/steps.ts';
export type { InstanceInput, ImdsInput } from './schema/instance.ts';
export type { RoleInput, TrustPolicyInput, PermissionPolicyInput } from './schema/policy.ts';
export type { TaskDefinitionInput, ContainerDefinitionInput, SimExtensionInput } from './schema/task-definition.ts';
export type { TaskEntryInput, TaskFileRefInput } from './schema/tasks.ts';
export { TARGETS, parseTarget, type Target, type TargetName, type TargetSpec, type ProbeOrigin, type InstanceKind } from './targets.ts';
export { VERDICT_KINDS, VERDICT_OUTCOMES, parseVerdict, verdictText, type Verdict, type VerdictKind } from './verdicts.ts';
export { AGENT_CONFIG_KEYS, NOT_SIMULATED_AGENT_KEYS, SIMULATED_AGENT_KEYS } from './agent-config-keys.ts';
export { MAX_FILE_BYTES } from './read-file.ts';
export { MAX_ALIAS_COUNT } from './parse-yaml.ts';
