// Shared by the scenario tests: load an input that must fail and return the error.
import { loadScenario, parseScenario } from '../../../src/sim/scenario/load.ts';
import { ScenarioError } from '../../../src/sim/scenario/types.ts';

function caught(load: () => unknown): ScenarioError {
  try {
    load();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError, but the input loaded');
}

export const rejection = (raw: unknown) => caught(() => loadScenario(raw));
export const textRejection = (text: string) => caught(() => parseScenario(text));

/** A small valid Fargate definition to break one field at a time. */
export const fargate = () => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    { name: 'web', image: 'nginx:latest', portMappings: [{ containerPort: 80 }], healthCheck: { command: ['CMD', 'true'] } },
    { name: 'sidecar', image: 'envoy', essential: false },
  ],
});

export const lb = (containerName = 'web', group = 'web') => ({
  targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${group}/0123456789abcdef`,
  containerName,
  containerPort: 80,
});
