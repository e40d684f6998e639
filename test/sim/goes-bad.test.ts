// An app that goes bad (a HealthCheck fault with failAfterSeconds: a leak, a
// hung worker): its checks pass, the target and the container turn healthy,
// then, once the app stops answering, they fail and turn unhealthy, as ELB and
// Docker count them. A service replaces such a task; a task run alone runs on.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import { describeService, serviceEvents } from '../../src/sim/service/service-output.ts';
import { idleFaults } from '../../src/sim/idle-faults.ts';
import { enteredAt, fargateWeb, run, TG_ARN, webDefinition } from '../support/scenarios.ts';

const targetSteps = (sim: ReturnType<typeof run>) => sim.trace.filter((e) => e.actor === 'target-0' && e.from !== e.to).map((e) => [e.to, e.t - enteredAt(sim, 'target-0', 'initial')!]);
const healthNotes = (sim: ReturnType<typeof run>, actor: string) =>
  sim.trace.filter((e) => e.actor === actor && e.from === e.to && /^health check/.test(e.note)).map((e) => [e.t - enteredAt(sim, actor, 'RUNNING')!, e.note.split(';')[0]]);

describe("a load balancer target whose app goes bad, in a service's task run on its own", () => {
  const scenario = (failAfterSeconds: number, timeline: object[] = []) => fargateWeb({ timeline, faults: [{ step: 'HealthCheck', failAfterSeconds }] });

  it('should be healthy after 5 passes, then unhealthy 2 failed checks after the app stops answering', () => {
    // checks every 30 s from its registration: 1-19 pass, the 20th (600 s) and 21st (630 s) fail
    const sim = run(scenario(600));
    expect(targetSteps(sim).slice(2, 5)).toEqual([['initial', 0], ['healthy', 150_000], ['unhealthy', 630_000]]);
  });

  it('should say when the app stops answering, 600 s after the registration, before the target turns unhealthy', () => {
    const sim = run(scenario(600));
    const onset = sim.trace.filter((e) => /^the app in container \w+ stops answering/.test(e.note));
    // on the target's lane, its status unchanged (healthy since 150 s)
    expect(onset.map((e) => [e.actor, e.from, e.to, e.t - enteredAt(sim, 'target-0', 'initial')!])).toEqual([['target-0', 'healthy', 'healthy', 600_000]]);
    expect(onset[0]!.note).toBe(
      "the app in container web stops answering the load balancer's health checks, 600 s after target-0 was registered (failAfterSeconds): the target turns unhealthy after 2 failed checks in a row, one every 30 s",
    );
    // and not when the task was stopped first
    const stopped = run(scenario(600, [{ at: 300, action: 'StopTask' }]));
    expect(stopped.trace.some((e) => /^the app in container \w+ stops answering/.test(e.note))).toBe(false);
  });

  it("should be stopped by its scheduler once the replacement is healthy, as long after its finding as this task took to turn healthy", () => {
    const sim = run(scenario(600));
    const healthy = sim.trace.find((e) => e.actor === 'target-0' && e.to === 'healthy')!.t;
    const unhealthy = sim.trace.find((e) => e.actor === 'target-0' && e.to === 'unhealthy')!.t;
    const found = sim.trace.find((e) => e.actor === 'world' && e.to === 'scheduler')!;
    expect(found.t).toBe(unhealthy);
    expect(found.note).toContain('from its placement to the moment all its checks passed');
    expect(found.note).toContain('stops this task once the replacement is healthy, in about');
    // the replacement's verdict: its own healthy threshold, not this task's failure 630 s into its checks
    expect(enteredAt(sim, 'task', 'DEACTIVATING')).toBe(unhealthy + healthy);
    expect(sim.events.at(-1)!.detail).toMatchObject({ stopCode: 'ServiceSchedulerInitiated', stoppedReason: expect.stringMatching(/^Task failed ELB health checks in \(target-group /) });
  });

  it('should never be healthy when the app goes bad before the healthy threshold: it fails as an app that never answers, later', () => {
    // checks at 30-90 s pass, 120 and 150 s fail
    const sim = run(scenario(100));
    expect(targetSteps(sim).slice(2, 4)).toEqual([['initial', 0], ['unhealthy', 150_000]]);
  });

  it("should time the stop from when all its checks had passed, after a slow start of its container's own check too, as its service does", () => {
    const faults = [{ step: 'HealthCheck', failAfterSeconds: 600 }, { step: 'HealthCheck', container: 'web', passAfterSeconds: 100 }];
    const withCheck = { taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'] } }), loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }], faults };
    const sim = run(loadScenario(withCheck));
    const allPassed = sim.trace.find((e) => e.actor === 'target-0' && e.to === 'healthy')!.t;
    const passedAgain = sim.trace.find((e) => e.actor === 'container-web' && e.note.startsWith('health check passed'))!.t;
    const unhealthy = sim.trace.find((e) => e.actor === 'target-0' && e.to === 'unhealthy')!.t;
    // the container failed (a slow start) and passed again before the target turned healthy
    expect(passedAgain).toBeLessThan(allPassed);
    expect(enteredAt(sim, 'task', 'DEACTIVATING')).toBe(unhealthy + allPassed);
    // its service stops it about as long after the finding, when the replacement is healthy (each run draws its own
    // durations, a minute apart at most; timed from the failure instead, it would live eight minutes longer)
    const service = new ServiceSimulation(loadScenario({ ...withCheck, service: { serviceName: 'web', desiredCount: 1 } }));
    service.runUntil(1_500_000);
    const first = service.tasks[0]!.frames.at(-1)!.stamps;
    const lived = (first.stoppingAt ?? Number.NaN) - (first.startedAt ?? Number.NaN);
    expect(Math.abs(lived - (enteredAt(sim, 'task', 'DEACTIVATING')! - enteredAt(sim, 'task', 'RUNNING')!))).toBeLessThan(90_000);
  });

  it('should say the fault did nothing when the task was stopped before the checks failed', () => {
    const sim = run(scenario(600, [{ at: 300, action: 'StopTask' }]));
    expect(sim.trace.some((e) => e.actor === 'target-0' && e.to === 'unhealthy')).toBe(false);
    expect(idleFaults(scenario(600), sim.trace, sim.now())).toEqual([
      "faults[0] (HealthCheck) did nothing: the app stops answering 600 s after it starts, but the load balancer's health checks never failed enough to make it unhealthy: the task was stopped first (desired STOPPED at 300 s)",
    ]);
  });
});

describe("a container's own health check whose app goes bad, in a task run on its own", () => {
  const api = (failAfterSeconds: number, healthCheck: object = {}) =>
    loadScenario({
      taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'], ...healthCheck } }),
      timeline: [{ at: 1200, action: 'StopTask' }],
      faults: [{ step: 'HealthCheck', container: 'web', failAfterSeconds }],
    });

  it('should turn HEALTHY at the first check, then UNHEALTHY at the 3rd failure, and the task stay RUNNING (no scheduler)', () => {
    // checks every 30 s from its start: 1-9 pass, 10, 11, 12 fail (UNHEALTHY at 360 s)
    const sim = run(api(300));
    const notes = healthNotes(sim, 'container-web');
    expect(notes.map(([, n]) => n)).toEqual(['health check passed: HEALTHY', 'health checks failed: UNHEALTHY']);
    // the checks' jitter (under a second) shifts both alike
    expect((notes[1]![0] as number) - (notes[0]![0] as number)).toBe(330_000);
    expect(Math.floor((notes[0]![0] as number) / 1000)).toBe(30);
    const onset = sim.trace.find((e) => /^the app in container \w+ stops answering/.test(e.note))!;
    expect([onset.actor, onset.to, onset.t - enteredAt(sim, 'container-web', 'RUNNING')!]).toEqual(['container-web', 'RUNNING', 300_000]);
    expect(onset.note).toBe('the app in container web stops answering its own health check, 300 s after it started (failAfterSeconds): UNHEALTHY after 3 failed checks in a row (retries), one every 30 s');
    const task = sim.describeTask() as unknown as { healthStatus: string; containers: { healthStatus: string }[]; stopCode: string };
    expect([task.healthStatus, task.containers[0]!.healthStatus, task.stopCode]).toEqual(['UNHEALTHY', 'UNHEALTHY', 'UserInitiated']);
  });

  it('should say the fault did nothing when the container stopped before its checks failed, naming the container, not the later stop', () => {
    const td = webDefinition();
    td.containerDefinitions.push({ name: 'side', image: 'side:1', essential: false, healthCheck: { command: ['CMD-SHELL', 'true'] } } as never);
    const scenario = loadScenario({
      taskDefinition: td,
      timeline: [{ at: 1000, action: 'StopTask' }],
      faults: [{ step: 'HealthCheck', container: 'side', failAfterSeconds: 300 }, { step: 'RunContainer', container: 'side', afterSeconds: 200 }],
    });
    const sim = run(scenario);
    const stopped = enteredAt(sim, 'container-side', 'STOPPED')!;
    // the task runs on without it: nothing says its app stops answering checks that ended with it
    expect(sim.trace.some((e) => /^the app in container \w+ stops answering/.test(e.note))).toBe(false);
    expect(idleFaults(scenario, sim.trace, sim.now())[0]).toBe(
      `faults[0] (HealthCheck) did nothing: the app stops answering 300 s after it starts, but container side's health checks never failed enough to make it unhealthy: container side stopped first (at ${Number((stopped / 1000).toFixed(3))} s)`,
    );
  });

  it('should count its failures inside the start period once a check has passed (Docker: a pass ends it)', () => {
    // start period 300 s; the first check passes, the 2nd, 3rd and 4th fail: UNHEALTHY at 120 s, inside the start period
    const notes = healthNotes(run(api(45, { startPeriod: 300 })), 'container-web');
    expect(notes.map(([, n]) => n)).toEqual(['health check passed: HEALTHY', 'health checks failed: UNHEALTHY']);
    expect(Math.floor((notes[1]![0] as number) / 1000)).toBe(120);
  });
});

describe('a service whose app goes bad', () => {
  const scenario = () =>
    loadScenario({
      taskDefinition: webDefinition(),
      loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }],
      settings: { deregistrationDelaySeconds: 30 },
      service: { serviceName: 'web', desiredCount: 2 },
      faults: [{ step: 'HealthCheck', failAfterSeconds: 600 }],
    });

  it('should complete its deployment, then find each task unhealthy and replace it, starting the replacement first', () => {
    const sim = new ServiceSimulation(scenario());
    sim.runUntil(1_000_000);
    const messages = (describeService(sim).events as { message: string }[]).map((e) => e.message).reverse();
    const completed = serviceEvents(sim).findIndex((e) => (e.detail as { eventName?: string }).eventName === 'SERVICE_DEPLOYMENT_COMPLETED');
    expect(completed).toBeGreaterThanOrEqual(0);
    const unhealthy = messages.findIndex((m) => /is unhealthy in \(target-group .*\) due to \(reason Health checks failed\)\.$/.test(m));
    const replaced = messages.findIndex((m) => m.includes('Amazon ECS replaced 1 tasks due to an unhealthy status.'));
    expect(unhealthy).toBeGreaterThan(0);
    // the replacement is started before the unhealthy task is stopped (since 2023)
    const stoppedAfter = messages.findIndex((m, i) => i > unhealthy && /has stopped 1 running tasks/.test(m));
    expect(replaced).toBeGreaterThan(unhealthy);
    expect(stoppedAfter).toBeGreaterThan(replaced);
    // each of the first two tasks is stopped for its failed checks, and a new one runs in its place
    const stopped = sim.tasks.filter((t) => t.view.stopCode === 'ServiceSchedulerInitiated');
    expect(stopped).toHaveLength(2);
    expect(stopped.every((t) => /^Task failed ELB health checks in \(target-group /.test(t.view.stoppedReason!))).toBe(true);
    expect(sim.tasks.filter((t) => t.view.desiredStatus === 'RUNNING')).toHaveLength(2);
    // each task's side steps say when its app stopped answering (what its panel shows), 600 s after its target's registration
    const sides = sim.tasks[0]!.world.sideChanges();
    const registered = sides.find((c) => c.actor === 'target-0' && c.to === 'initial')!.t;
    expect(sides.filter((c) => c.note === 'app stops answering').map((c) => [c.actor, c.to, c.t - registered])).toEqual([['target-0', 'healthy', 600_000]]);
  });
});

describe("a service whose app goes bad, judged by its container's own health check", () => {
  it('should replace each task once its essential container turns UNHEALTHY, for its failed container health checks', () => {
    const sim = new ServiceSimulation(
      loadScenario({
        taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'] } }),
        service: { serviceName: 'web', desiredCount: 1 },
        faults: [{ step: 'HealthCheck', container: 'web', failAfterSeconds: 300 }],
      }),
    );
    sim.runUntil(900_000);
    // HEALTHY 30 s after its start, UNHEALTHY at 360 s: the first task, then its replacement, each after about 6 minutes
    const stopped = sim.tasks.filter((t) => t.view.stopCode === 'ServiceSchedulerInitiated');
    expect(stopped.map((t) => t.view.stoppedReason)).toEqual(['Task failed container health checks', 'Task failed container health checks']);
    expect(sim.tasks).toHaveLength(3);
    const sides = sim.tasks[0]!.world.sideChanges();
    const started = sides.find((c) => c.actor === 'container-web' && c.to === 'RUNNING')!.t;
    expect(sides.filter((c) => c.note === 'app stops answering').map((c) => [c.actor, c.t - started])).toEqual([['container-web', 300_000]]);
  });
});

describe('failAfterSeconds', () => {
  it.each([
    [{ failAfterSeconds: 0 }, 'faults[0].failAfterSeconds: must be an integer from 1 to 86400 seconds, got 0'],
    [{ failAfterSeconds: '600' }, 'faults[0].failAfterSeconds: must be an integer from 1 to 86400 seconds, got "600"'],
    [{ failAfterSeconds: 600, passAfterSeconds: 90 }, 'faults[0].failAfterSeconds: give passAfterSeconds (the checks fail, then pass: a slow start) or failAfterSeconds (they pass, then fail), not both'],
  ])('should refuse %o with a message naming the field', (fields, message) => {
    expect(() => fargateWeb({ faults: [{ step: 'HealthCheck', ...fields }] })).toThrow(message);
  });

  it('should refuse a slow start and a failure on the same checks, and take them on different ones', () => {
    const faults = (second: object) => [{ step: 'HealthCheck', passAfterSeconds: 90 }, { step: 'HealthCheck', ...second }];
    expect(() => fargateWeb({ faults: faults({ failAfterSeconds: 600 }) })).toThrow('faults[1].failAfterSeconds: faults[0] makes the same health checks a slow start (passAfterSeconds)');
    expect(() => fargateWeb({ faults: faults({ image: 'public.ecr.aws/nginx/nginx:1.27', failAfterSeconds: 600 }) })).toThrow('faults[1].failAfterSeconds: faults[0]');
    const own = loadScenario({
      taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'] } }),
      loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }],
      faults: faults({ container: 'web', failAfterSeconds: 600 }),
    });
    expect(own.faults[1]).toEqual({ step: 'HealthCheck', container: 'web', passAfterSeconds: null, failAfterSeconds: 600 });
    // beside checks that never pass, or that fail after another time, it would do nothing: refused, not ignored
    expect(() => fargateWeb({ faults: [{ step: 'HealthCheck', failAfterSeconds: 600 }, { step: 'HealthCheck' }] })).toThrow(
      'faults[0].failAfterSeconds: faults[1] makes the same health checks fail from the start, so this one would do nothing: remove one of the two faults',
    );
    expect(() => fargateWeb({ faults: [{ step: 'HealthCheck', failAfterSeconds: 600 }, { step: 'HealthCheck', failAfterSeconds: 300 }] })).toThrow(
      'faults[0].failAfterSeconds: faults[1] already makes the same health checks fail after 300 s, so this one would do nothing: keep one of the two faults',
    );
    // on part of its checks only (a new revision that never passes while the old one goes bad): both act
    const rolling = JSON.parse(readFileSync('public/scenarios/service-rolling.json', 'utf8'));
    const newImage = rolling.timeline.find((a: { action: string }) => a.action === 'UpdateService').taskDefinition.containerDefinitions[0].image;
    expect(loadScenario({ ...rolling, faults: [{ step: 'HealthCheck', failAfterSeconds: 600 }, { step: 'HealthCheck', image: newImage }] }).faults).toHaveLength(2);
    // a slow start by image on a container no load balancer targets: other checks than the load balancer's
    const side = webDefinition();
    side.containerDefinitions.push({ name: 'side', image: 'side:1', healthCheck: { command: ['CMD-SHELL', 'true'] } } as never);
    const lb = [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }];
    const apart = [{ step: 'HealthCheck', failAfterSeconds: 600 }, { step: 'HealthCheck', image: 'side:1', passAfterSeconds: 60 }];
    expect(loadScenario({ taskDefinition: side, loadBalancers: lb, faults: apart }).faults).toHaveLength(2);
    // the same image on the target's container: the same checks
    const onTarget = [{ step: 'HealthCheck', failAfterSeconds: 600 }, { step: 'HealthCheck', image: 'public.ecr.aws/nginx/nginx:1.27', passAfterSeconds: 60 }];
    expect(() => loadScenario({ taskDefinition: side, loadBalancers: lb, faults: onTarget })).toThrow('faults[0].failAfterSeconds: faults[1] makes the same health checks a slow start');
  });
});
