import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import { breakerCounts, circuitBreakerThreshold, launchBackoffMs, limits } from '../../machines/service.rules.ts';
import { describeService, describeServiceTasks, serviceEvents, serviceEventStream } from '../../src/sim/service/service-output.ts';
import { deploymentStalled } from '../../src/sim/service/service-log.ts';
import { countsOverTime, noticesOf, runService, webService, webTd } from '../support/service.ts';
import { run, TG_ARN } from '../support/scenarios.ts';

const taskStates = (sim: ReturnType<typeof runService>, status: string) => sim.tasks.filter((t) => t.world.status === status);

describe('service scheduler', () => {
  describe('scaling', () => {
    const sim = runService(
      webService({ desiredCount: 3 }, { timeline: [{ at: 900, action: 'UpdateService', desiredCount: 5 }, { at: 1800, action: 'UpdateService', desiredCount: 2 }] }),
    );

    it('should run 3, then 5, then 2 tasks, reaching SERVICE_STEADY_STATE each time', () => {
      const running = (t: number) => countsOverTime(sim).filter((c) => c.t <= t * 1000).at(-1)!.running;
      expect(running(899)).toBe(3);
      expect(running(1799)).toBe(5);
      expect(taskStates(sim, 'RUNNING')).toHaveLength(2);
      expect(noticesOf(sim).filter((n) => n.eventName === 'SERVICE_STEADY_STATE').length).toBeGreaterThanOrEqual(3);
      expect(String(sim.serviceSnapshot.value)).toBe('STEADY');
    });

    it('should stop, among zones as busy, a task not yet running before a running one: a scale-in just after two crashes leaves one running', () => {
      const s = loadScenario({
        taskDefinition: webTd(),
        service: { serviceName: 'web', desiredCount: 4 },
        timeline: [
          { at: 150, action: 'ContainerExit', task: 1, container: 'web', exitCode: 1 },
          { at: 151, action: 'ContainerExit', task: 2, container: 'web', exitCode: 1 },
          { at: 152, action: 'UpdateService', desiredCount: 2 },
        ],
      });
      const counts = countsOverTime(runService(s, 600)).filter((c) => c.t >= 100_000);
      // the two replacements are pending when the scale-in comes: one of them goes, not both running tasks
      expect(Math.min(...counts.map((c) => c.running))).toBe(1);
      expect(counts.at(-1)!.running).toBe(2);
    });

    it('should stop, once the zones are even, the pending task of a zone rather than a healthy one that set order puts first', () => {
      const s = loadScenario({
        taskDefinition: webTd(),
        service: { serviceName: 'web', desiredCount: 7 },
        timeline: [{ at: 200, action: 'ContainerExit', task: 1, container: 'web', exitCode: 1 }, { at: 215, action: 'UpdateService', desiredCount: 5 }],
      });
      const sim = runService(s, 600);
      const scaledIn = sim.tasks.filter((t) => t.world.snap.context.stopCode === 'ServiceSchedulerInitiated');
      expect(scaledIn).toHaveLength(2);
      // one from the busiest zone, then the replacement still starting, not a second healthy task
      expect(scaledIn.filter((t) => !t.world.snap.context.ran)).toHaveLength(1);
    });

    it('should stop exactly 3 tasks on scale-in with ServiceSchedulerInitiated and a scaling reason, through DEACTIVATING', () => {
      const stopped = taskStates(sim, 'STOPPED');
      expect(stopped).toHaveLength(3);
      for (const t of stopped) {
        expect(t.world.snap.context.stopCode).toBe('ServiceSchedulerInitiated');
        expect(t.world.snap.context.stoppedReason).toMatch(/^Scaling activity initiated by \(deployment ecs-svc\/\d+\)$/);
        expect(t.frames.map((f) => f.lastStatus)).toContain('DEACTIVATING');
      }
    });

    it('should keep Availability Zones balanced', () => {
      const zones = taskStates(sim, 'RUNNING').map((t) => t.az);
      expect(new Set(zones).size).toBe(2);
    });

    it('should keep zones balanced before it prefers tasks not yet running: two replacements pending in one zone are not both stopped', () => {
      // six tasks, two per zone; both of zone 0's crash and are replaced there; the service then scales to four
      const crashing = runService(webService({ desiredCount: 6 }), 120);
      const zone0 = crashing.tasks.filter((t) => t.az === 0).map((t) => t.index);
      expect(zone0).toHaveLength(2);
      const s = webService(
        { desiredCount: 6 },
        { timeline: [...zone0.map((task) => ({ at: 200, action: 'ContainerExit', task, container: 'web' })), { at: 203, action: 'UpdateService', desiredCount: 4 }] },
      );
      const scaled = runService(s, 3600);
      const perZone = [0, 1, 2].map((z) => scaled.tasks.filter((t) => t.az === z && t.world.status === 'RUNNING').length);
      expect(perZone.reduce((a, b) => a + b)).toBe(4);
      expect(Math.max(...perZone) - Math.min(...perZone)).toBeLessThanOrEqual(1);
    });

    it('should put service tasks in group service:<name>, startedBy their deployment', () => {
      const e = serviceEvents(sim).find((x) => x['detail-type'] === 'ECS Task State Change')!;
      expect(e.detail.group).toBe('service:web');
      expect(e.detail.startedBy).toMatch(/^ecs-svc\/\d+$/);
    });
  });

  it('should give two services run with one seed deployments of their own, and one service another timeline the same ones', () => {
    const startedBy = (sim: ServiceSimulation) => new Set(serviceEvents(sim).flatMap((e) => (e['detail-type'] === 'ECS Task State Change' ? [e.detail.startedBy as string] : [])));
    const deploy = { timeline: [{ at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }] };
    const api = runService(webService({ desiredCount: 1, serviceName: 'api' }, deploy), 1200);
    const billing = runService(webService({ desiredCount: 1, serviceName: 'billing' }, deploy), 1200);
    expect(startedBy(api).size).toBe(2);
    // a consumer that follows deployments by id must not merge two services' deploys
    for (const id of startedBy(api)) expect(startedBy(billing).has(id)).toBe(false);
    // the first deployment is the one `paths` and a standalone task with a load balancer name
    const calm = runService(webService({ desiredCount: 1, serviceName: 'api' }), 600);
    expect([...startedBy(calm)]).toEqual([[...startedBy(api)][0]]);
    const standalone = run(loadScenario({ taskDefinition: webTd(), loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }], timeline: [{ at: 60, action: 'StopTask' }] }));
    expect(startedBy(api).has(standalone.events[0]!.detail.startedBy as string)).toBe(false);
  });

  it('should drop a superseded deployment from the list once its tasks are gone, keeping the last completed one while the next is in progress', () => {
    const sim = runService(
      webService(
        { desiredCount: 2 },
        {
          timeline: [
            { at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') },
            { at: 610, action: 'UpdateService', taskDefinition: webTd('registry.example/app:3') },
          ],
        },
      ),
    );
    const listed = sim.rows.map((r) => r.deployments.map((d) => `${d.taskDefinition} ${d.status}`));
    // revision 2 was superseded before it completed: once its tasks stopped it
    // is INACTIVE (DescribeServices: ACTIVE "still has running tasks"), while 3 is
    // still in progress and 1, the last completed, stays for a rollback
    const dropped = listed.findIndex((l, i) => i > 0 && listed[i - 1]!.includes('web:2 ACTIVE') && !l.some((d) => d.startsWith('web:2')));
    expect(dropped).toBeGreaterThan(0);
    expect(listed[dropped]).toEqual(['web:1 ACTIVE', 'web:3 PRIMARY']);
    expect(listed.slice(dropped).every((l) => !l.some((d) => d.startsWith('web:2')))).toBe(true);
    expect(sim.serviceSnapshot.context.deployments.map((d) => `${d.taskDefinition} ${d.status} ${d.rolloutState}`)).toEqual(['web:3 PRIMARY COMPLETED']);
  });

  it('should stream the events that happened by the call, while the run goes on (the page writes them out in slices)', () => {
    const sim = new ServiceSimulation(webService({ desiredCount: 3 }));
    sim.runUntil(30_000);
    const stream = serviceEventStream(sim);
    const soFar = sim.occurrences.length;
    sim.runUntil(600_000);
    expect(sim.occurrences.length).toBeGreaterThan(soFar);
    expect([...stream]).toHaveLength(soFar);
    expect(serviceEvents(sim)).toHaveLength(sim.occurrences.length);
  });

  describe('rolling deployment 100/200 on 2 tasks', () => {
    const sim = runService(webService({ desiredCount: 2 }, { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }] }));

    it('should never run fewer than 2 nor have more than 4 active tasks once started', () => {
      const counts = countsOverTime(sim);
      const from = counts.findIndex((c) => c.running === 2);
      for (const c of counts.slice(from)) {
        expect(c.running).toBeGreaterThanOrEqual(2);
        expect(c.active).toBeLessThanOrEqual(4);
      }
    });

    it('should say IN_PROGRESS then COMPLETED and end with 2 tasks of the new revision', () => {
      const names = noticesOf(sim).filter((n) => n.deploymentId && n.eventName !== 'SERVICE_STEADY_STATE').map((n) => n.eventName);
      expect(names).toEqual(['SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_COMPLETED']);
      const running = taskStates(sim, 'RUNNING');
      expect(running.map((t) => t.taskDefinition.revision)).toEqual([2, 2]);
    });

    it('should complete only after the old tasks have drained (the deregistration delay)', () => {
      const completed = sim.occurrences.filter((o) => o.kind === 'service' && o.notice.eventName === 'SERVICE_DEPLOYMENT_COMPLETED').at(-1)!;
      const lastOldStopped = Math.max(...sim.tasks.filter((t) => t.taskDefinition.revision === 1).map((t) => t.frames.at(-1)!.t));
      expect(completed.kind === 'service' && completed.t).toBeGreaterThanOrEqual(lastOldStopped);
      // each old task drains for the whole deregistration delay (300 s) before its containers are signalled
      for (const t of sim.tasks.filter((x) => x.taskDefinition.revision === 1)) {
        const entered = (s: string) => t.frames.find((f) => f.lastStatus === s)!.t;
        expect(entered('STOPPING') - entered('DEACTIVATING'), `task ${t.index}`).toBe(300_000);
      }
    });
  });

  describe('100/100', () => {
    it('should stall visibly rather than break the limits', () => {
      const sim = runService(
        webService(
          { desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } },
          { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }] },
        ),
        3600,
      );
      expect(sim.serviceSnapshot.context.deployments.at(-1)!.rolloutState).toBe('IN_PROGRESS');
      expect(taskStates(sim, 'RUNNING').map((t) => t.taskDefinition.revision)).toEqual([1, 1]);
      for (const c of countsOverTime(sim)) expect(c.active).toBeLessThanOrEqual(2);
    });

    it('should go on once an UpdateService gives room (as the stall message advises), starting no other deployment', () => {
      const sim = runService(
        webService(
          { desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } },
          { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }, { at: 1200, action: 'UpdateService', deploymentConfiguration: { maximumPercent: 150 } }] },
        ),
        3600,
      );
      expect(sim.serviceSnapshot.context.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([['web:2', 'COMPLETED']]);
      expect(sim.serviceSnapshot.context.settings).toMatchObject({ minimumHealthyPercent: 100, maximumPercent: 150 });
      expect(taskStates(sim, 'RUNNING').map((t) => t.taskDefinition.revision)).toEqual([2, 2]);
      // nothing moved before the update; then one task at a time (150 % of 2: 3 in all)
      expect(sim.tasks.filter((t) => t.createdAt < 1_200_000)).toHaveLength(2);
      for (const c of countsOverTime(sim)) expect(c.active).toBeLessThanOrEqual(3);
      expect(sim.notes.map((n) => n.note)).toContain('UpdateService deploymentConfiguration maximumPercent 150');
      expect((describeService(sim) as { deploymentConfiguration: object }).deploymentConfiguration).toMatchObject({ minimumHealthyPercent: 100, maximumPercent: 150 });
    });

    it('should refuse a deploymentConfiguration update out of its range, naming the field', () => {
      const raw = (c: object) => ({ taskDefinition: webTd(), service: { serviceName: 'web' }, timeline: [{ at: 60, action: 'UpdateService', deploymentConfiguration: c }] });
      expect(() => loadScenario(raw({ minimumHealthyPercent: 120 }))).toThrow('timeline[0].deploymentConfiguration.minimumHealthyPercent: must be an integer from 0 to 100, got 120');
      expect(() => loadScenario(raw({ maximumPercent: 90 }))).toThrow('timeline[0].deploymentConfiguration.maximumPercent: must be an integer from 100 to 200 (the limit for rolling updates), got 90');
      expect(() => loadScenario(raw({ strategy: 'CANARY' }))).toThrow(/timeline\[0\]\.deploymentConfiguration\.strategy/);
    });
  });

  describe('deployment circuit breaker with rollback', () => {
    const sim = runService(
      webService(
        { desiredCount: 2, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } },
        {
          timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:broken') }],
          faults: [{ step: 'PullImage', image: 'registry.example/app:broken' }],
        },
      ),
    );

    it('should trip after 10 failed tasks (the threshold for 2) and roll back', () => {
      expect(circuitBreakerThreshold(2)).toBe(10);
      const failed = sim.tasks.filter((t) => t.world.snap.context.stopCode === 'TaskFailedToStart');
      expect(failed).toHaveLength(10);
      for (const t of failed) expect(t.world.snap.context.stoppedReason).toMatch(/^CannotPullContainerError/);
      const n = noticesOf(sim);
      const failedAt = n.findIndex((x) => x.eventName === 'SERVICE_DEPLOYMENT_FAILED');
      expect(failedAt).toBeGreaterThan(0);
      expect(n[failedAt + 1]).toMatchObject({ eventName: 'SERVICE_DEPLOYMENT_IN_PROGRESS', reason: expect.stringMatching(/^ECS deployment circuit breaker: rolling back to deploymentId ecs-svc\/\d+\.$/) });
      expect(n.some((x) => x.eventName === 'SERVICE_TASK_START_IMPAIRED')).toBe(true);
    });

    it('should end with 2 tasks of the old revision running', () => {
      expect(taskStates(sim, 'RUNNING').map((t) => t.taskDefinition.revision)).toEqual([1, 1]);
    });

    it('should print the failure like AWS does', () => {
      const e = serviceEvents(sim).find((x) => x.detail.eventName === 'SERVICE_DEPLOYMENT_FAILED')!;
      expect(e).toMatchObject({ 'detail-type': 'ECS Deployment State Change', source: 'aws.ecs', detail: { eventType: 'ERROR', reason: 'ECS deployment circuit breaker: tasks failed to start.' } });
    });
  });

  // DG-THR: "If you update your service to use a new task definition, your service returns
  // to a normal, non-throttled state immediately."
  describe('the launch throttle', () => {
    it('should lift at once when a new task definition is deployed (the fixed image launches within the second)', () => {
      const s = webService(
        { desiredCount: 2 },
        { taskDefinition: webTd('registry.example/app:broken'), timeline: [{ at: 1000, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }], faults: [{ step: 'PullImage', image: 'registry.example/app:broken' }] },
      );
      const sim = runService(s, 2500);
      // by 1000 s the broken revision has backed off for minutes
      const fixed = sim.tasks.filter((t) => t.taskDefinition.revision === 2);
      expect(fixed.length).toBeGreaterThanOrEqual(2);
      expect(Math.min(...fixed.map((t) => t.createdAt))).toBeLessThanOrEqual(1_001_000);
      expect(taskStates(sim, 'RUNNING').map((t) => t.taskDefinition.revision)).toEqual([2, 2]);
    });
  });

  describe('the launch throttle on a rollback', () => {
    it('should lift too when the circuit breaker rolls back: the old revision launches the moment the deployment fails', () => {
      const s = webService(
        { desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: true } } },
        { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:broken') }], faults: [{ step: 'PullImage', image: 'registry.example/app:broken' }] },
      );
      const sim = runService(s, 5000);
      const failed = serviceEvents(sim).find((e) => e.detail.eventName === 'SERVICE_DEPLOYMENT_FAILED')!;
      const failedAt = Date.parse(failed.time) - sim.scenario.startTime;
      const rolledBack = sim.tasks.filter((t) => t.taskDefinition.revision === 1 && t.createdAt > 600_000);
      expect(rolledBack.length).toBeGreaterThanOrEqual(2);
      // at most the second the event's time is rounded to
      expect(Math.min(...rolledBack.map((t) => t.createdAt)) - failedAt).toBeLessThan(2000);
    });
  });

  describe('a crashed essential container', () => {
    it('should stop the task with EssentialContainerExited and replace it', () => {
      const sim = runService(webService({ desiredCount: 3 }, { timeline: [{ at: 300, action: 'ContainerExit', task: 0, container: 'web', exitCode: 1 }] }));
      expect(sim.tasks[0]!.world.snap.context).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
      expect(sim.tasks).toHaveLength(4);
      expect(taskStates(sim, 'RUNNING')).toHaveLength(3);
    });

    it('should have the agent stop its sidecar at once, not after the drain, and date executionStoppedAt in the first event that shows the exit', () => {
      const td = { ...webTd(), containerDefinitions: [...webTd().containerDefinitions, { name: 'envoy', image: 'envoy', essential: false }] };
      const sim = runService(webService({ desiredCount: 1 }, { taskDefinition: td, timeline: [{ at: 300, action: 'ContainerExit', task: 0, container: 'web', exitCode: 1 }] }), 1000);
      type Detail = { taskArn: string; createdAt: string; lastStatus: string; executionStoppedAt?: string; containers: { name: string; lastStatus: string; exitCode?: number }[] };
      const first = serviceEvents(sim)
        .filter((e) => e['detail-type'] === 'ECS Task State Change')
        .map((e) => ({ t: Date.parse(e.time), d: e.detail as unknown as Detail }))
        .filter((e) => e.d.taskArn === serviceEvents(sim).find((x) => x['detail-type'] === 'ECS Task State Change')!.resources[0]);
      const envoyStopped = first.find((e) => e.d.containers.find((c) => c.name === 'envoy')!.lastStatus === 'STOPPED')!;
      const start = first[0]!.t;
      expect(envoyStopped.t - start).toBeLessThan(330_000);
      expect(envoyStopped.d.lastStatus).toBe('DEACTIVATING');
      // every event that shows web STOPPED says when execution stopped
      const webStopped = first.filter((e) => e.d.containers.find((c) => c.name === 'web')!.lastStatus === 'STOPPED');
      expect(webStopped.length).toBeGreaterThan(2);
      const created = Date.parse(first[0]!.d.createdAt);
      for (const e of webStopped) expect(e.d.executionStoppedAt).toBe(new Date(created + 300_000).toISOString().replace(/\.?0*Z$/, 'Z'));
    });
  });

  describe('health', () => {
    it('should count a task with a container health check as healthy once the check passes, and complete', () => {
      const td = webTd();
      const checked = { ...td, containerDefinitions: [{ ...td.containerDefinitions[0], healthCheck: { command: ['CMD-SHELL', 'true'], interval: 10 } }] };
      const sim = runService(webService({ desiredCount: 2, loadBalancers: [] }, { taskDefinition: checked }));
      expect(sim.serviceSnapshot.context.deployments[0]!.rolloutState).toBe('COMPLETED');
      expect(sim.tasks.every((t) => t.world.snap.context.containers.web!.healthStatus === 'HEALTHY')).toBe(true);
    });

    it('should count a task with no health check at all as healthy 40 s after it is RUNNING (facts §6), and complete only then', () => {
      const sim = runService(webService({ desiredCount: 1, loadBalancers: [] }));
      const task = sim.tasks[0]!;
      const running = task.frames.find((f) => f.lastStatus === 'RUNNING')!.t;
      const completed = sim.occurrences.flatMap((o) => (o.kind === 'service' && o.notice.eventName === 'SERVICE_DEPLOYMENT_COMPLETED' ? [o.t] : []))[0]!;
      // the scheduler looks once a second: within a second of the 40
      expect(completed - running).toBeGreaterThanOrEqual(40_000);
      expect(completed - running).toBeLessThanOrEqual(41_000);
    });

    it("should replace a task whose container health check fails, saying so (no load balancer to blame)", () => {
      const td = webTd();
      const checked = { ...td, containerDefinitions: [{ ...td.containerDefinitions[0], healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'], interval: 10 } }] };
      const sim = runService(webService({ desiredCount: 1, loadBalancers: [] }, { taskDefinition: checked, faults: [{ step: 'HealthCheck', container: 'web' }] }), 600);
      const first = sim.tasks[0]!.world.snap.context;
      expect(first.stopCode).toBe('ServiceSchedulerInitiated');
      expect(first.stoppedReason).toBe('Task failed container health checks');
      expect(sim.tasks.length).toBeGreaterThan(1);
    });

    it('should start the replacement of an unhealthy task before stopping it (within maximumPercent)', () => {
      const sim = runService(webService({ desiredCount: 1 }, { faults: [{ step: 'HealthCheck', container: null }] }), 400);
      const first = sim.tasks[0]!;
      const replacement = sim.tasks[1]!;
      expect(first.world.snap.context.stoppedReason).toMatch(/^Task failed ELB health checks in \(target-group arn:aws:elasticloadbalancing:/);
      expect(replacement.createdAt).toBeLessThan(first.frames.find((f) => f.context.desiredStatus === 'STOPPED')!.t);
    });

    it('should drain an unhealthy task\'s target for the deregistration delay before any container gets SIGTERM, as a task run alone does', () => {
      const sim = runService(webService({ desiredCount: 1 }, { faults: [{ step: 'HealthCheck', container: null }] }), 1200);
      const first = sim.tasks[0]!;
      const entered = (status: string) => first.frames.find((f) => f.lastStatus === status)!.t;
      expect(first.world.snap.context.stopCode).toBe('ServiceSchedulerInitiated');
      expect(entered('STOPPING') - entered('DEACTIVATING')).toBeGreaterThanOrEqual(300_000);
    });

    it.each([300, 0])('should not judge a new task by its load balancer health checks within the grace period (%i s)', (grace) => {
      const sim = runService(webService({ desiredCount: 1, healthCheckGracePeriodSeconds: grace }, { faults: [{ step: 'HealthCheck', container: null }] }), 1200);
      const [first, replacement] = sim.tasks;
      // the checks fail after unhealthyThresholdCount × interval (60 s): the replacement is
      // started once they have failed and the grace period is over, whichever is later
      const judged = first!.runningSince! + Math.max(grace * 1000, 60_000);
      expect(replacement!.createdAt).toBeGreaterThanOrEqual(judged);
      expect(replacement!.createdAt).toBeLessThan(judged + 60_000);
    });

    it.each([
      [1, 300],
      [3, 0],
    ])('should stop only the unhealthy tasks its replacements need when the replacements fail too (desiredCount %i, grace %i s): never fewer RUNNING than desired', (desiredCount, grace) => {
      const sim = runService(
        webService({ desiredCount, healthCheckGracePeriodSeconds: grace }, { settings: { deregistrationDelaySeconds: 30 }, faults: [{ step: 'HealthCheck', container: null }] }),
        1200,
      );
      // Replacements turning unhealthy once left more unhealthy tasks than
      // desired, counted as healthy replacements: every task was stopped at once.
      const counts = countsOverTime(sim);
      const full = counts.findIndex((c) => c.running === desiredCount);
      expect(full).toBeGreaterThanOrEqual(0);
      expect(Math.min(...counts.slice(full).map((c) => c.running))).toBe(desiredCount);
      expect(sim.tasks.filter((t) => t.world.snap.context.stoppedReason?.startsWith('Task failed ELB health checks')).length).toBeGreaterThan(desiredCount);
    });

    it('should show the grace period in DescribeServices wherever a health check uses it: a container health check without a load balancer too', () => {
      const checked = { ...webTd(), containerDefinitions: [{ ...webTd().containerDefinitions[0]!, healthCheck: { command: ['CMD', 'true'] } }] };
      const shown = (td: object) => (describeService(runService(loadScenario({ taskDefinition: td, service: { serviceName: 'web', desiredCount: 1, healthCheckGracePeriodSeconds: 120 } }), 60)) as { healthCheckGracePeriodSeconds?: number }).healthCheckGracePeriodSeconds;
      expect(shown(checked)).toBe(120);
      // no health check at all: nothing it applies to
      expect(shown(webTd())).toBeUndefined();
      // one that a deployed revision brings
      const deployed = runService(loadScenario({ taskDefinition: webTd(), service: { serviceName: 'web', desiredCount: 1, healthCheckGracePeriodSeconds: 120 }, timeline: [{ at: 30, action: 'UpdateService', taskDefinition: checked }] }), 60);
      expect((describeService(deployed) as { healthCheckGracePeriodSeconds?: number }).healthCheckGracePeriodSeconds).toBe(120);
    });

    it('should keep desiredCount tasks when a deployment whose tasks fail their checks fails, stopping only what it had beyond that', () => {
      const sim = runService(
        webService(
          { desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } } },
          { settings: { deregistrationDelaySeconds: 30 }, faults: [{ step: 'HealthCheck', container: null }] },
        ),
        3600,
      );
      expect(sim.serviceSnapshot.context.deployments[0]!.rolloutState).toBe('FAILED');
      // nothing to roll back to: no launches, the tasks beyond desiredCount go, two stay
      const running = sim.tasks.filter((t) => t.world.status === 'RUNNING');
      expect(running).toHaveLength(2);
      const failed = sim.occurrences.find((o) => o.kind === 'service' && o.notice.eventName === 'SERVICE_DEPLOYMENT_FAILED');
      const failedAt = failed?.kind === 'service' ? failed.t : -1;
      expect(sim.tasks.every((t) => t.createdAt <= failedAt)).toBe(true);
    });

    it('should replace every task that keeps failing its ELB health checks, the longest failing first, wherever it runs', () => {
      const sim = runService(webService({ desiredCount: 2 }, { seed: 7, settings: { deregistrationDelaySeconds: 30 }, faults: [{ step: 'HealthCheck', container: null }] }), 3600);
      // one stayed RUNNING for the whole hour in a quiet zone while its neighbours churned (a bug)
      const longest = Math.max(...sim.tasks.filter((t) => t.world.status !== 'STOPPED' && t.runningSince !== null).map((t) => sim.now() - t.runningSince!));
      expect(longest).toBeLessThan(600_000);
      const replaced = sim.tasks.filter((t) => t.world.snap.context.stoppedReason?.startsWith('Task failed ELB health checks'));
      expect(replaced.length).toBeGreaterThan(10);
    });

    it('should count a task whose essential container exits before it ever ran (in ACTIVATING) as failed to start: circuit breaker and throttle', () => {
      const sim = runService(
        webService(
          // (the count is kept: by default the replacement turning healthy would set it back to 0)
          { desiredCount: 1, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false, resetOnHealthyTask: false } } },
          // each of the first two tasks exits in ACTIVATING (the second's ACTIVATING spans 80.7–81.2 s)
          { serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef' }], timeline: [{ at: 47, action: 'ContainerExit', task: 0, container: 'web', exitCode: 1 }, { at: 81, action: 'ContainerExit', task: 1, container: 'web', exitCode: 1 }] },
        ),
        600,
      );
      const [first, second, third] = sim.tasks;
      for (const t of [first!, second!]) {
        expect(t.frames.map((f) => f.lastStatus)).toContain('ACTIVATING');
        expect(t.runningSince).toBeNull();
        expect(t.world.snap.context.stopCode).toBe('EssentialContainerExited');
      }
      expect(sim.serviceSnapshot.context.deployments[0]!.failedTasks).toBe(2);
      // one failure is not yet "repeatedly" (DG-THR): the replacement starts at the next look;
      // after the second, it waits out the throttle's first back-off (10 s), and the service says so
      const failedAt = (t: typeof first) => t!.frames.find((f) => f.context.stopCode !== null)!.t;
      expect(second!.createdAt).toBeLessThan(failedAt(first) + 10_000);
      expect(third!.createdAt).toBeGreaterThanOrEqual(failedAt(second) + 10_000);
      expect(noticesOf(sim).some((n) => n.eventName === 'SERVICE_TASK_START_IMPAIRED')).toBe(true);
    });

    it('should not throttle launches for tasks replaced after RUNNING (failed health checks), but count them for the circuit breaker', () => {
      const sim = runService(webService({ desiredCount: 2 }, { faults: [{ step: 'HealthCheck', container: null }] }), 1200);
      // AWS: tasks stopped after they reach RUNNING don't start the throttle logic or its service event
      expect(noticesOf(sim).some((n) => n.eventName === 'SERVICE_TASK_START_IMPAIRED')).toBe(false);
      const stopAsked = (t: (typeof sim.tasks)[number]) => t.frames.find((f) => f.context.desiredStatus === 'STOPPED')?.t;
      const replaced = sim.tasks.filter((t) => stopAsked(t) !== undefined);
      expect(replaced.length).toBeGreaterThanOrEqual(4);
      // each replacement starts before the task it replaces is stopped, round after round: no back-off
      const created = sim.tasks.map((t) => t.createdAt).sort((a, b) => a - b);
      for (const t of replaced) expect(created.some((c) => c > t.createdAt && c <= stopAsked(t)!)).toBe(true);
      expect(sim.serviceSnapshot.context.deployments[0]!.failedTasks).toBeGreaterThanOrEqual(replaced.length);
    });
  });

  describe('task definitions', () => {
    it('should launch replacements of the deployment they belong to, whatever family a failed deployment had', () => {
      const api = { ...webTd('registry.example/api:broken'), family: 'api' };
      const sim = runService(
        webService(
          { desiredCount: 2, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } },
          { timeline: [{ at: 300, action: 'UpdateService', taskDefinition: api }, { at: 5000, action: 'ContainerExit', task: 0, container: 'web', exitCode: 1 }], faults: [{ step: 'PullImage', image: 'registry.example/api:broken' }] },
        ),
      );
      const running = sim.tasks.filter((t) => t.world.status === 'RUNNING');
      expect(running.map((t) => `${t.taskDefinition.family}:${t.taskDefinition.revision}`)).toEqual(['web:1', 'web:1']);
    });
  });

  describe('limits', () => {
    it('should round minimumHealthyPercent up and maximumPercent down', () => {
      expect(limits(3, 50, 150)).toEqual({ minHealthy: 2, maxTotal: 4 });
      // up, not to the nearest: 0.3 healthy task is 1, 2.4 is 3
      expect(limits(3, 10, 200)).toEqual({ minHealthy: 1, maxTotal: 6 });
      expect(limits(4, 60, 125)).toEqual({ minHealthy: 3, maxTotal: 5 });
      // down, not to the nearest: 5.7 tasks in all is 5
      expect(limits(3, 100, 190)).toEqual({ minHealthy: 3, maxTotal: 5 });
    });

    it('should set the circuit breaker threshold at half the desired count, rounded up, at least 10 and at most 200 (DG-CB)', () => {
      expect([1, 2, 20, 21, 22, 101, 399, 400, 401, 10_000].map((n) => circuitBreakerThreshold(n))).toEqual([10, 10, 10, 11, 11, 51, 200, 200, 200, 200]);
    });

    it('should count failures against the threshold only where the breaker checks: the primary deployment in progress, and the one it failed', () => {
      expect(breakerCounts({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' })).toBe(true);
      expect(breakerCounts({ status: 'ACTIVE', rolloutState: 'FAILED' })).toBe(true);
      // replaced before it completed: still IN_PROGRESS, no longer checked
      expect(breakerCounts({ status: 'ACTIVE', rolloutState: 'IN_PROGRESS' })).toBe(false);
      expect(breakerCounts({ status: 'PRIMARY', rolloutState: 'COMPLETED' })).toBe(false);
    });

    it("should take a thresholdConfiguration as the API Reference defines it: COUNT as is, BOUNDED_PERCENT within 3-200, UNBOUNDED_PERCENT without bounds", () => {
      const count = { type: 'COUNT', value: 4 } as const;
      const bounded = { type: 'BOUNDED_PERCENT', value: 50 } as const;
      const unbounded = { type: 'UNBOUNDED_PERCENT', value: 50 } as const;
      expect([1, 2, 100, 10_000].map((n) => circuitBreakerThreshold(n, count))).toEqual([4, 4, 4, 4]);
      // AWS's default type and value: a desiredCount of 1 or 2 gives 3, as the API Reference's minimum says
      expect([1, 2, 7, 100, 401, 10_000].map((n) => circuitBreakerThreshold(n, bounded))).toEqual([3, 3, 4, 50, 200, 200]);
      expect([1, 2, 7, 100, 401, 10_000].map((n) => circuitBreakerThreshold(n, unbounded))).toEqual([1, 1, 4, 50, 201, 5000]);
    });

    it('should retry at once after one failed start, then wait 10 s, doubling after each failure, up to 15 minutes (DG-THR: tasks that "repeatedly" fail)', () => {
      expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => launchBackoffMs(n) / 1000)).toEqual([0, 0, 10, 20, 40, 80, 160, 320, 640, 900, 900]);
    });
  });
});

