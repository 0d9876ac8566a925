/** The simulated account and region (the IMDS mock's defaults: harness/mocks/imds/config.ts). */
export const SIM_REGION = 'us-east-1';
export const SIM_ACCOUNT = '123456789012';

/** The agent version the simulation reports (task roles need 1.11.0+, host mode 1.12.0+: AWS guide). */
export const AGENT_VERSION = '1.90.0';
