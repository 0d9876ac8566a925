import type { ScenarioInput } from './schema/scenario.ts';

/**
 * Declares a scenario in TypeScript with the file format's types (an identity function, like
 * citty's defineCommand): the editor checks keys and values as you type. Validate it with the
 * very schema and checks a YAML file gets, through `validateScenario(defined, import.meta.filename)`;
 * relative file paths in it resolve against that file's folder.
 */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