describe('service event ids', () => {
  it('should name apart the events of runs with a scale change clicked at different moments, and repeat them for the same clicks', () => {
    const clicked = (atMs: number) => {
      const sim = new ServiceSimulation(webService({ desiredCount: 2 }));
      sim.runUntil(atMs);
      sim.act({ at: atMs / 1000, action: 'UpdateService', desiredCount: 1, taskDefinition: null, forceNewDeployment: false });
      sim.runUntil(3_600_000);
      return serviceEvents(sim);
    };
    const [early, late] = [clicked(20_000), clicked(40_000)];
    const lateIds = new Set(late.map((e) => e.id));
    expect(early.length).toBeGreaterThan(0);
    expect(early.filter((e) => lateIds.has(e.id))).toEqual([]);
    expect(clicked(20_000).map((e) => e.id)).toEqual(early.map((e) => e.id));
  });
});

describe('the end of a service run', () => {
  it('should stop virtual time once nothing more is scheduled (a steady service waits for a change)', () => {
    const sim = runService(webService({ desiredCount: 2 }), 86_400);
    expect(sim.serviceSnapshot.value).toBe('STEADY');
    expect(sim.now()).toBeLessThan(3_600_000);
    // (the envelope's time is cut to the second: the detail's own stamp is exact)
    const exact = (e: ReturnType<typeof serviceEvents>[number]) => Date.parse(String((e.detail as { updatedAt?: string; createdAt?: string }).updatedAt ?? (e.detail as { createdAt: string }).createdAt));
    expect(sim.now()).toBe(Math.max(...serviceEvents(sim).map(exact)) - sim.scenario.startTime);
  });

  it('should not keep a run going for the end of a grace period that has no health check to wait for', () => {
    // no load balancer, no container healthCheck: the grace period is unused (CreateService's reference)
    const unchecked = loadScenario({ taskDefinition: webTd(), service: { serviceName: 'web', desiredCount: 1, healthCheckGracePeriodSeconds: 7200 } });
    const sim = runService(unchecked, 86_400);
    expect(sim.serviceSnapshot.value).toBe('STEADY');
    expect(sim.now()).toBeLessThan(300_000);
    expect(sim.clock.nextAt()).toBeNull();
    // with a target group it is heeded: its end is scheduled
    const checked = new ServiceSimulation(webService({ desiredCount: 1, healthCheckGracePeriodSeconds: 7200 }));
    checked.runUntil(3_600_000);
    expect(checked.clock.nextAt()).toBeGreaterThan(7_200_000);
  });
});

