// Every task definition in ../shared/realworld loads as users wrote it, with
// ECS's defaults filled in. These files were written by nobody on this project.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/sim/scenario/load.ts';
import { realworld, repoRoot, sharedRealworld } from '../../support/scenarios.ts';

const folder = path.join(realworld, 'task-definitions');
const load = (name: string) => parseScenario(readFileSync(path.join(folder, name), 'utf8'));

// What ECS would do with each file: launch type and network mode after defaults.
const expected: Record<string, { launchType: string; networkMode: string; family: string }> = {
  'ConsulClient.json': { launchType: 'EC2', networkMode: 'host', family: 'consulClient' },
  'ConsulServer.json': { launchType: 'EC2', networkMode: 'host', family: 'consulServer' },
  'gunicorn_fargate.json': { launchType: 'FARGATE', networkMode: 'awsvpc', family: 'gunicorn' },
  'kibana_ec2.json': { launchType: 'EC2', networkMode: 'awsvpc', family: 'kibana' },
  'nginx_ec2.json': { launchType: 'EC2', networkMode: 'bridge', family: 'nginx' },
  'nginx_fargate.json': { launchType: 'FARGATE', networkMode: 'awsvpc', family: 'nginx' },
  'tomcat_ec2.json': { launchType: 'EC2', networkMode: 'awsvpc', family: 'tomcat-webserver' },
  'wildfly_fargate.json': { launchType: 'FARGATE', networkMode: 'awsvpc', family: 'wildfly' },
};

describe('real-world task definitions', () => {
  it('should cover every file in the folder', () => {
    expect(readdirSync(folder).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [file, want] of Object.entries(expected)) {
    it(`should load ${file} as ${want.launchType} with networkMode ${want.networkMode}`, () => {
      const scenario = load(file);
      expect(scenario.launchType).toBe(want.launchType);
      expect(scenario.taskDefinition.networkMode).toBe(want.networkMode);
      expect(scenario.taskDefinition.family).toBe(want.family);
      expect(scenario.taskDefinition.revision).toBe(1);
      expect(scenario.timeline).toEqual([]);
      expect(scenario.faults).toEqual([]);
      expect(scenario.loadBalancers).toEqual([]);
    });
  }

  it('should default essential to true when the file leaves it out', () => {
    // ConsulClient.json has no "essential" key
    const [container] = load('ConsulClient.json').taskDefinition.containerDefinitions;
    expect(container).toEqual({
      name: 'consulClient',
      image: 'consul',
      essential: true,
      cpu: 128,
      memory: 256,
      memoryReservation: 64,
      dependsOn: [],
      stopTimeout: null,
      startTimeout: null,
      healthCheck: null,
      portMappings: [],
      portBindings: [],
      portRanges: [],
      secrets: [],
    });
  });

  it('should keep task cpu and memory as strings whether written as numbers or strings', () => {
    expect(load('nginx_fargate.json').taskDefinition).toMatchObject({ cpu: '256', memory: '512' });
    expect(load('kibana_ec2.json').taskDefinition).toMatchObject({ cpu: '1024', memory: '2048' });
    expect(load('ConsulServer.json').taskDefinition).toMatchObject({ cpu: null, memory: null });
  });

  it('should ignore fields it does not model such as logConfiguration, volumes and ulimits: null', () => {
    const scenario = load('wildfly_fargate.json');
    expect(Object.keys(scenario.taskDefinition.containerDefinitions[0] ?? {}).sort()).toEqual(
      ['cpu', 'dependsOn', 'essential', 'healthCheck', 'image', 'memory', 'memoryReservation', 'name', 'portBindings', 'portMappings', 'portRanges', 'secrets', 'startTimeout', 'stopTimeout'],
    );
    expect(scenario.taskDefinition.requiresCompatibilities).toEqual(['FARGATE']);
  });

  it('should default networkMode to bridge for an EC2 definition without one', () => {
    const raw = JSON.parse(readFileSync(path.join(folder, 'nginx_ec2.json'), 'utf8')) as Record<string, unknown>;
    delete raw.networkMode;
    expect(parseScenario(JSON.stringify(raw)).taskDefinition.networkMode).toBe('bridge');
  });

  it('should load each file as the taskDefinition of a scenario stopped at 600 s', () => {
    for (const file of Object.keys(expected)) {
      const taskDefinition = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as unknown;
      const text = JSON.stringify({ taskDefinition, timeline: [{ at: 600, action: 'StopTask', reason: 'done' }] });
      expect(parseScenario(text).timeline).toEqual([{ at: 600, action: 'StopTask', reason: 'done' }]);
    }
  });
});

// A clone on its own tests against copies (test/fixtures/realworld, the page's
// presets): they must stay the files nobody here wrote.
describe.runIf(existsSync(sharedRealworld))('the copies of the real inputs in the repository', () => {
  const copies = path.join(repoRoot, 'test/fixtures/realworld');
  for (const dir of ['task-definitions', 'aws-doc-events'])
    it(`should match ../shared/realworld/${dir} file for file`, () => {
      const names = readdirSync(path.join(sharedRealworld, dir)).sort();
      expect(readdirSync(path.join(copies, dir)).filter((f) => f.endsWith('.json')).sort()).toEqual(names.filter((f) => f.endsWith('.json')));
      for (const f of names) expect(readFileSync(path.join(copies, dir, f), 'utf8')).toBe(readFileSync(path.join(sharedRealworld, dir, f), 'utf8'));
    });
});
