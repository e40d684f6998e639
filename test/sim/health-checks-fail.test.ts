// HealthChecksFail: the app in a container stops answering its health checks
// at a moment of the run (a live click on the page, or a timeline entry). Its
// targets and its own check turn unhealthy as ELB and Docker count the checks
// that follow; a service replaces the task; what cannot act says why.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import { idleFaults } from '../../src/sim/idle-faults.ts';
import { enteredAt, fargateWeb, run, TG_ARN, webDefinition } from '../support/scenarios.ts';

const fails = (at: number, extra: object = {}) => ({ at, action: 'HealthChecksFail', container: 'web', ...extra });
const targetSteps = (sim: ReturnType<typeof run>) => sim.trace.filter((e) => e.actor === 'target-0' && e.from !== e.to).map((e) => [e.to, e.t - enteredAt(sim, 'target-0', 'initial')!]);
const registered = (sim: ReturnType<typeof run>) => enteredAt(sim, 'target-0', 'initial')!;

describe("HealthChecksFail on a load balancer target, in a service's task run on its own", () => {
  const scenario = (timeline: object[], faults: object[] = []) => fargateWeb({ timeline, faults });

  it('should turn a healthy target unhealthy at the 2nd failed check after the moment, never before', () => {
    const sim = run(scenario([fails(400)]));
    const at = 400_000 - registered(sim);
    // checks every 30 s from the registration: the first after the moment, and the next, fail
    const unhealthyAt = (Math.floor(at / 30_000) + 2) * 30_000;
    expect(targetSteps(sim).slice(2, 5)).toEqual([['initial', 0], ['healthy', 150_000], ['unhealthy', unhealthyAt]]);
    const note = sim.trace.find((e) => e.actor === 'target-0' && e.from === e.to)!;
    expect([note.t, note.to]).toEqual([400_000, 'healthy']);
    expect(note.note).toMatch(/^the app in container web stops answering the load balancer's health checks \(HealthChecksFail\), [\d.]+ s after target-0 was registered: the target turns unhealthy after 2 failed checks in a row, one every 30 s: [\d.]+ s later$/);
    expect(sim.trace.find((e) => e.actor === 'user')!.note).toBe('the app in container web stops answering its health checks');
  });

  it('should be stopped by its scheduler once a replacement is healthy, timed as this task took to pass, not as if the replacement failed too', () => {
    const sim = run(scenario([fails(400)]));
    const unhealthy = sim.trace.find((e) => e.actor === 'target-0' && e.to === 'unhealthy')!.t;
    const healthy = sim.trace.find((e) => e.actor === 'target-0' && e.to === 'healthy')!.t;
    const found = sim.trace.find((e) => e.to === 'scheduler')!;
    expect(found.note).toContain("HealthChecksFail silenced this task's app, not its replacement's");
    expect(enteredAt(sim, 'task', 'DEACTIVATING')).toBe(unhealthy + healthy);
    expect(sim.events.at(-1)!.detail).toMatchObject({ stopCode: 'ServiceSchedulerInitiated' });
  });

  it('should never make the target healthy when the app stops before the healthy threshold, and time the replacement as a pass would have been', () => {
    const sim = run(scenario([fails(100)]));
    const unhealthyAt = (Math.floor((100_000 - registered(sim)) / 30_000) + 2) * 30_000;
    expect(targetSteps(sim).slice(2, 4)).toEqual([['initial', 0], ['unhealthy', unhealthyAt]]);
    const found = sim.trace.find((e) => e.to === 'scheduler')!;
    expect(found.note).toContain('all its checks would have passed');
    // the replacement is healthy 150 s after its registration, as this task would have been
    expect(enteredAt(sim, 'task', 'DEACTIVATING')).toBe(found.t + registered(sim) + 150_000);
  });

  it('should not let the healthy verdict come when the unhealthy one falls after it (4 checks passed, the 5th fails)', () => {
    // registered at about 37 s: the checks at 30-120 s after it pass, then the app stops; unhealthy at 180 s, not healthy at 150 s
    const sim = run(scenario([fails(160)]));
    expect(Math.floor((160_000 - registered(sim)) / 30_000)).toBe(4);
    expect(targetSteps(sim).slice(2, 4)).toEqual([['initial', 0], ['unhealthy', 180_000]]);
  });

  it('should keep a slow start from ever ending: a target whose app stops before it answered stays unhealthy, and is replaced', () => {
    // checks fail until the app would answer at 90 s; it stops at 50 s instead, and never answers
    const sim = run(scenario([fails(50)], [{ step: 'HealthCheck', passAfterSeconds: 90 }]));
    expect(targetSteps(sim).slice(2, 5)).toEqual([['initial', 0], ['unhealthy', 60_000], ['draining', expect.any(Number)]]);
    expect(sim.events.at(-1)!.detail).toMatchObject({ stopCode: 'ServiceSchedulerInitiated' });
    // and after the slow start ended too (thresholds 2/2): unhealthy for good
    const later = run(fargateWeb({ settings: { healthyThresholdCount: 2 }, timeline: [fails(400)], faults: [{ step: 'HealthCheck', passAfterSeconds: 90 }] }));
    const steps = targetSteps(later).slice(2).map(([to]) => to);
    expect(steps).toEqual(['initial', 'unhealthy', 'healthy', 'unhealthy', 'draining', 'unused']);
  });

  it("should time the scheduler's stop as before when the app stopped is not the one whose checks failed (a sidecar)", () => {
    const withLog = (timeline: object[], fault: object) =>
      fargateWeb({
        taskDefinition: { ...webDefinition(), containerDefinitions: [...webDefinition().containerDefinitions, { name: 'log', image: 'fluentbit', essential: false, healthCheck: { command: ['CMD-SHELL', 'true'] } }] },
        serviceRegistries: [],
        timeline,
        faults: [fault],
      });
    // the target's slow start, or its app going bad, gives the verdict; the sidecar's app stopped earlier
    for (const fault of [{ step: 'HealthCheck', passAfterSeconds: 90 }, { step: 'HealthCheck', failAfterSeconds: 300 }]) {
      const silenced = run(withLog([{ at: 50, action: 'HealthChecksFail', container: 'log' }], fault));
      const plain = run(withLog([], fault));
      // the action did act: on the sidecar's own check, which turns UNHEALTHY and stops nothing
      expect(silenced.ignoredActions).toEqual([]);
      expect(silenced.trace.some((e) => e.actor === 'container-log' && e.note.startsWith('health checks failed: UNHEALTHY'))).toBe(true);
      expect(plain.trace.some((e) => e.actor === 'container-log' && e.note.startsWith('health checks failed: UNHEALTHY'))).toBe(false);
      expect(enteredAt(silenced, 'task', 'DEACTIVATING')).toBe(enteredAt(plain, 'task', 'DEACTIVATING'));
      expect(silenced.trace.find((e) => e.to === 'scheduler')!.note).toBe(plain.trace.find((e) => e.to === 'scheduler')!.note);
    }
  });

  it('should fail the checks from the first when the app stops before the target is registered', () => {
    const sim = run(scenario([fails(5)]));
    expect(targetSteps(sim).slice(2, 4)).toEqual([['initial', 0], ['unhealthy', 60_000]]);
    expect(sim.trace.find((e) => e.actor === 'target-0' && e.from === e.to)!.note).toContain('before target-0 is registered: the load balancer\'s checks fail from the first');
  });

  it('should give the same run, event for event, clicked live as written in the timeline', () => {
    const written = run(scenario([fails(400)]));
    const live = createSimulation(scenario([]));
    live.runUntil(400_000);
    expect(live.act({ action: 'HealthChecksFail', container: 'web' })).toBeNull();
    live.runUntil(3_600_000);
    // (event ids are drawn from the scenario's text, which differs)
    const noId = (events: typeof live.events) => events.map(({ id: _id, ...e }) => e);
    expect(noId(live.events)).toEqual(noId(written.events));
    expect(live.performed).toEqual([{ at: 400, action: 'HealthChecksFail', container: 'web' }]);
  });

  it('should cut short an app that goes bad later, and not say its later moment', () => {
    const sim = run(scenario([fails(300)], [{ step: 'HealthCheck', failAfterSeconds: 600 }]));
    const unhealthyAt = (Math.floor((300_000 - registered(sim)) / 30_000) + 2) * 30_000;
    expect(targetSteps(sim).slice(3, 5)).toEqual([['healthy', 150_000], ['unhealthy', unhealthyAt]]);
    expect(sim.trace.filter((e) => e.from === e.to && e.actor === 'target-0').map((e) => e.note)).toEqual([expect.stringContaining('(HealthChecksFail)')]);
  });

  it('should say why it changes nothing: checks that already never pass, an earlier HealthChecksFail, a task stopping', () => {
    // (checks that never pass: the scheduler replaces it a minute after its registration)
    const never = run(scenario([fails(50)], [{ step: 'HealthCheck' }]));
    expect(never.ignoredActions.map((x) => x.why)).toEqual(["HealthChecksFail changes nothing: the app in container web already fails target-0 for good (a HealthCheck fault)"]);
    const twice = run(scenario([fails(400), fails(420)]));
    expect(twice.ignoredActions.map((x) => x.why)).toEqual(['HealthChecksFail changes nothing: the app in container web stopped answering already (an earlier HealthChecksFail)']);
    const stopping = run(scenario([{ at: 300, action: 'StopTask' }, fails(400)]));
    expect(stopping.ignoredActions.map((x) => x.why)).toEqual(['HealthChecksFail ignored: the task is already stopping (UserInitiated): its health checks no longer count']);
  });

  it('should say beforehand, doing nothing, why a press would change nothing (the title of the page’s button), as the press itself says it', () => {
    const sim = createSimulation(scenario([], [{ step: 'HealthCheck' }]));
    sim.runUntil(50_000);
    const before = sim.trace.length;
    expect(sim.checksFailWhy('web')).toBe('the app in container web already fails target-0 for good (a HealthCheck fault)');
    expect(sim.trace.length).toBe(before);
    const live = createSimulation(scenario([]));
    live.runUntil(200_000);
    expect(live.checksFailWhy('web')).toBeNull();
    live.act({ action: 'HealthChecksFail', container: 'web' });
    expect(live.checksFailWhy('web')).toBe('the app in container web stopped answering already (an earlier HealthChecksFail)');
  });

  it('should refuse, at load, a container with no check to fail, or none at all', () => {
    const plain = { taskDefinition: webDefinition(), timeline: [fails(10)] };
    expect(() => loadScenario(plain)).toThrow('timeline[0].container: container web has no healthCheck, and no load balancer sends it traffic: HealthChecksFail would have no health check to fail');
    expect(() => loadScenario({ ...plain, timeline: [{ at: 10, action: 'HealthChecksFail' }] })).toThrow('timeline[0].container: required: the name of a container in the task definition');
    expect(() => loadScenario({ ...plain, timeline: [fails(10, { container: 'api' })] })).toThrow('no container named "api"');
    // live, the same words
    const sim = createSimulation(loadScenario({ taskDefinition: webDefinition() }));
    sim.runUntil(60_000);
    expect(sim.act({ action: 'HealthChecksFail', container: 'web' })).toBe('HealthChecksFail ignored: container web has no healthCheck, and no load balancer sends it traffic: it has no health check to fail');
  });

  it('should not call a later failAfterSeconds fault idle for the moment it lost to the action', () => {
    const s = scenario([fails(300)], [{ step: 'HealthCheck', failAfterSeconds: 600 }]);
    const sim = run(s);
    // the target did turn unhealthy: the fault is not said to have done nothing
    expect(idleFaults(s, sim.trace, sim.now())).toEqual([]);
  });
});

describe("HealthChecksFail on a container's own health check, in a task run on its own", () => {
  const api = (timeline: object[]) =>
    loadScenario({ taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'] } }), timeline: [...timeline, { at: 1200, action: 'StopTask' }] });
  const health = (sim: ReturnType<typeof run>) =>
    sim.trace.filter((e) => e.actor === 'container-web' && e.from === e.to && /^health check/.test(e.note)).map((e) => [e.t - enteredAt(sim, 'container-web', 'RUNNING')!, e.note.split(';')[0]]);

  it('should turn a HEALTHY container UNHEALTHY at the 3rd failed check after the moment (retries), the task UNHEALTHY and RUNNING', () => {
    const sim = run(api([fails(300)]));
    const notes = health(sim);
    expect(notes.map(([, n]) => n)).toEqual(['health check passed: HEALTHY', 'health checks failed: UNHEALTHY']);
    // checks every 30 s from the start, plus the jitter of the first: the third one after the moment
    const jitter = (notes[0]![0] as number) - 30_000;
    const since = 300_000 - enteredAt(sim, 'container-web', 'RUNNING')!;
    expect(notes[1]![0]).toBe(jitter + (Math.floor((since - jitter) / 30_000) + 3) * 30_000);
    const task = sim.describeTask() as unknown as { healthStatus: string; stopCode: string };
    expect([task.healthStatus, task.stopCode]).toEqual(['UNHEALTHY', 'UserInitiated']);
  });

  it('should never turn HEALTHY when the app stops before the first check', () => {
    const sim = run(api([fails(50)]));
    expect(50_000 - enteredAt(sim, 'container-web', 'RUNNING')!).toBeLessThan(30_000);
    expect(health(sim).map(([t, n]) => [Math.floor((t as number) / 1000), n])).toEqual([[90, 'health checks failed: UNHEALTHY']]);
  });

  it('should say that failures inside the start period do not count, when the app stops there before a first pass', () => {
    const s = loadScenario({
      taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'], interval: 10, retries: 3, startPeriod: 60 } }),
      timeline: [fails(45), { at: 1200, action: 'StopTask' }],
    });
    const sim = run(s);
    const since = 45_000 - enteredAt(sim, 'container-web', 'RUNNING')!;
    expect(since).toBeLessThan(10_000);
    const note = sim.trace.find((e) => e.actor === 'container-web' && e.note.includes('(HealthChecksFail)'))!.note;
    expect(note).toMatch(/UNHEALTHY after 3 failed checks in a row \(retries\), one every 10 s, the first ones inside its 60 s start period not counted \(no check has passed yet\): [\d.]+ s later$/);
    // the checks at 60, 70 and 80 s after the start fail and count: UNHEALTHY at the third
    const verdict = sim.trace.find((e) => e.actor === 'container-web' && e.note.startsWith('health checks failed'))!;
    expect(Math.floor((verdict.t - enteredAt(sim, 'container-web', 'RUNNING')!) / 1000)).toBe(80);
  });

  it('should make the checks fail from the first when the app stops before the container started', () => {
    const sim = run(api([fails(5)]));
    const notes = health(sim);
    expect(notes.map(([, n]) => n)).toEqual(['health checks failed: UNHEALTHY']);
    expect(Math.floor((notes[0]![0] as number) / 1000)).toBe(90);
  });
});

describe('HealthChecksFail on a task of a service', () => {
  const service = (timeline: object[]) =>
    loadScenario({
      taskDefinition: webDefinition(),
      loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }],
      service: { serviceName: 'web', desiredCount: 2 },
      timeline,
    });

  it('should replace the task whose app stopped answering, and only it, at the time its task run alone would be replaced', () => {
    const sim = new ServiceSimulation(service([fails(400, { task: 1 })]));
    sim.runUntil(1_800_000);
    const [t0, t1, t2] = sim.tasks;
    expect(t0!.frames.at(-1)!.context.desiredStatus).toBe('RUNNING');
    expect(t1!.frames.at(-1)!.context.stopCode).toBe('ServiceSchedulerInitiated');
    expect(t2).toBeDefined();
    // the service's table says when the verdict falls, as its timeline does
    expect(sim.notes.find((n) => n.t === 400_000)!.note).toMatch(/^task 1: the app in container web stops answering the load balancer's health checks \(HealthChecksFail\), .*: [\d.]+ s later$/);
    // its timeline says the moment, in the words of a task run alone
    const said = t1!.world!.sideChanges().find((c) => c.note.includes('(HealthChecksFail)'))!;
    expect([said.actor, said.to, said.t]).toEqual(['target-0', 'healthy', 400_000]);
    expect(said.note).toMatch(/the target turns unhealthy after 2 failed checks in a row, one every 30 s: [\d.]+ s later$/);
  });

  it('should never make the target healthy when the app stops before the healthy threshold, as for a task run alone', () => {
    // registered at about 47 s: 4 checks pass, the 5th fails; unhealthy at 180 s after the registration, never healthy at 150 s
    const sim = new ServiceSimulation(service([fails(170, { task: 0 })]));
    sim.runUntil(1_800_000);
    const sides = sim.tasks[0]!.world!.sideChanges().filter((c) => c.actor === 'target-0' && !c.note);
    const registeredAt = sides.find((c) => c.to === 'initial')!.t;
    expect(Math.floor((170_000 - registeredAt) / 30_000)).toBe(4);
    expect(sides.map((c) => [c.to, c.t - registeredAt]).slice(2, 4)).toEqual([['initial', 0], ['unhealthy', 180_000]]);
  });

  const checked = (at: number) =>
    new ServiceSimulation(loadScenario({ taskDefinition: webDefinition({ healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'] } }), service: { serviceName: 'web', desiredCount: 1 }, timeline: [fails(at, { task: 0 })] }));

  it("should never make a service task's container HEALTHY when its app stops before the first check", () => {
    const sim = checked(60);
    sim.runUntil(1_800_000);
    const sides = sim.tasks[0]!.world!.sideChanges().filter((c) => c.actor === 'container-web');
    const startedAt = sides.find((c) => c.to === 'RUNNING' && !c.note)!.t;
    expect(60_000 - startedAt).toBeLessThan(30_000);
    const verdicts = sides.filter((c) => c.note.startsWith('health check')).map((c) => [Math.floor((c.t - startedAt) / 1000), c.note.split(';')[0]]);
    expect(verdicts).toEqual([[90, 'health checks failed: UNHEALTHY']]);
  });

  it("should turn a service task's HEALTHY container UNHEALTHY at the retries-th check after the moment, and replace the task", () => {
    const sim = checked(300);
    sim.runUntil(1_800_000);
    const sides = sim.tasks[0]!.world!.sideChanges().filter((c) => c.actor === 'container-web');
    const startedAt = sides.find((c) => c.to === 'RUNNING' && !c.note)!.t;
    const verdicts = sides.filter((c) => c.note.startsWith('health check')).map((c) => [c.t - startedAt, c.note.split(';')[0]]);
    expect(verdicts.map(([, n]) => n)).toEqual(['health check passed: HEALTHY', 'health checks failed: UNHEALTHY']);
    const jitter = (verdicts[0]![0] as number) - 30_000;
    expect(verdicts[1]![0]).toBe(jitter + (Math.floor((300_000 - startedAt - jitter) / 30_000) + 3) * 30_000);
    expect(sim.tasks[0]!.frames.at(-1)!.context.stopCode).toBe('ServiceSchedulerInitiated');
    expect(sim.tasks.length).toBe(2);
  });

  it('should say why it changes nothing twice, or to a task that has not started', () => {
    const sim = new ServiceSimulation(service([fails(400, { task: 1 }), fails(410, { task: 1 }), fails(420, { task: 7 })]));
    sim.runUntil(1_800_000);
    expect(sim.ignoredActions.map((x) => [x.t, x.why])).toEqual([
      [410_000, 'HealthChecksFail to task 1 changes nothing: the app in container web stopped answering already (an earlier HealthChecksFail)'],
      [420_000, 'HealthChecksFail ignored: no task 7 has started yet'],
    ]);
  });
});