describe('many deployments', () => {
  it('should give every deployment its own ID, however many revisions the timeline deploys', () => {
    const timeline = Array.from({ length: 70 }, (_, i) => ({ at: 10 * (i + 1), action: 'UpdateService', taskDefinition: webTd(`registry.example/app:${i + 2}`) }));
    const sim = runService(webService({ desiredCount: 1 }, { timeline }), 3600);
    const deployments = serviceEvents(sim).filter((e) => e['detail-type'] === 'ECS Deployment State Change');
    const ids = deployments.map((e) => (e.detail as { deploymentId?: string }).deploymentId);
    expect(ids.every((id) => typeof id === 'string' && /^ecs-svc\/\d+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(71);
    expect(describeService(sim).deployments).toEqual(expect.arrayContaining([expect.objectContaining({ id: ids.at(-1) })]));
  });
});

describe('a run that would start too many tasks', () => {
  it('should stop where it is, keep what happened so far and say why (tasks that never start relaunch for ever without a circuit breaker)', () => {
    const s = webService({ desiredCount: 2 }, { faults: [{ step: 'PullImage', container: 'web' }] });
    const sim = new ServiceSimulation(s, { maxTasksStarted: 30 });
    sim.runUntil(400_000_000_000);
    expect(sim.tasks).toHaveLength(30);
    expect(sim.halted).toBe(`the run stopped at ${sim.now() / 1000} s: the service would start more than 30 tasks, the simulator's limit for one run`);
    expect(sim.notes.at(-1)).toMatchObject({ t: sim.now(), note: sim.halted, by: 'world' });
    // the page words the moment as a clock does (days and hours), so it reads the parts
    expect([sim.haltedAt, sim.haltReason]).toEqual([sim.now(), "the service would start more than 30 tasks, the simulator's limit for one run"]);
    expect(sim.now()).toBeLessThan(400_000_000_000);
    expect(serviceEvents(sim).length).toBeGreaterThan(30 * 3);
    expect(sim.clock.nextAt()).toBeNull();
  });
});

describe('the service as DescribeServices shows it', () => {
  it('should give counts for the service and each deployment, with task definition ARNs', () => {
    const sim = runService(webService({ desiredCount: 3 }));
    const d = describeService(sim) as { runningCount: number; pendingCount: number; deployments: { runningCount: number; taskDefinition: string; rolloutState: string }[] };
    expect(d).toMatchObject({ serviceName: 'web', status: 'ACTIVE', desiredCount: 3, runningCount: 3, pendingCount: 0 });
    expect(d.deployments).toHaveLength(1);
    expect(d.deployments[0]).toMatchObject({ runningCount: 3, rolloutState: 'COMPLETED', taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1' });
  });

  it('should carry what tools read from DescribeServices: its ARN, configuration, and when each deployment was created and last updated', () => {
    const sim = runService(webService({ desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 150 } }, { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/web:2') }] }));
    const d = describeService(sim) as Record<string, any>;
    const events = serviceEvents(sim);
    // the ARN every service event names
    const action = events.find((e) => e['detail-type'] === 'ECS Service Action')!;
    expect(d.serviceArn).toBe(action.resources[0]);
    expect(d).toMatchObject({
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
      launchType: 'FARGATE',
      loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }],
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false }, maximumPercent: 150, minimumHealthyPercent: 50 },
      schedulingStrategy: 'REPLICA',
      // Fargate takes no placement strategy
      placementStrategy: [],
      createdAt: sim.scenario.startTime / 1000,
    });
    // CreateService's defaults, printed whether given or not, and the service-linked role a load balancer needs
    expect(d).toMatchObject({ enableECSManagedTags: false, propagateTags: 'NONE', enableExecuteCommand: false, roleArn: 'arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS' });
    const [primary] = d.deployments;
    expect(d.deployments).toHaveLength(1);
    expect(primary).toMatchObject({ status: 'PRIMARY', desiredCount: 2, launchType: 'FARGATE' });
    // each deployment names the platform LATEST resolved to, and the network its tasks get
    expect(primary).toMatchObject({ platformVersion: '1.4.0', platformFamily: 'Linux', networkConfiguration: d.networkConfiguration });
    // created by the UpdateService at 600 s, updated when it last changed, before the run's end
    expect(primary.createdAt).toBeGreaterThanOrEqual(sim.scenario.startTime / 1000 + 600);
    expect(primary.createdAt).toBeLessThan(sim.scenario.startTime / 1000 + 602);
    const completed = events.find((e) => e['detail-type'] === 'ECS Deployment State Change' && e.detail.eventName === 'SERVICE_DEPLOYMENT_COMPLETED' && e.detail.deploymentId === primary.id)!;
    expect(primary.updatedAt).toBeGreaterThan(primary.createdAt);
    expect(primary.updatedAt).toBeLessThanOrEqual(Date.parse((completed.detail as { updatedAt: string }).updatedAt) / 1000);
  });

  it('should list the PRIMARY deployment first while older ones drain, as DescribeServices does', () => {
    const s = webService({ desiredCount: 2 }, { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/web:2') }] });
    const d = describeService(runService(s, 700)) as { deployments: { status: string; taskDefinition: string }[] };
    expect(d.deployments.map((x) => [x.status, x.taskDefinition.split('/')[1]])).toEqual([
      ['PRIMARY', 'web:2'],
      ['ACTIVE', 'web:1'],
    ]);
  });
});

describe('the capacity provider strategy DescribeServices shows', () => {
  it('should be the strategy as CreateService took it, every provider with its weight and base', () => {
    const strategy = [
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 4 },
    ];
    const sim = runService(webService({ desiredCount: 2, capacityProviderStrategy: strategy }));
    const d = describeService(sim) as Record<string, any>;
    const shown = [
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 4, base: 0 },
    ];
    expect(d.capacityProviderStrategy).toEqual(shown);
    expect(d).not.toHaveProperty('launchType');
    expect(d.deployments[0].capacityProviderStrategy).toEqual(shown);
  });
});

describe('the tasks of a service spread by its capacity provider strategy', () => {
  const strategy = [
    { capacityProvider: 'FARGATE', weight: 1, base: 1 },
    { capacityProvider: 'FARGATE_SPOT', weight: 3 },
  ];
  const providers = (sim: ServiceSimulation) => sim.tasks.filter((t) => t.world.status === 'RUNNING').map((t) => t.scenario.capacityProviderName);

  it('should put the base on its provider, then split the rest by weight (8 tasks: 1 + about 1:3)', () => {
    const sim = runService(webService({ desiredCount: 8, capacityProviderStrategy: strategy }), 1200);
    const running = providers(sim);
    expect(running).toHaveLength(8);
    const spot = running.filter((p) => p === 'FARGATE_SPOT').length;
    expect(spot).toBeGreaterThanOrEqual(5);
    expect(running.filter((p) => p === 'FARGATE').length).toBe(8 - spot);
    // each task says where it runs, as DescribeTasks does
    expect(new Set(describeServiceTasks(sim).map((t) => t.capacityProviderName))).toEqual(new Set(['FARGATE', 'FARGATE_SPOT']));
  });

  it('should break a tie toward the provider running fewer tasks: base 1 on FARGATE, then Spot', () => {
    const even = [
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 1 },
    ];
    expect(providers(runService(webService({ desiredCount: 2, capacityProviderStrategy: even }), 600)).sort()).toEqual(['FARGATE', 'FARGATE_SPOT']);
  });

  it('should keep the split when scaling in: the base stays, the rest leave from the provider furthest above its share', () => {
    const scaleIn = (strat: typeof strategy, from: number, to: number) =>
      providers(runService(webService({ desiredCount: from, capacityProviderStrategy: strat }, { timeline: [{ at: 600, action: 'UpdateService', desiredCount: to }] }), 2400)).sort();
    // FARGATE base 1: a service scaled down to one task keeps it on FARGATE, not on Spot
    expect(scaleIn(strategy, 5, 1)).toEqual(['FARGATE']);
    // no base, 1:3: 8 tasks (2 + 6) down to 4 keep 1 + 3
    expect(scaleIn([{ capacityProvider: 'FARGATE', weight: 1, base: 0 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }], 8, 4)).toEqual(['FARGATE', 'FARGATE_SPOT', 'FARGATE_SPOT', 'FARGATE_SPOT']);
  });

  it('should still stop a task not yet running before a healthy one when scaling in on several providers', () => {
    const even = [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 1 }];
    const first = runService(webService({ desiredCount: 3, capacityProviderStrategy: even }), 200);
    const onSpot = first.tasks.findIndex((t) => t.scenario.capacityProviderName === 'FARGATE_SPOT');
    const timeline = [{ at: 600, action: 'SpotInterruption', task: onSpot }, { at: 603, action: 'UpdateService', desiredCount: 2 }];
    const sim = runService(webService({ desiredCount: 3, capacityProviderStrategy: even }, { timeline }), 1200);
    // the replacement, still starting at 603 s, is the one stopped: two tasks run throughout
    const replacement = sim.tasks[3]!;
    expect(replacement.runningSince).toBeNull();
    const after = countsOverTime(sim).filter((c) => c.t > 604_000);
    // the replacement's own stop comes after 604 s: there is something to check
    expect(after.length).toBeGreaterThan(0);
    for (const c of after) expect(c.running).toBeGreaterThanOrEqual(2);
  });

  it('should not scale in below a base, even to stop a task that is still starting', () => {
    // the FARGATE task stopped at 600 s; its replacement, the base's only task, is still starting at 603 s
    const timeline = [{ at: 600, action: 'StopTask', task: 0 }, { at: 603, action: 'UpdateService', desiredCount: 2 }];
    const sim = runService(webService({ desiredCount: 3, capacityProviderStrategy: strategy }, { timeline }), 2400);
    expect(sim.tasks[0]!.scenario.capacityProviderName).toBe('FARGATE');
    expect(providers(sim).sort()).toEqual(['FARGATE', 'FARGATE_SPOT']);
  });

  it('should interrupt only a task that runs on Fargate Spot, and replace it on the same split', () => {
    const first = runService(webService({ desiredCount: 4, capacityProviderStrategy: strategy }), 200);
    const onDemand = first.tasks.findIndex((t) => t.scenario.capacityProviderName === 'FARGATE');
    const onSpot = first.tasks.findIndex((t) => t.scenario.capacityProviderName === 'FARGATE_SPOT');
    const timeline = [
      { at: 300, action: 'SpotInterruption', task: onDemand },
      { at: 300, action: 'SpotInterruption', task: onSpot },
    ];
    const sim = runService(webService({ desiredCount: 4, capacityProviderStrategy: strategy }, { timeline }), 1500);
    expect(sim.ignoredActions.map((a) => a.why)).toEqual([`SpotInterruption ignored: task ${onDemand} runs on FARGATE (on-demand), not on Fargate Spot`]);
    expect(sim.tasks[onSpot]!.world.snap.context.stopCode).toBe('SpotInterruption');
    expect(providers(sim).sort()).toEqual(providers(first).sort());
  });
});

