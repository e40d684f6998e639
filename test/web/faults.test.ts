// The fault boxes of the page: on a service with Fargate Spot in its strategy,
// "no capacity" is Spot running out, so the box is offered and says so.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { faultLabel, whatItDoes, whyNot } from '../../src/web/scenario.faults.ts';
import { webTd } from '../support/service.ts';
import { TG_ARN, webDefinition } from '../support/scenarios.ts';

const spotStrategy = [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }];
const service = (extra: Record<string, unknown> = {}, strategy: unknown = spotStrategy) =>
  loadScenario({ taskDefinition: webTd(), service: { serviceName: 'web', desiredCount: 2, ...(strategy ? { capacityProviderStrategy: strategy } : {}) }, ...extra });

describe('the PlaceTask box', () => {
  it('should offer Spot running out on a service using FARGATE_SPOT, and name the window the JSON gives', () => {
    expect(whyNot('PlaceTask', service())).toBeNull();
    expect(faultLabel('PlaceTask', service())).toBe('No Fargate Spot capacity for 4 min');
    expect(whatItDoes('PlaceTask', service(), 'web')).toMatch(/does not use on-demand FARGATE/);
    const s = service({ faults: [{ step: 'PlaceTask', fromSeconds: 600, capacityAfterSeconds: 1800 }] });
    expect(faultLabel('PlaceTask', s)).toBe('No Fargate Spot capacity from 10 min into the run until 30 min into the run');
    expect(faultLabel('PlaceTask', service({ faults: [{ step: 'PlaceTask' }] }))).toBe('No Fargate Spot capacity, for good');
    // ticked beside a Spot notice, the shortage would start with it
    expect(faultLabel('PlaceTask', service({ timeline: [{ at: 600, action: 'SpotInterruption', task: 1 }] }))).toBe('No Fargate Spot capacity for 4 min from 10 min into the run');
    // the other boxes keep their own labels
    expect(faultLabel('PullImage', s)).toBe('Image pull fails');
  });

  it('should refuse it on an on-demand Fargate service and on a single Fargate task, saying what would allow it', () => {
    expect(whyNot('PlaceTask', service({}, null))).toMatch(/a service on Fargate Spot/);
    expect(whyNot('PlaceTask', loadScenario({ taskDefinition: webTd() }))).toMatch(/^EC2 only/);
  });
});

describe('the RunContainer box', () => {
  it("should describe the chosen container's crash, and only name another revision's image the JSON crashes", () => {
    const crash = (fault: object) => service({ faults: [{ step: 'RunContainer', ...fault }] }, null);
    expect(faultLabel('RunContainer', crash({ container: 'web', afterSeconds: 90, exitCode: 3 }), 'web')).toBe('Container crashes 90 s after it starts (exit code 3)');
    expect(faultLabel('RunContainer', crash({ image: 'registry.example/app:1', afterSeconds: 20 }), 'web')).toBe('Container crashes 20 s after it starts (exit code 1)');
    // exit code 0: a job that finishes, as a migration does that a dependsOn SUCCESS waits for
    expect(faultLabel('RunContainer', crash({ container: 'web', afterSeconds: 25, exitCode: 0 }), 'web')).toBe('Container exits with code 0 25 s after it starts (a job done)');
    // the crash-loop preset: revision 2's image crashes, not the one the box is about
    const other = service({ timeline: [{ at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }], faults: [{ step: 'RunContainer', image: 'registry.example/app:2', afterSeconds: 20 }] }, null);
    expect(faultLabel('RunContainer', other, 'web')).toBe('Container crashes 10 s after it starts (the JSON also crashes registry.example/app:2)');
    expect(faultLabel('RunContainer', service({}, null), 'web')).toBe('Container crashes 10 s after it starts');
  });
});

describe('the StopContainer box', () => {
  it('should say when the JSON makes the container exit on SIGTERM with a code of its own, rather than ignore it', () => {
    const exits = loadScenario({ taskDefinition: webTd(), faults: [{ step: 'StopContainer', container: 'web', exitCode: 143 }] });
    expect(faultLabel('StopContainer', exits, 'web')).toBe('Container ignores SIGTERM (the JSON has it exit 143 on SIGTERM)');
    const ignores = loadScenario({ taskDefinition: webTd(), faults: [{ step: 'StopContainer', container: 'web' }] });
    expect(faultLabel('StopContainer', ignores, 'web')).toBe('Container ignores SIGTERM');
  });
});

