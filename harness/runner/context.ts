import type { EcsInstance } from '../instance/ecs-instance.ts';
import type { Scenario } from '../scenario/model.ts';

/** What the steps of one scenario share while it runs. */
export interface ScenarioContext {
  scenario: Scenario;
  instance: EcsInstance;
  /** The IMDS instance role's name (for imds-credentials). */
  instanceRole: string;
}