describe('a service waiting for capacity (PlaceTask on an Auto Scaling group capacity provider)', () => {
  it('should hold its first tasks until the room arrives, and place later ones at once', () => {
    const s = loadScenario({
      taskDefinition: { family: 'api', networkMode: 'bridge', containerDefinitions: [{ name: 'api', image: 'api:1', memory: 512 }] },
      capacityProviderStrategy: [{ capacityProvider: 'api-asg', weight: 1 }],
      service: { serviceName: 'api', desiredCount: 2 },
      timeline: [{ at: 600, action: 'UpdateService', desiredCount: 3 }],
      faults: [{ step: 'PlaceTask', capacityAfterSeconds: 300 }],
    });
    const sim = new ServiceSimulation(s);
    sim.runUntil(3_600_000);
    const [first, , late] = sim.tasks;
    expect(first!.runningSince).toBeGreaterThanOrEqual(300_000);
    expect(late!.createdAt).toBeGreaterThanOrEqual(600_000);
    expect(late!.runningSince! - late!.createdAt).toBeLessThan(60_000);
    expect(sim.tasks.every((t) => t.world.status === 'RUNNING')).toBe(true);
    // a task still waiting is in no zone and on no instance yet, as a single task's events say
    const details = serviceEvents(sim).filter((e) => e['detail-type'] === 'ECS Task State Change').map((e) => e.detail as Record<string, unknown>);
    const waiting = details.filter((d) => d.lastStatus === 'PROVISIONING');
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    for (const d of waiting) expect(d).not.toHaveProperty('availabilityZone');
    for (const d of details.filter((x) => x.lastStatus === 'RUNNING')) expect(d.availabilityZone).toMatch(/^us-east-1[a-c]$/);
  });
});