describe('the RetrieveSecrets box', () => {
  const ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
  const ASM = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-Xk3p9Q';
  const td = (secrets: object[], extra: object = {}) => ({ ...webTd(), executionRoleArn: ROLE, containerDefinitions: [{ ...webTd().containerDefinitions[0], secrets }], ...extra });
  const SECRETS = [{ name: 'FIRST', valueFrom: '/a' }, { name: 'SECOND', valueFrom: `${ASM}:password::` }];
  const task = (faults: object[], launchType = 'FARGATE') =>
    loadScenario({ taskDefinition: td(SECRETS, launchType === 'EC2' ? { requiresCompatibilities: ['EC2', 'FARGATE'] } : {}), launchType, faults });

  it('should name the secret the run fails on, by its variable, and its secret without the JSON key in the title', () => {
    // several faults: the first secret the definition names among those they pick, as the run decides
    const both = task([{ step: 'RetrieveSecrets', valueFrom: `${ASM}:password::` }, { step: 'RetrieveSecrets', valueFrom: '/a' }]);
    expect(faultLabel('RetrieveSecrets', both)).toBe('Secret FIRST is not there');
    const second = task([{ step: 'RetrieveSecrets', valueFrom: `${ASM}:password::` }]);
    expect(faultLabel('RetrieveSecrets', second)).toBe('Secret SECOND is not there');
    expect(whatItDoes('RetrieveSecrets', second, 'web')).toBe(`The secret ${ASM} is not there (misspelt, in another Region, or deleted for good; a role that may not read it, or no route to the service, fails the same way in other words): the task fails in PENDING, before any image is pulled`);
    // unticked: what ticking would do, worded by the launch type
    expect(faultLabel('RetrieveSecrets', task([]))).toBe('A secret is not there');
    expect(whatItDoes('RetrieveSecrets', task([], 'EC2'), 'web')).toBe(
      'The secret /a is not there (misspelt, in another Region, or deleted for good; a role that may not read it, or no route to the service, fails the same way in other words): the task fails in PENDING, before any container is created (the images are pulled meanwhile)',
    );
  });

  it('should not offer it without a secret, saying how to name one', () => {
    expect(whyNot('RetrieveSecrets', loadScenario({ taskDefinition: webTd() }))).toMatch(/^Needs a container with secrets/);
    expect(whyNot('RetrieveSecrets', task([]))).toBeNull();
  });
});

describe('the HealthCheck box', () => {
  // a task with a load balancer, and a container with its own healthCheck
  const checks = (...faults: object[]) =>
    loadScenario({
      taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'] } }),
      loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }],
      faults: faults.map((f) => ({ step: 'HealthCheck', ...f })),
    });

  it('should call it a slow start, in its label and its title, only when every HealthCheck fault in the JSON passes in the end', () => {
    expect(faultLabel('HealthCheck', checks({ passAfterSeconds: 90 }))).toBe('Health checks fail for the first 90 s (a slow start)');
    expect(whatItDoes('HealthCheck', checks({ passAfterSeconds: 90 }), 'web')).toMatch(/^The app answers its health checks only 90 s after it starts/);
    // the longest of two slow starts
    expect(faultLabel('HealthCheck', checks({ passAfterSeconds: 90 }, { container: 'web', passAfterSeconds: 150 }))).toBe('Health checks fail for the first 150 s (a slow start)');
    // a second fault whose checks never pass: not only slow
    const never = checks({ passAfterSeconds: 90 }, { container: 'web' });
    expect(faultLabel('HealthCheck', never)).toBe('Health checks fail');
    expect(whatItDoes('HealthCheck', never, 'web')).toMatch(/^The load balancer's health checks fail from the start: /);
    expect(whatItDoes('HealthCheck', never, 'web')).not.toMatch(/only 90 s/);
  });

  it('should not call it a failure when the app answers by the first check (one every 30 s): no check sees it', () => {
    const unseen = checks({ passAfterSeconds: 20 }, { container: 'web', passAfterSeconds: 30 });
    expect(faultLabel('HealthCheck', unseen)).toBe('No health check fails: the app answers at 30 s, by the first check');
    expect(whatItDoes('HealthCheck', unseen, 'web')).toMatch(/^The app answers its health checks 30 s after it starts, by the first check, so none fails/);
    // one the checks see is a slow start again
    expect(faultLabel('HealthCheck', checks({ passAfterSeconds: 20 }, { passAfterSeconds: 31 }))).toBe('Health checks fail for the first 31 s (a slow start)');
    // by image, as the guided slow-start preset gives it (a revision its timeline deploys): its checks are the load balancer's
    const preset = JSON.parse(readFileSync('public/scenarios/service-slow-start.json', 'utf8')) as { faults: { passAfterSeconds: number }[] };
    expect(faultLabel('HealthCheck', loadScenario(preset))).toBe('Health checks fail for the first 90 s (a slow start)');
    preset.faults[0]!.passAfterSeconds = 20;
    expect(faultLabel('HealthCheck', loadScenario(preset))).toBe('No health check fails: the app answers at 20 s, by the first check');
  });

  it('should say when an app that goes bad stops answering (the earliest), and that its checks pass until then', () => {
    const bad = checks({ failAfterSeconds: 900 }, { container: 'web', failAfterSeconds: 600 });
    expect(faultLabel('HealthCheck', bad)).toBe('Health checks fail from 10 min after it starts (the app goes bad)');
    expect(whatItDoes('HealthCheck', bad, 'web')).toMatch(/^The app stops answering its health checks 10 min after it starts \(a leak, a hung worker\): until then they pass/);
    // the plain box says where the JSON's variants are
    expect(whatItDoes('HealthCheck', checks({ container: 'web' }), 'web')).toBe(
      "The load balancer's health checks fail from the start: the target turns unhealthy (in the JSON, failAfterSeconds makes them fail only after a while, an app that goes bad; passAfterSeconds only at first, a slow start)",
    );
    // beside checks that never pass (the container's own): they simply fail
    expect(faultLabel('HealthCheck', checks({ failAfterSeconds: 900 }, { container: 'web' }))).toBe('Health checks fail');
    // past an hour, in hours
    expect(faultLabel('HealthCheck', checks({ failAfterSeconds: 86_400 }))).toBe('Health checks fail from 24 h after it starts (the app goes bad)');
    expect(faultLabel('HealthCheck', checks({ failAfterSeconds: 5_400 }))).toBe('Health checks fail from 1 h 30 min after it starts (the app goes bad)');
  });
});
