import { renameSync, writeFileSync } from 'node:fs';
import type { MockRequest } from '../../../harness/mocks/http-types.ts';
import { formatCredentialsFile, parseCredentialsFile, type CredentialsFile } from '../../../harness/agent/credentials-file.ts';
import type { CredentialsRead, CredentialsSource } from '../../../harness/agent/credentials-reader.ts';
import { createAgent, type Agent, type AgentConfig } from '../../../harness/agent/handler.ts';

/** A fixed clock: time moves only when a test says so. */
export const T0 = new Date('2030-01-01T00:00:00Z');
export const afterMs = (ms: number, from: Date = T0) => new Date(from.getTime() + ms);

export const APP_ID = '4f9e2c1a-7b3d-4e5f-9a8b-0c1d2e3f4a5b';
export const EXEC_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
export const PENDING_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
export const TASK_ARN = 'arn:aws:ecs:us-east-1:123456789012:task/ecs-sim/0123456789abcdef';
export const INSTANCE_ARN = 'arn:aws:ecs:us-east-1:123456789012:container-instance/ecs-sim/fedcba9876543210';

export function sampleFile(): CredentialsFile {
  return {
    cluster: 'ecs-sim',
    containerInstanceArn: INSTANCE_ARN,
    agentVersion: '1.61.0',
    tasks: [
      {
        credentialsId: APP_ID,
        taskArn: TASK_ARN,
        roleType: 'TaskApplication',
        roleArn: 'arn:aws:iam::123456789012:role/app',
        state: 'ready',
        credentials: { AccessKeyId: 'ECSSIM-app', SecretAccessKey: 'ecssim-secret-app', Token: 'ecssim-token-app', Expiration: '2030-01-01T06:00:00Z' },
      },
      {
        credentialsId: EXEC_ID,
        taskArn: TASK_ARN,
        roleType: 'TaskExecution',
        roleArn: 'arn:aws:iam::123456789012:role/exec',
        state: 'ready',
        credentials: { AccessKeyId: 'ECSSIM-exec', SecretAccessKey: 'ecssim-secret-exec', Token: 'ecssim-token-exec', Expiration: '2030-01-01T06:00:00Z' },
      },
      { credentialsId: PENDING_ID, taskArn: TASK_ARN, roleType: 'TaskApplication', roleArn: 'arn:aws:iam::123456789012:role/app', state: 'uninitialized' },
    ],
  };
}

/** The store as the reader would return it for `file`. */
export function readyRead(file: CredentialsFile = sampleFile()): CredentialsRead {
  const parsed = parseCredentialsFile(formatCredentialsFile(file));
  if (!parsed.ok) throw new Error(`sample file invalid: ${parsed.errors.join('; ')}`);
  return { state: 'ready', store: parsed.store };
}

/** An agent over a fixed store; `audit` collects its lines. */
export function testAgent(read: CredentialsRead = readyRead(), config: AgentConfig = {}): { agent: Agent; audit: string[] } {
  const audit: string[] = [];
  const source: CredentialsSource = () => read;
  return { agent: createAgent(config, { store: source, audit: (line) => audit.push(line) }), audit };
}

export function request(path: string, overrides: Partial<MockRequest> = {}): MockRequest {
  return { method: 'GET', path, headers: { 'user-agent': 'aws-sdk-js/3.0' }, body: '', remoteAddress: '172.17.0.5', remotePort: 40000, ...overrides };
}

/** Writes as the harness does: a temporary file renamed over the target. */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