describe('Fargate Spot running out (PlaceTask on a service using FARGATE_SPOT)', () => {
  const strategy = [
    { capacityProvider: 'FARGATE', weight: 1, base: 1 },
    { capacityProvider: 'FARGATE_SPOT', weight: 1 },
  ];
  const spotOut = (fault: Record<string, unknown>, timeline: unknown[] = [], desiredCount = 2) =>
    runService(webService({ desiredCount, capacityProviderStrategy: strategy }, { timeline, faults: [{ step: 'PlaceTask', ...fault }] }), 3600);
  const serviceActions = (sim: ServiceSimulation) =>
    serviceEvents(sim).filter((e) => e['detail-type'] === 'ECS Service Action').map((e): Record<string, unknown> => ({ time: e.time, ...(e.detail as Record<string, unknown>) }));

  it('should not replace an interrupted Spot task until Spot capacity is back, nor put it on FARGATE instead', () => {
    const first = runService(webService({ desiredCount: 2, capacityProviderStrategy: strategy }), 200);
    const onSpot = first.tasks.findIndex((t) => t.scenario.capacityProviderName === 'FARGATE_SPOT');
    const sim = spotOut({ fromSeconds: 600, capacityAfterSeconds: 1800 }, [{ at: 600, action: 'SpotInterruption', task: onSpot }]);
    // two tasks before; the replacement is the third, created only once Spot is back, on Spot
    expect(sim.tasks).toHaveLength(3);
    const replacement = sim.tasks[2]!;
    expect(replacement.createdAt).toBeGreaterThanOrEqual(1_800_000);
    expect(replacement.scenario.capacityProviderName).toBe('FARGATE_SPOT');
    expect(sim.tasks.filter((t) => t.world.status === 'RUNNING')).toHaveLength(2);
    // in between, one task ran: the service was short, not steady
    const between = countsOverTime(sim).filter((c) => c.t > 700_000 && c.t < 1_800_000);
    for (const c of between) expect(c.running).toBe(1);
    const failures = serviceActions(sim).filter((d) => d.eventName === 'SERVICE_TASK_PLACEMENT_FAILURE');
    // said once while it lasted, shaped like AWS's sample (realworld/aws-doc-events)
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      eventType: 'ERROR',
      reason: 'RESOURCE:FARGATE',
      capacityProviderArns: ['arn:aws:ecs:us-east-1:123456789012:capacity-provider/FARGATE_SPOT'],
    });
    expect(Date.parse(failures[0]!.time as string)).toBeGreaterThanOrEqual(Date.parse('2026-01-01T00:10:00Z'));
    expect(sim.notes.map((n) => n.note).join('\n')).toMatch(/Fargate Spot capacity runs out[\s\S]*not placed[\s\S]*capacity is back/);
  });

  it('should still launch the on-demand share while Spot has none, and the Spot share only once it is back', () => {
    const sim = spotOut({ capacityAfterSeconds: 900 }, [], 4);
    const early = sim.tasks.filter((t) => t.createdAt < 900_000);
    expect(early.length).toBeGreaterThan(0);
    expect(new Set(early.map((t) => t.scenario.capacityProviderName))).toEqual(new Set(['FARGATE']));
    // the split is kept: FARGATE does not take Spot's share
    expect(early.length).toBeLessThan(4);
    const late = sim.tasks.filter((t) => t.createdAt >= 900_000);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((t) => t.scenario.capacityProviderName === 'FARGATE_SPOT')).toBe(true);
    expect(sim.tasks.filter((t) => t.world.status === 'RUNNING')).toHaveLength(4);
    expect(String(sim.serviceSnapshot.value)).toBe('STEADY');
  });

  it('should not say Spot is failing once nothing needs it (scaled in before Spot came back)', () => {
    const first = runService(webService({ desiredCount: 2, capacityProviderStrategy: strategy }), 200);
    const onSpot = first.tasks.findIndex((t) => t.scenario.capacityProviderName === 'FARGATE_SPOT');
    const sim = spotOut({ fromSeconds: 600, capacityAfterSeconds: 1800 }, [
      { at: 600, action: 'SpotInterruption', task: onSpot },
      { at: 900, action: 'UpdateService', desiredCount: 1 },
    ]);
    expect(String(sim.serviceSnapshot.value)).toBe('STEADY');
    expect(sim.placementFailure).toBeNull();
  });

  it('should split a deployment made while Spot is out by its own tasks: FARGATE does not take Spot\'s share', () => {
    const fiveOnSplit = [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }];
    const s = webService(
      { desiredCount: 5, capacityProviderStrategy: fiveOnSplit },
      { timeline: [{ at: 600, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }], faults: [{ step: 'PlaceTask', fromSeconds: 500, capacityAfterSeconds: 2400 }] },
    );
    const sim = runService(s, 7200);
    const second = sim.tasks.filter((t) => t.taskDefinition.containerDefinitions[0]!.image === 'registry.example/app:2');
    const providers = (ts: typeof second) => ts.map((t) => t.scenario.capacityProviderName);
    // during the shortage only its FARGATE share (base 1, then 1 in 4) is placed
    expect(providers(second.filter((t) => t.createdAt < 2_400_000)).sort()).toEqual(['FARGATE', 'FARGATE']);
    // in the end it runs the split its strategy gives 5 tasks: 2 on FARGATE, 3 on Spot
    expect(providers(second.filter((t) => t.world.status === 'RUNNING')).sort()).toEqual(['FARGATE', 'FARGATE', 'FARGATE_SPOT', 'FARGATE_SPOT', 'FARGATE_SPOT']);
  });

  it('should stay short for good without capacityAfterSeconds, saying why at the end', () => {
    const sim = spotOut({});
    expect(sim.tasks.map((t) => t.scenario.capacityProviderName)).toEqual(['FARGATE']);
    expect(sim.placementFailure).toBe('RESOURCE:FARGATE');
    expect(String(sim.serviceSnapshot.value)).toBe('RECONCILING');
  });

  it('should say CAPACITY_PROVIDER_STEADY_STATE with the strategy\'s providers whenever the service is steady', () => {
    const sim = spotOut({ fromSeconds: 600, capacityAfterSeconds: 1800 });
    const actions = serviceActions(sim);
    const steady = actions.filter((d) => d.eventName === 'SERVICE_STEADY_STATE');
    const providers = actions.filter((d) => d.eventName === 'CAPACITY_PROVIDER_STEADY_STATE');
    expect(steady.length).toBeGreaterThan(0);
    expect(providers.map((d) => d.time)).toEqual(steady.map((d) => d.time));
    expect(providers[0]).toMatchObject({
      eventType: 'INFO',
      capacityProviderArns: ['arn:aws:ecs:us-east-1:123456789012:capacity-provider/FARGATE', 'arn:aws:ecs:us-east-1:123456789012:capacity-provider/FARGATE_SPOT'],
    });
    // a service launched by launchType has no capacity provider to be steady
    expect(serviceActions(runService(webService({ desiredCount: 1 }), 600)).map((d) => d.eventName)).not.toContain('CAPACITY_PROVIDER_STEADY_STATE');
  });

  it.each([
    [{ taskDefinition: webTd(), capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }], faults: [{ step: 'PlaceTask' }] }, 'faults[0].step: PlaceTask on Fargate Spot needs a service'],
    [{ taskDefinition: webTd(), service: { serviceName: 'a', capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }, faults: [{ step: 'PlaceTask' }] }, 'PlaceTask in a Fargate service means Fargate Spot runs out'],
    [{ taskDefinition: webTd(), service: { serviceName: 'a', capacityProviderStrategy: strategy }, faults: [{ step: 'PlaceTask', fromSeconds: 900, capacityAfterSeconds: 300 }] }, 'faults[0].capacityAfterSeconds: must be after fromSeconds (900), got 300'],
    [
      { taskDefinition: { family: 'api', containerDefinitions: [{ name: 'api', image: 'api:1', memory: 128 }] }, capacityProviderStrategy: [{ capacityProvider: 'api-asg', weight: 1 }], faults: [{ step: 'PlaceTask', fromSeconds: 60 }] },
      'faults[0].fromSeconds: is for Fargate Spot capacity',
    ],
    // a service whose tasks the cluster's default strategy put on Spot (a Spot notice, no strategy of its own)
    [{ taskDefinition: webTd(), service: { serviceName: 'a' }, timeline: [{ at: 60, action: 'SpotInterruption' }], faults: [{ step: 'PlaceTask' }] }, 'give the service a capacityProviderStrategy with FARGATE_SPOT'],
    [
      { taskDefinition: webTd(), service: { serviceName: 'a', capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 0 }] }, faults: [{ step: 'PlaceTask' }] },
      'gives FARGATE_SPOT no weight or base',
    ],
    [{ taskDefinition: webTd(), service: { serviceName: 'a', capacityProviderStrategy: strategy }, faults: [{ step: 'PlaceTask', fromSeconds: 100, capacityAfterSeconds: 200 }, { step: 'PlaceTask', fromSeconds: 600 }] }, 'faults[1]: a second PlaceTask fault'],
    [{ taskDefinition: webTd(), faults: [{ step: 'PullImage', container: 'web', fromSeconds: 600 }] }, 'faults[0].fromSeconds: PullImage takes no fromSeconds (PlaceTask does)'],
    [{ taskDefinition: webTd(), faults: [{ step: 'ReleaseEni', capacityAfterSeconds: 600 }] }, 'faults[0].capacityAfterSeconds: ReleaseEni takes no capacityAfterSeconds'],
  ])('should refuse a PlaceTask fault that cannot happen, or a fault field on a step that does not take it: %#', (scenario, message) => {
    expect(() => loadScenario(scenario)).toThrow(message);
  });
});

