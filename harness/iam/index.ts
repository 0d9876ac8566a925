/** The IAM policy engine: one import for the harness and the mocks. */
export { contextValues, timeKeys, type ContextValue, type RequestContext, type RequestPrincipal } from './context.ts';
export { decide, describeStatement, type Decision, type NamedPolicy, type StatementRef } from './evaluate.ts';
export { checkPolicyGrammar, type GrammarProblem } from './grammar.ts';
export { asList, statementName, type PolicyDocument, type PolicyStatement, type PolicyVersion } from './policy.ts';
export { statementAction, statementPrincipal } from './statement.ts';
export { globMatch } from './wildcard.ts';
export { decideAssumeRole, type AssumeRoleDecision, type AssumeRoleInput } from './assume-role.ts';