describe("a service task's events", () => {
  /** For each lastStatus, the ENI statuses its events show. */
  const eniByStatus = (details: Record<string, any>[]) => {
    const m = new Map<string, Set<string>>();
    for (const d of details) m.set(d.lastStatus, (m.get(d.lastStatus) ?? new Set()).add(d.attachments[0].status));
    return m;
  };

  it('should show the ENI as a single task does: its release shows only at STOPPED, its address only once attached', () => {
    const image = 'registry.example/app:does-not-exist';
    const faults = [{ step: 'PullImage', image }];
    const svc = runService(webService({ desiredCount: 1 }, { faults, taskDefinition: webTd(image) }), 600);
    const firstArn = (serviceEvents(svc).find((e) => e['detail-type'] === 'ECS Task State Change')!.detail as any).taskArn;
    const service = serviceEvents(svc).map((e) => e.detail as Record<string, any>).filter((d) => d.taskArn === firstArn);
    const single = run(loadScenario({ taskDefinition: webTd(image), loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }], faults })).events.map((e) => e.detail as Record<string, any>);
    expect(service.at(-1)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    // AWS's DEPROVISIONING events still say ATTACHED: the release shows in the next one
    expect(eniByStatus(single).get('DEPROVISIONING')).toEqual(new Set(['ATTACHED']));
    expect(eniByStatus(service)).toEqual(eniByStatus(single));
    for (const d of [...single, ...service])
      if (d.attachments[0].status === 'PRECREATED') expect(d.attachments[0].details.map((x: { name: string }) => x.name)).toEqual(['subnetId']);
  });
});

describe("the service's event log (DescribeServices events)", () => {
  type Logged = { id: string; createdAt: number; message: string };
  const log = (sim: ServiceSimulation) => describeService(sim).events as Logged[];
  const taskId = (sim: ServiceSimulation, i: number) => sim.tasks[i]!.identity.taskArn.split('/').at(-1)!;
  const tg = `(target-group ${TG_ARN})`;

  it('should say, newest first, what the scheduler did in a rolling deployment: started, registered, stopped, drained, completed, steady', () => {
    const sim = runService(webService({ desiredCount: 2 }, { timeline: [{ at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }] }));
    const events = log(sim);
    const oldest = [...events].reverse().map((e) => e.message);
    expect(oldest[0]).toBe(`(service web) has started 2 tasks: (task ${taskId(sim, 0)}) (task ${taskId(sim, 1)}).`);
    expect(oldest).toContain(`(service web) registered 1 targets in ${tg}`);
    expect(oldest.slice(-2)).toEqual([`(service web) (deployment ${sim.serviceSnapshot.context.deployments[0]!.id}) deployment completed.`, '(service web) has reached a steady state.']);
    // an old task: stopped by the scheduler, then its target deregistered and drained, in one instant
    const stopped = oldest.findIndex((m) => m === `(service web) has stopped 1 running tasks: (task ${taskId(sim, 0)}).`);
    expect(stopped).toBeGreaterThan(0);
    const oldDeployment = noticesOf(sim).find((n) => n.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS')!.deploymentId;
    expect(oldest.slice(stopped + 1, stopped + 3)).toEqual([`(service web) deregistered 1 targets in ${tg}`, `(service web, taskSet ${oldDeployment}) has begun draining connections on 1 tasks.`]);
    // as DescribeServices gives them: times in Unix seconds, never increasing, and ids of their own
    const times = events.map((e) => e.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('should name the failed deployment and the one it rolls back to, and the launch throttle', () => {
    const s = webService(
      { desiredCount: 2, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } },
      { timeline: [{ at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:broken') }], faults: [{ step: 'PullImage', image: 'registry.example/app:broken' }] },
    );
    const sim = runService(s);
    const messages = log(sim).map((e) => e.message);
    const notices = noticesOf(sim);
    const failedId = notices.find((n) => n.eventName === 'SERVICE_DEPLOYMENT_FAILED')!.deploymentId;
    const rollback = notices.find((n) => n.reason?.includes('rolling back'))!;
    // "a new deployment is started" (DG-CB): an id of its own, its reason naming the first deployment, which it runs again
    const first = notices.find((n) => n.eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS')!.deploymentId!;
    const backTo = rollback.reason!.match(/rolling back to deploymentId (\S+)\.$/)![1];
    expect(backTo).toBe(first);
    expect(new Set([failedId, first, rollback.deploymentId]).size).toBe(3);
    const deployments = (describeService(sim) as { deployments: { id: string; taskDefinition: string; status: string }[] }).deployments;
    expect(deployments.find((d) => d.status === 'PRIMARY')).toMatchObject({ id: rollback.deploymentId, taskDefinition: expect.stringMatching(/:1$/) });
    // it completes once, under its own id
    expect(notices.filter((n) => n.eventName === 'SERVICE_DEPLOYMENT_COMPLETED').map((n) => n.deploymentId)).toEqual([first, rollback.deploymentId]);
    const failed = messages.indexOf(`(service web) (deployment ${failedId}) deployment failed: tasks failed to start.`);
    expect(failed).toBeGreaterThan(0);
    expect(messages[failed - 1]).toBe(`(service web) rolling back to deployment ${backTo}.`);
    expect(messages.filter((m) => m.startsWith('(service web) is unable to consistently start tasks successfully.'))).toHaveLength(1);
  });

  it('should date a deployment from when it was made, the moment of its SERVICE_DEPLOYMENT_IN_PROGRESS event, not the look after', () => {
    const sim = runService(webService({ desiredCount: 2 }, { timeline: [{ at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }] }), 1200);
    const started = new Map(serviceEvents(sim).filter((e) => (e.detail as { eventName?: string }).eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS').map((e) => [(e.detail as { deploymentId: string }).deploymentId, Date.parse((e.detail as { updatedAt: string }).updatedAt) / 1000]));
    const deployments = (describeService(sim) as { deployments: { id: string; createdAt: number }[] }).deployments;
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) expect(d.createdAt, d.id).toBe(started.get(d.id));
    expect(started.get(deployments[0]!.id)! - sim.scenario.startTime / 1000).toBeCloseTo(300, 6);
  });

  it("should list in DescribeServices the subnets its awsvpc tasks' interfaces are in, and Fargate's platform", () => {
    const sim = runService(webService({ desiredCount: 3 }), 120);
    const svc = describeService(sim) as { platformVersion?: string; platformFamily?: string; networkConfiguration?: { awsvpcConfiguration: { subnets: string[]; assignPublicIp: string } } };
    expect([svc.platformVersion, svc.platformFamily]).toEqual(['LATEST', 'Linux']);
    const subnets = svc.networkConfiguration!.awsvpcConfiguration.subnets;
    expect(new Set(subnets).size).toBe(3);
    const used = describeServiceTasks(sim).map((t) => (t as { attachments: { details: { name: string; value: string }[] }[] }).attachments[0]!.details.find((d) => d.name === 'subnetId')!.value);
    expect(used).toHaveLength(3);
    for (const subnet of used) expect(subnets).toContain(subnet);
  });

  it('should name, on EC2, the instance and the host port of an unhealthy target, as AWS words it there', () => {
    const bridge = { family: 'api', containerDefinitions: [{ name: 'web', image: 'registry.example/app:1', memory: 256, portMappings: [{ containerPort: 80, hostPort: 0 }] }] };
    const lbs = [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }];
    const on = (extra: object) => runService(loadScenario({ taskDefinition: bridge, launchType: 'EC2', service: { serviceName: 'web', desiredCount: 1, loadBalancers: lbs }, faults: [{ step: 'HealthCheck' }], ...extra }), 400);
    for (const sim of [on({ containerInstances: { count: 2, cpu: 2048, memory: 4096 } }), on({})]) {
      const task = describeServiceTasks(sim)[0]! as { containerInstanceArn: string; containers: { networkBindings?: { hostPort: number }[] }[] };
      const hostPort = task.containers[0]!.networkBindings![0]!.hostPort;
      expect(hostPort).toBeGreaterThanOrEqual(32768);
      const unhealthy = [...log(sim)].reverse().find((e) => e.message.includes('is unhealthy in'))!.message;
      expect(unhealthy).toMatch(new RegExp(`^\\(service web\\) \\(task ${taskId(sim, 0)}\\) \\(instance i-[0-9a-f]{17}\\) \\(port ${hostPort}\\) is unhealthy in `));
      // the instance the fleet names for this task, where there is a fleet
      const fleet = sim.fleet?.instances.find((i) => i.arn === task.containerInstanceArn);
      if (fleet) expect(unhealthy).toContain(`(instance ${fleet.ec2InstanceId})`);
    }
  });

  it('should say a task is unhealthy in its target group when the scheduler finds it, start its replacement saying so, and stop it later', () => {
    const sim = runService(webService({ desiredCount: 1 }, { faults: [{ step: 'HealthCheck', container: null }] }), 400);
    const oldest = [...log(sim)].reverse();
    const found = oldest.findIndex((e) => e.message === `(service web) (task ${taskId(sim, 0)}) (port 80) is unhealthy in ${tg} due to (reason Health checks failed).`);
    expect(found).toBeGreaterThan(0);
    // the replacement is started in the same look, right after, and says why (started first, WN-2023)
    const replacement = oldest[found + 1]!;
    expect(replacement.createdAt).toBe(oldest[found]!.createdAt);
    expect(replacement.message).toMatch(/^\(service web\) has started 1 tasks: \(task [0-9a-f]{32}\)\. Amazon ECS replaced 1 tasks due to an unhealthy status\.$/);
    // the unhealthy task is stopped in a later look, in a message of its own
    const stopped = oldest.findIndex((e) => e.message.startsWith('(service web) has stopped') && e.message.includes(`(task ${taskId(sim, 0)})`));
    expect(stopped).toBeGreaterThan(found + 1);
    expect(oldest[stopped]!.createdAt).toBeGreaterThan(oldest[found]!.createdAt);
    // every start after the first replaces a task found unhealthy, and says so
    const starts = oldest.filter((e) => e.message.includes('has started'));
    expect(starts.length).toBeGreaterThan(2);
    for (const s of starts.slice(1)) expect(s.message).toContain('Amazon ECS replaced 1 tasks due to an unhealthy status.');
  });

  it('should log "has reached a steady state." whenever it emits SERVICE_STEADY_STATE, a deployment that starts and stops nothing included', () => {
    // scaled to 0 at 20 s, then a new revision deployed to no task at all
    const sim = runService(webService({ desiredCount: 2 }, { timeline: [{ at: 20, action: 'UpdateService', desiredCount: 0 }, { at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }] }), 3600);
    const emitted = serviceEvents(sim).filter((e) => (e.detail as { eventName?: string }).eventName === 'SERVICE_STEADY_STATE').map((e) => Date.parse((e.detail as { createdAt: string }).createdAt) / 1000);
    const logged = [...log(sim)].reverse().filter((e) => e.message === '(service web) has reached a steady state.').map((e) => e.createdAt);
    expect(emitted.length).toBe(2);
    expect(logged).toEqual(emitted);
  });

  it('should say once why Fargate tasks fail to start, as ECS does (unable to place a task, with the stopped reason)', () => {
    const sim = runService(webService({ desiredCount: 2 }, { faults: [{ step: 'PullImage', container: 'web' }] }), 3600);
    const failing = log(sim).filter((e) => e.message.startsWith('(service web) was unable to place a task. Reason: CannotPullContainerError:'));
    expect(failing).toHaveLength(1);
    expect(failing[0]!.message).toMatch(/registry\.example\/app:1.*\.$/);
    expect(sim.tasks.filter((t) => t.world.snap.context.stopCode === 'TaskFailedToStart').length).toBeGreaterThan(3);
  });

  it('should say once that Fargate Spot has no capacity, with the Fargate wording', () => {
    const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
    const sim = runService(webService({ desiredCount: 3, capacityProviderStrategy: strategy }, { faults: [{ step: 'PlaceTask', capacityAfterSeconds: 600 }] }), 1200);
    const unplaced = log(sim).filter((e) => e.message.includes('was unable to place a task'));
    expect(unplaced.map((e) => e.message)).toEqual([
      '(service web) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
    ]);
    expect(log(sim)[0]!.message).toBe('(service web) has reached a steady state.');
  });

  it('should say once that 100/100 leaves a deployment no room, as AWS words it', () => {
    const s = webService(
      { desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } },
      { timeline: [{ at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }] },
    );
    const messages = log(runService(s, 3600)).map((e) => e.message);
    expect(messages[0]).toBe(
      '(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.',
    );
    expect(messages.filter((m) => m.includes('unable to stop or start'))).toHaveLength(1);
    // not while the scheduler still moves tasks (a scale-out lets it start some), and not again while it lasts
    const busier = webService(
      { desiredCount: 3, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 } },
      { timeline: [{ at: 300, action: 'UpdateService', desiredCount: 5, taskDefinition: webTd('registry.example/app:2') }] },
    );
    const sim = runService(busier, 3600);
    const said = [...log(sim)].reverse();
    const stall = said.filter((e) => e.message.includes('unable to stop or start'));
    expect(stall).toHaveLength(1);
    expect(said.filter((e) => e.createdAt === stall[0]!.createdAt && /has (started|stopped)/.test(e.message))).toEqual([]);
  });

  it('should say so too when an UpdateService set the 100/100 that leaves the next deployment no room, and not when one undid it', () => {
    const later = (limits: Record<string, number>) =>
      webService(
        { desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 150 } },
        {
          timeline: [
            { at: 300, action: 'UpdateService', deploymentConfiguration: limits },
            { at: 400, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') },
          ],
        },
      );
    const stuck = runService(later({ minimumHealthyPercent: 100, maximumPercent: 100 }), 3600);
    expect(log(stuck).filter((e) => e.message.includes('unable to stop or start'))).toHaveLength(1);
    expect(deploymentStalled(stuck.serviceSnapshot.context)).toBe(true);
    const moving = runService(later({ minimumHealthyPercent: 100, maximumPercent: 200 }), 3600);
    expect(log(moving).filter((e) => e.message.includes('unable to stop or start'))).toEqual([]);
    expect(moving.serviceSnapshot.context.deployments.map((d) => d.rolloutState)).toEqual(['COMPLETED']);
  });

  it('should stay steady, with no second SERVICE_STEADY_STATE, when an UpdateService changes only the deployment limits', () => {
    const s = webService({ desiredCount: 2 }, { timeline: [{ at: 600, action: 'UpdateService', deploymentConfiguration: { minimumHealthyPercent: 50 } }] });
    const sim = runService(s, 3600);
    const steady = noticesOf(sim).filter((n) => n.eventName === 'SERVICE_STEADY_STATE');
    expect(steady).toHaveLength(1);
    expect(sim.serviceSnapshot.value).toBe('STEADY');
    expect(sim.serviceSnapshot.context.settings.minimumHealthyPercent).toBe(50);
    // a change of desiredCount does move tasks: the service is steady again, and says so, once they run
    const scaled = runService(webService({ desiredCount: 2 }, { timeline: [{ at: 600, action: 'UpdateService', desiredCount: 3 }] }), 3600);
    expect(noticesOf(scaled).filter((n) => n.eventName === 'SERVICE_STEADY_STATE')).toHaveLength(2);
  });

  it('should not say a deployment is stuck when its limits meet but its old tasks are already stopping (75/125 of 2)', () => {
    // both limits round to 2: the new tasks start, the old (not yet healthy) stop, and it waits for the new to turn healthy
    const waiting = webService(
      { desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 75, maximumPercent: 125 } },
      { timeline: [{ at: 20, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }] },
    );
    const sim = runService(waiting, 3600);
    expect(sim.serviceSnapshot.context.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([['web:2', 'COMPLETED']]);
    expect(log(sim).filter((e) => e.message.includes('unable to stop or start'))).toEqual([]);
  });

  describe('the end of a run', () => {
    /** When the last thing the run shows happened: a task's change, a service or an instance notice. */
    const lastShown = (sim: ServiceSimulation) => Math.max(...sim.occurrences.map((o) => (o.kind === 'task' ? o.task.frames[o.frame]!.t : o.t)));
    const fargate = (extra: Record<string, unknown>, service: Record<string, unknown>, rest: Record<string, unknown>) =>
      loadScenario({ taskDefinition: { family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', ...extra }, service: { serviceName: 'web', ...service }, ...rest });

    it('should come with the last change, not at a SIGKILL left for a stopping container that exited by itself', () => {
      // it takes its time on SIGTERM (a slow drain of its own): it exits, with 0, 10 s after the scale-in
      const sim = runService(
        fargate({ containerDefinitions: [{ name: 'a', image: 'x:1', stopTimeout: 120 }] }, { desiredCount: 1 }, {
          faults: [{ step: 'StopContainer', container: 'a', ignoreSigterm: true }],
          timeline: [
            { at: 100, action: 'UpdateService', desiredCount: 0 },
            { at: 110, action: 'ContainerExit', task: 0, container: 'a', exitCode: 0 },
          ],
        }),
      );
      expect(sim.tasks[0]!.world.status).toBe('STOPPED');
      expect(describeServiceTasks(sim)[0]!.containers).toMatchObject([{ exitCode: 0 }]);
      expect(sim.clock.nextAt()).toBeNull();
      expect(sim.now()).toBe(lastShown(sim));
      // the SIGKILL would have come 120 s after the SIGTERM
      expect(sim.now()).toBeLessThan(130_000);
    });

    it('should come with the last change, not at the health verdict of a target deregistered before it', () => {
      const s = fargate(
        { containerDefinitions: [{ name: 'web', image: 'x:1', portMappings: [{ containerPort: 80 }] }] },
        { desiredCount: 1, loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }] },
        { settings: { deregistrationDelaySeconds: 0 }, timeline: [{ at: 60, action: 'UpdateService', desiredCount: 0 }] },
      );
      const sim = runService(s);
      expect(sim.tasks[0]!.world.status).toBe('STOPPED');
      expect(sim.now()).toBe(lastShown(sim));
      // nor at the target's verdict (5 checks × 30 s after its registration), nor 40 s after RUNNING
      expect(sim.now()).toBeLessThan(80_000);
    });
  });

  describe('a Spot reclaim, as for a single task', () => {
    const spotOnly = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
    // task 0's ECS events, as [seconds into the run, lastStatus, web's lastStatus, web's exitCode]
    const task0 = (sim: ServiceSimulation) => {
      const arn = sim.tasks[0]!.identity.taskArn;
      return serviceEvents(sim)
        .filter((e) => e['detail-type'] === 'ECS Task State Change' && (e.detail as { taskArn: string }).taskArn === arn)
        .map((e) => {
          const d = e.detail as { lastStatus: string; updatedAt: string; containers: { lastStatus: string; exitCode?: number }[] };
          return [(Date.parse(d.updatedAt) - sim.scenario.startTime) / 1000, d.lastStatus, d.containers[0]!.lastStatus, d.containers[0]!.exitCode ?? null] as const;
        });
    };

    it('should kill what still runs, whatever the dependsOn order, and end the drain two minutes after the notice', () => {
      // app depends on envoy, both ignore SIGTERM: envoy would get SIGTERM only once app is killed at 720 s
      const chain = {
        ...webTd(),
        containerDefinitions: [
          { name: 'web', image: 'app', stopTimeout: 120, portMappings: [{ containerPort: 80 }], dependsOn: [{ containerName: 'envoy', condition: 'START' }] },
          { name: 'envoy', image: 'envoy', stopTimeout: 120 },
        ],
      };
      const faults = ['web', 'envoy'].map((container) => ({ step: 'StopContainer', container, ignoreSigterm: true }));
      const sim = runService(webService({ desiredCount: 1, capacityProviderStrategy: spotOnly }, { taskDefinition: chain, timeline: [{ at: 600, action: 'SpotInterruption', task: 0 }], faults }), 1500);
      const arn = sim.tasks[0]!.identity.taskArn;
      const stopping = serviceEvents(sim)
        .map((e) => e.detail as { taskArn?: string; lastStatus: string; updatedAt: string; containers: { name: string; lastStatus: string; exitCode?: number }[] })
        .filter((d) => d.taskArn === arn);
      const envoyStopped = stopping.find((d) => d.containers.find((c) => c.name === 'envoy')!.lastStatus === 'STOPPED')!;
      expect((Date.parse(envoyStopped.updatedAt) - sim.scenario.startTime) / 1000).toBe(720);
      expect(envoyStopped.containers.map((c) => c.exitCode)).toEqual([137, 137]);
      // the 300 s drain ends with the capacity
      expect(task0(sim).find((e) => e[1] === 'STOPPING')![0]).toBe(720);
    });

    it('should order a drain and a SIGKILL due in one instant as a single task does (the drain first)', () => {
      // a 30 s drain and a container that ignores SIGTERM, killed at its 30 s stopTimeout
      const extra = { settings: { deregistrationDelaySeconds: 30 }, faults: [{ step: 'StopContainer', container: 'web', ignoreSigterm: true }] };
      const after = (details: { lastStatus: string; desiredStatus: string; containers: { lastStatus: string; exitCode?: number }[] }[]) =>
        details.filter((d) => d.desiredStatus === 'STOPPED').map((d) => `${d.lastStatus} web:${d.containers[0]!.lastStatus}${d.containers[0]!.exitCode ?? ''}`);
      const svc = runService(webService({ desiredCount: 1, capacityProviderStrategy: spotOnly }, { ...extra, timeline: [{ at: 600, action: 'SpotInterruption', task: 0 }] }), 1500);
      const arn = svc.tasks[0]!.identity.taskArn;
      const svcDetails = serviceEvents(svc).map((e) => e.detail as never as { taskArn?: string } & Parameters<typeof after>[0][number]).filter((d) => d.taskArn === arn);
      const single = run(loadScenario({ taskDefinition: webTd(), capacityProviderStrategy: spotOnly, loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }], ...extra, timeline: [{ at: 600, action: 'SpotInterruption' }] }));
      // (a service's task reports per step of the world: the container's end and DEPROVISIONING come as one event)
      for (const seen of [after(single.events.map((e) => e.detail as never)), after(svcDetails)]) {
        expect(seen).toContain('STOPPING web:RUNNING');
        expect(seen).not.toContain('DEACTIVATING web:STOPPED137');
        expect(seen.at(-1)).toBe('STOPPED web:STOPPED137');
      }
    });

    it('should leave no cut drain timer behind to keep the run going', () => {
      // a 300 s drain cut at 120 s: the run settles when its last event happens, not 300 s after the notice
      const sim = runService(webService({ desiredCount: 2, capacityProviderStrategy: spotOnly }, { timeline: [{ at: 300, action: 'SpotInterruption', task: 1 }] }), 3600);
      expect(sim.now()).toBeLessThan(600_000);
    });

    it('should forget the reclaim of a task that stopped first (it would keep the run going)', () => {
      const sim = new ServiceSimulation(loadScenario({ taskDefinition: webTd(), service: { serviceName: 'web', desiredCount: 2, capacityProviderStrategy: spotOnly }, timeline: [{ at: 600, action: 'SpotInterruption', task: 0 }] }));
      sim.runUntil(3_600_000);
      expect(sim.tasks[0]!.world.status).toBe('STOPPED');
      // STOPPED within seconds of the notice: nothing was left to reclaim at 720 s
      expect(sim.tasks[0]!.world.snap.context.spot).toBe('NOTICED');
    });

    it('should say why an action changed nothing in the words it uses for a task run alone, naming the task', () => {
      // web exited before its pull, a sidecar exited while it waits for web, then twice once it runs, a second stop
      const web = { ...webTd().containerDefinitions[0]!, healthCheck: { command: ['CMD', 'true'] } };
      const td = { ...webTd(), containerDefinitions: [web, { name: 'log', image: 'fluent-bit:3', essential: false, dependsOn: [{ containerName: 'web', condition: 'HEALTHY' }] }] };
      const timeline = [
        { at: 1, action: 'ContainerExit', container: 'web', exitCode: 1 },
        { at: 75, action: 'ContainerExit', container: 'log', exitCode: 1 },
        { at: 300, action: 'ContainerExit', container: 'log', exitCode: 1 },
        { at: 310, action: 'ContainerExit', container: 'log', exitCode: 1 },
        { at: 600, action: 'StopTask' },
        { at: 601, action: 'StopTask' },
      ];
      const alone = run(loadScenario({ taskDefinition: td, timeline }), 3600);
      const service = runService(webService({ desiredCount: 1 }, { taskDefinition: td, timeline: timeline.map((a) => ({ ...a, task: 0 })) }), 3600);
      const said = alone.ignoredActions.map((a) => a.why);
      expect(said).toEqual([
        'ContainerExit ignored: container web has not started yet (its lastStatus PENDING: its image is not pulled yet)',
        'ContainerExit ignored: container log has not started yet (its lastStatus PENDING: it waits for web (HEALTHY), its dependsOn, before its image is pulled)',
        'ContainerExit ignored: container log has already stopped (its lastStatus STOPPED)',
        'StopTask changes nothing: the task is already stopping (UserInitiated); the first stop request stands',
      ]);
      const asAService = said.map((w) => w.replace(/container (\w+) /, 'container $1 of task 0 ').replace('the task', 'task 0'));
      expect(service.ignoredActions.map((a) => a.why)).toEqual(asAService);
    });

    it('should take the capacity from a task already stopping, keeping its stop code', () => {
      const timeline = [{ at: 600, action: 'StopTask', task: 0 }, { at: 650, action: 'SpotInterruption', task: 0 }, { at: 660, action: 'SpotInterruption', task: 0 }];
      const sim = runService(webService({ desiredCount: 1, capacityProviderStrategy: spotOnly }, { timeline }), 1500);
      expect(sim.ignoredActions.map((a) => a.why)).toEqual(['SpotInterruption changes nothing: task 0 already had its Spot notice']);
      expect(sim.tasks[0]!.world.snap.context.stopCode).toBe('UserInitiated');
      // SIGTERM at the notice, the 300 s drain cut at 770 s
      expect(task0(sim).find((e) => e[2] === 'STOPPED')![0]).toBeLessThan(660);
      expect(task0(sim).find((e) => e[1] === 'STOPPING')![0]).toBe(770);
    });
  });

  it('should say Spot has no capacity again once the service had settled in between, as EventBridge does', () => {
    const spotOnly = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
    const timeline = [
      { at: 600, action: 'SpotInterruption', task: 0 },
      { at: 900, action: 'UpdateService', desiredCount: 1 },
      { at: 1200, action: 'UpdateService', desiredCount: 2 },
    ];
    const sim = runService(webService({ desiredCount: 2, capacityProviderStrategy: spotOnly }, { timeline, faults: [{ step: 'PlaceTask', fromSeconds: 600 }] }), 3600);
    const failures = noticesOf(sim).filter((n) => n.eventName === 'SERVICE_TASK_PLACEMENT_FAILURE');
    expect(failures).toHaveLength(2);
    expect(log(sim).filter((e) => e.message.includes('Capacity is unavailable'))).toHaveLength(2);
  });

  it('should batch the targets of each target group when a service has two', () => {
    const lbs = [
      { targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 },
      { targetGroupArn: TG_ARN.replace('/web/', '/api/'), containerName: 'web', containerPort: 80 },
    ];
    const sim = runService(webService({ desiredCount: 3, loadBalancers: lbs }, { timeline: [{ at: 600, action: 'UpdateService', desiredCount: 1 }] }), 1800);
    const deregistered = log(sim).filter((e) => e.message.includes('deregistered'));
    expect(deregistered.map((e) => e.message.replace(/in \(target-group .*\/(web|api)\/.*\)$/, 'in $1'))).toEqual([
      '(service web) deregistered 2 targets in api',
      '(service web) deregistered 2 targets in web',
    ]);
  });

  it('should say a steady state again after six hours, as a message and an event, while time goes on; a run with nothing left ends without it', () => {
    const H6 = 6 * 3600_000;
    const sim = runService(webService({ desiredCount: 2, loadBalancers: [] }, { timeline: [{ at: 30_000, action: 'UpdateService', desiredCount: 3 }] }), 40_000);
    const steady = sim.occurrences.flatMap((o) => (o.kind === 'service' && o.notice.eventName === 'SERVICE_STEADY_STATE' ? [o.t] : []));
    expect(steady).toHaveLength(3);
    // the first, its repeat six hours on, and the steady state after the scale-out at 30,000 s
    expect(steady[1]! - steady[0]!).toBe(H6);
    expect(steady[2]!).toBeGreaterThan(30_000_000);
    expect(log(sim).filter((e) => e.message === '(service web) has reached a steady state.')).toHaveLength(3);
    // nothing after that last steady state: the run ends there, no repeat waits it out (nor a Step six hours on)
    expect(sim.clock.now()).toBeLessThan(steady[2]! + H6);
    expect(sim.clock.nextAt()).toBeNull();
  });

  it('should say a placement failure again six hours on though a steady state said before it no longer stands', () => {
    // one instance with room for two tasks: the third of a scale-out cannot be placed until the scale-in
    const s = loadScenario({
      taskDefinition: { family: 'web', networkMode: 'bridge', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 512, cpu: 512 }] },
      launchType: 'EC2',
      containerInstances: { count: 1, cpu: 1024, memory: 1024 },
      service: { serviceName: 'web', desiredCount: 1 },
      timeline: [{ at: 1000, action: 'UpdateService', desiredCount: 3 }, { at: 40_000, action: 'UpdateService', desiredCount: 2 }],
    });
    const unplaced = log(runService(s, 50_000)).filter((e) => e.message.includes('was unable to place a task'));
    expect(unplaced.map((e) => e.createdAt).reverse().map((t, _i, all) => t - all[0]!)).toEqual([0, 6 * 3600]);
  });

  it('should keep the 100 most recent, naming at most 10 tasks a message', () => {
    const revisions = Array.from({ length: 12 }, (_, i) => ({ at: 600 * (i + 1), action: 'UpdateService', taskDefinition: webTd(`registry.example/app:${i + 2}`) }));
    const sim = runService(webService({ desiredCount: 25, loadBalancers: [] }, { timeline: revisions }));
    const events = log(sim);
    // twelve deployments of 25 tasks say far more than 100 things: the newest are kept
    expect(events).toHaveLength(100);
    expect(events[0]!.message).toBe('(service web) has reached a steady state.');
    const lastDeployment = noticesOf(sim).filter((n) => n.eventName === 'SERVICE_DEPLOYMENT_COMPLETED').at(-1)!.deploymentId;
    expect(events[1]!.message).toBe(`(service web) (deployment ${lastDeployment}) deployment completed.`);
    expect(events.map((e) => e.message)).not.toContain(`(service web) has started 10 tasks: ${Array.from({ length: 10 }, (_, i) => `(task ${taskId(sim, i)})`).join(' ')}.`);
    const oldest = [...events].reverse().map((e) => e.message);
    const started = oldest.filter((m) => m.includes('has started'));
    expect(started.length).toBeGreaterThanOrEqual(3);
    for (const m of started) expect(Number(/has started (\d+) tasks/.exec(m)![1])).toBeLessThanOrEqual(10);
    // with no load balancer, nothing is registered or drained
    expect(oldest.some((m) => m.includes('targets') || m.includes('draining'))).toBe(false);
  });
});
