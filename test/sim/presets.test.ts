// The guided presets are what a learner meets first: each must load cleanly
// and do what its narrative on the page promises.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import type { ServiceTask } from '../../src/sim/service/service-task.ts';
import { describeService, serviceEvents } from '../../src/sim/service/service-output.ts';
import { enteredAt, repoRoot, run, statuses } from '../support/scenarios.ts';

interface Preset { id: string; group: string; file: string; narrative?: string }
const dir = join(repoRoot, 'public/scenarios');
const presets: Preset[] = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).presets;
const text = (id: string) => readFileSync(join(dir, presets.find((p) => p.id === id)!.file), 'utf8');
const load = (id: string, edit: (o: Record<string, any>) => void = () => {}) => {
  const o = JSON.parse(text(id));
  edit(o);
  return parseScenario(JSON.stringify(o));
};
const task = (id: string, edit?: (o: Record<string, any>) => void) => run(load(id, edit));
const s = (ms: number | undefined) => (ms ?? Number.NaN) / 1000;
const last = (sim: ReturnType<typeof task>) => sim.events.at(-1)!.detail as Record<string, any>;
type Detail = Record<string, any>;
/** A service preset run to its end: the simulation and every event's detail. */
const serviceRun = (id: string, edit?: (o: Record<string, any>) => void) => {
  const sim = new ServiceSimulation(load(id, edit));
  sim.runUntil(6 * 3600_000);
  return { sim, all: serviceEvents(sim).map((e) => e.detail as Detail) };
};
/** Task events grouped by task, in start order. */
const byTask = (all: Detail[]) => {
  const m = new Map<string, Detail[]>();
  for (const d of all) if (d.taskArn) m.set(d.taskArn, [...(m.get(d.taskArn) ?? []), d]);
  return [...m.values()];
};

describe('presets', () => {
  it.each(presets.map((p) => [p.id, p] as const))('%s loads with no warning', (_, p) => {
    // real definitions may carry an awsvpc hostPort the simulator says it ignores (kibana, tomcat); nothing else
    const warnings = parseScenario(readFileSync(join(dir, p.file), 'utf8')).warnings ?? [];
    expect(warnings.filter((w) => !(p.group === 'realworld' && /^containerDefinitions\[\d+\]\.portMappings\[\d+\]\.hostPort (\(line \d+\) )?\d+ is ignored: an awsvpc task/.test(w)))).toEqual([]);
    expect(p.narrative?.length).toBeGreaterThan(50);
  });

  // A real definition's story says which states it passes through once stopped
  // and why the others are skipped: hold that chain to the simulation.
  it.each(presets.filter((p) => p.group === 'realworld').map((p) => [p.id, p] as const))('%s goes through the states its story names', (_, p) => {
    const chains = p.narrative!.match(/[A-Z]+(?: → [A-Z]+)+/g) ?? [];
    const full = chains.find((c) => c.endsWith('STOPPED') && c.split(' → ').length >= 4);
    expect(full, 'a story with the whole lifecycle, stopped').toBeDefined();
    const sim = task(p.id, (o) => {
      // a bare definition has no timeline: stop it as a person pressing Stop task would
      const td = structuredClone(o.taskDefinition ?? o);
      for (const k of Object.keys(o)) delete o[k];
      Object.assign(o, { taskDefinition: td, timeline: [{ at: 600, action: 'StopTask' }] });
    });
    expect(statuses(sim).join(' → ')).toBe(full);
  });

  it('fargate-web: all eight states, a 300 s drain before any SIGTERM', () => {
    const sim = task('fargate-web');
    expect(statuses(sim)).toEqual(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);
    expect(s(enteredAt(sim, 'task', 'DEACTIVATING'))).toBe(600);
    expect(s(enteredAt(sim, 'container-web', 'STOPPING'))).toBeCloseTo(900, 0);
  });

  it('deregistration-delay: DEACTIVATING lasts the delay, and shrinks with it', () => {
    const drain = (sim: ReturnType<typeof task>) => s(enteredAt(sim, 'task', 'STOPPING')) - s(enteredAt(sim, 'task', 'DEACTIVATING'));
    expect(s(enteredAt(task('deregistration-delay'), 'task', 'DEACTIVATING'))).toBe(240);
    expect(drain(task('deregistration-delay'))).toBeCloseTo(300, 0);
    expect(drain(task('deregistration-delay', (o) => (o.settings = { ...o.settings, deregistrationDelaySeconds: 30 })))).toBeCloseTo(30, 0);
  });

  it('image-pull-fails: never RUNNING, CannotPullContainerError, the ENI released, no signal', () => {
    const sim = task('image-pull-fails');
    expect(statuses(sim)).not.toContain('RUNNING');
    expect(statuses(sim)).toContain('DEPROVISIONING');
    expect(last(sim)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(last(sim).stoppedReason).toMatch(/^CannotPullContainerError/);
    expect(sim.view().containers.flatMap((c) => c.signals)).toEqual([]);
  });

  it('secret-not-found: dies in PENDING with nothing pulled, in Fargate’s words, the ENI released; the agent’s words on EC2', () => {
    const sim = task('secret-not-found');
    expect(statuses(sim)).toEqual(['PROVISIONING', 'PENDING', 'DEPROVISIONING', 'STOPPED']);
    expect(last(sim)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(last(sim).stoppedReason).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: /);
    expect(sim.events.every((e) => (e.detail as Detail).pullStartedAt === undefined)).toBe(true);
    expect(sim.view().containers.flatMap((c) => c.signals)).toEqual([]);
    const ec2 = task('secret-not-found', (o) => (o.launchType = 'EC2'));
    expect(last(ec2).stoppedReason).toBe(
      "Fetching secret data from AWS Secrets Manager in region us-east-1: secret arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api/db-Xk3p9Q: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    );
    // the wait before the failure is said: the agent retrieves the secrets first
    expect(sim.trace.find((e) => e.actor === 'task' && e.to === 'PENDING')!.note).toMatch(/retrieves the secrets with the execution role, before any image pull$/);
    // there the pulls began meanwhile, but no container was created
    expect(ec2.events.some((e) => (e.detail as Detail).pullStartedAt !== undefined)).toBe(true);
    expect(ec2.trace.some((e) => e.actor.startsWith('container-') && e.to === 'CREATED')).toBe(false);
  });

  it('ignores-sigterm: SIGKILL after the 30 s stopTimeout, exit code 137', () => {
    const sim = task('ignores-sigterm');
    const legacy = sim.view().containers.find((c) => c.name === 'legacy')!;
    expect(legacy.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(legacy.exitCode).toBe(137);
    expect(s(enteredAt(sim, 'container-legacy', 'STOPPED')) - s(enteredAt(sim, 'container-legacy', 'STOPPING'))).toBeCloseTo(30, 3);
  });

  it('sidecar-crash: the log router stops alone at 90 s, Envoy stops the task at 180 s', () => {
    const sim = task('sidecar-crash');
    const at90 = sim.events.find((e) => (e.detail as any).containers.some((c: any) => c.name === 'log-router' && c.exitCode === 1))!.detail as any;
    expect(at90.lastStatus).toBe('RUNNING');
    expect(s(enteredAt(sim, 'task', 'STOPPING'))).toBe(180);
    expect(last(sim)).toMatchObject({ stopCode: 'EssentialContainerExited' });
    expect(sim.view().containers.find((c) => c.name === 'app')!.signals).toEqual(['SIGTERM']);
  });

  it('spot-interruption: desired STOPPED while RUNNING, the target deregistered and then SIGTERM in the same instant, the drain cut to two minutes, the container gone while its target drains', () => {
    const sim = task('spot-interruption');
    // deregistered before SIGTERM (AWS, 2023): the load balancer sends no new request to a process about to exit
    const at = (actor: string, to: string) => sim.trace.findIndex((e) => e.actor === actor && e.to === to);
    expect(at('target-0', 'draining')).toBeGreaterThan(-1);
    expect(at('target-0', 'draining')).toBeLessThan(at('container-api', 'STOPPING'));
    expect(enteredAt(sim, 'target-0', 'draining')).toBe(enteredAt(sim, 'container-api', 'STOPPING'));
    expect(sim.events.some((e) => (e.detail as any).lastStatus === 'RUNNING' && (e.detail as any).desiredStatus === 'STOPPED')).toBe(true);
    expect(s(enteredAt(sim, 'container-api', 'STOPPING'))).toBe(300);
    // "exited half a second after SIGTERM"
    expect(s(enteredAt(sim, 'container-api', 'STOPPED'))).toBeCloseTo(300.5, 0);
    expect(s(enteredAt(sim, 'target-0', 'unused'))).toBe(420);
    expect(last(sim)).toMatchObject({ stopCode: 'SpotInterruption' });
  });

  it('eni-timeout: never PENDING, the timeout reason, released through DEPROVISIONING', () => {
    const sim = task('eni-timeout');
    expect(statuses(sim)).toEqual(['PROVISIONING', 'DEPROVISIONING', 'STOPPED']);
    expect(last(sim)).toMatchObject({ stopCode: 'TaskFailedToStart', stoppedReason: 'Timeout waiting for network interface provisioning to complete.' });
  });

  it('no-capacity: PENDING at 240 s; without capacityAfterSeconds ECS gives up within 10 to 30 minutes', () => {
    expect(s(enteredAt(task('no-capacity'), 'task', 'PENDING'))).toBe(240);
    const never = task('no-capacity', (o) => delete o.faults[0].capacityAfterSeconds);
    expect(statuses(never)).toEqual(['PROVISIONING', 'STOPPED']);
    expect(s(enteredAt(never, 'task', 'STOPPED'))).toBeGreaterThanOrEqual(600);
    expect(s(enteredAt(never, 'task', 'STOPPED'))).toBeLessThanOrEqual(1800);
  });

  it('stuck-deprovisioning: DEPROVISIONING from the stop until the role is back at 30 min; for good without it', () => {
    const sim = task('stuck-deprovisioning');
    expect(s(enteredAt(sim, 'task', 'DEPROVISIONING'))).toBeLessThan(125);
    expect(s(enteredAt(sim, 'task', 'STOPPED'))).toBeGreaterThan(1800);
    expect(s(enteredAt(sim, 'task', 'STOPPED'))).toBeLessThan(1820);
    const stuck = task('stuck-deprovisioning', (o) => delete o.faults[0].restoredAfterSeconds);
    expect(stuck.view()).toMatchObject({ lastStatus: 'DEPROVISIONING', desiredStatus: 'STOPPED', eni: { status: 'DETACHING' } });
    expect(last(stuck)).toMatchObject({ lastStatus: 'DEPROVISIONING' });
    expect(last(stuck).stoppedAt).toBeUndefined();
    expect(stuck.nextAt()).toBeNull();
  });

  it('dependency-timeout: never RUNNING, the api gives up 120 s after migrate started; without startTimeout it waits in PENDING; a clean exit lets it start', () => {
    const sim = task('dependency-timeout');
    expect(statuses(sim)).not.toContain('RUNNING');
    expect(s(enteredAt(sim, 'task', 'STOPPING')) - s(enteredAt(sim, 'container-migrate', 'RUNNING'))).toBeCloseTo(120, 3);
    expect(last(sim)).toMatchObject({ stopCode: 'TaskFailedToStart' });
    expect(last(sim).stoppedReason).toMatch(/^CannotStartContainerError: dependency graph: container ordering dependency \[migrate\(.+\) \(RUNNING->RUNNING\)\] for target \[api\(.+\) \(MANIFEST_PULLED->RUNNING\)\] has timed out\.$/);
    const forever = task('dependency-timeout', (o) => delete o.taskDefinition.containerDefinitions[0].startTimeout);
    expect(forever.view()).toMatchObject({ lastStatus: 'PENDING', desiredStatus: 'RUNNING' });
    const done = task('dependency-timeout', (o) => (o.timeline = [{ at: 60, action: 'ContainerExit', container: 'migrate', exitCode: 0 }]));
    expect(done.view().lastStatus).toBe('RUNNING');
  });

  it('sidecar-gives-up: the app pulled once Envoy is HEALTHY; warm-cache STOPPED with 143 in a RUNNING task; essential, it fails the task', () => {
    const sim = task('sidecar-gives-up');
    const healthy = sim.trace.find((e) => e.actor === 'container-envoy' && /HEALTHY/.test(e.note))!.t;
    expect(enteredAt(sim, 'container-app', 'PULLING')).toBe(healthy);
    // RUNNING only after the app's own pull and start: about 25 s, as the narrative says
    expect(s(enteredAt(sim, 'task', 'RUNNING')) - s(healthy)).toBeGreaterThan(15);
    const running = sim.events.map((e) => e.detail as Detail).find((d) => d.lastStatus === 'RUNNING')!;
    const warm = running.containers.find((c: Detail) => c.name === 'warm-cache');
    expect(warm).toMatchObject({ lastStatus: 'STOPPED', exitCode: 143 });
    expect(warm.reason).toMatch(/^CannotStartContainerError: dependency graph: failed to resolve container ordering dependency \[migrate\(.+\) - Exit: 1\] .* as dependency did not exit successfully\.$/);
    expect(last(sim)).toMatchObject({ stopCode: 'UserInitiated' });
    const essential = task('sidecar-gives-up', (o) => (o.taskDefinition.containerDefinitions[3].essential = true));
    expect(statuses(essential)).not.toContain('RUNNING');
    expect(last(essential)).toMatchObject({ stopCode: 'TaskFailedToStart', stoppedReason: warm.reason });
  });

  it('unhealthy-task: UNHEALTHY about 90 s after RUNNING, nowhere in the events, running on until the StopTask; in a service, replaced for failed container health checks', () => {
    const sim = task('unhealthy-task');
    const described = sim.describeTask() as Detail;
    expect(described).toMatchObject({ healthStatus: 'UNHEALTHY', stopCode: 'UserInitiated' });
    expect(described.containers[0].healthStatus).toBe('UNHEALTHY');
    const verdict = sim.trace.find((e) => e.actor === 'container-api' && e.note.startsWith('health checks failed'))!;
    // the start period (10 s) then three failed checks 30 s apart
    expect(verdict.t / 1000 - s(enteredAt(sim, 'task', 'RUNNING'))).toBeGreaterThanOrEqual(90);
    expect(verdict.t / 1000 - s(enteredAt(sim, 'task', 'RUNNING'))).toBeLessThan(100);
    // nothing happens until the StopTask: RUNNING from its start to 900 s
    expect(s(enteredAt(sim, 'task', 'STOPPING'))).toBe(900);
    expect(sim.events.every((e) => !('healthStatus' in (e.detail as Detail)))).toBe(true);
    // the narrative's edit: a service replaces it
    const { all } = serviceRun('unhealthy-task', (o) => (o.service = { serviceName: 'reports', desiredCount: 1 }));
    expect(all.find((d) => d.stopCode)).toMatchObject({ stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Task failed container health checks' });
  });

  it('hung-app: unhealthy at the second failed check after the hang, stopped once a replacement would be healthy, drained 300 s, then SIGKILL (137); a 30 s delay ends it 270 s sooner', () => {
    const sim = task('hung-app');
    const healthy = sim.trace.find((e) => e.actor === 'target-0' && e.to === 'healthy')!.t;
    const unhealthy = sim.trace.find((e) => e.actor === 'target-0' && e.to === 'unhealthy')!.t;
    expect(s(healthy - enteredAt(sim, 'target-0', 'initial')!)).toBe(150);
    // the hang at 300 s: the next check (a couple of seconds later) fails, and the one 30 s after it
    expect(s(unhealthy)).toBeGreaterThan(330);
    expect(s(unhealthy)).toBeLessThanOrEqual(360);
    const deactivating = s(enteredAt(sim, 'task', 'DEACTIVATING'));
    expect(Math.round(deactivating)).toBe(514);
    expect(s(enteredAt(sim, 'task', 'STOPPING')) - deactivating).toBe(300);
    expect(last(sim)).toMatchObject({ stopCode: 'ServiceSchedulerInitiated', stoppedReason: expect.stringMatching(/^Task failed ELB health checks in \(target-group /) });
    expect(last(sim).containers[0]).toMatchObject({ exitCode: 137 });
    const stoppedAt = s(enteredAt(sim, 'task', 'STOPPED'));
    // about nine minutes from the hang
    expect(Math.round((stoppedAt - 300) / 60)).toBe(9);
    const quick = task('hung-app', (o) => (o.settings = { deregistrationDelaySeconds: 30 }));
    expect(stoppedAt - s(enteredAt(quick, 'task', 'STOPPED'))).toBe(270);
  });

  const service = (id: string) => {
    const sim = new ServiceSimulation(load(id));
    sim.runUntil(6 * 3600_000);
    return serviceEvents(sim).filter((e) => e['detail-type'] !== 'ECS Task State Change').map((e) => (e.detail as any).eventName as string);
  };

  it('service-rolling: the deployment completes, then steady state', () => {
    expect(service('service-rolling').slice(-2)).toEqual(['SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_STEADY_STATE']);
  });

  it('service-circuit-breaker: the run ends with the rollback, not at a launch back-off left over from it', () => {
    const sim = new ServiceSimulation(load('service-circuit-breaker'));
    sim.runUntil(6 * 3600_000);
    const last = sim.occurrences.at(-1)!;
    expect(last.kind === 'service' && last.notice.eventName).toBe('SERVICE_STEADY_STATE');
    expect(sim.now()).toBe(last.kind === 'service' ? last.t : Number.NaN);
  });

  it("service-circuit-breaker with the narrative's thresholdConfiguration: AWS's 2026 default fails the deployment after 3", () => {
    const { sim } = serviceRun('service-circuit-breaker', (o) => (o.service.deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration = { type: 'BOUNDED_PERCENT', value: 50 }));
    expect(sim.tasks.filter((t) => t.world.snap.context.stopCode === 'TaskFailedToStart')).toHaveLength(3);
  });

  it('service-circuit-breaker: the deployment fails and rolls back to revision 1', () => {
    const names = service('service-circuit-breaker');
    expect(names).toContain('SERVICE_DEPLOYMENT_FAILED');
    expect(names.slice(names.indexOf('SERVICE_DEPLOYMENT_FAILED'))).toEqual(['SERVICE_DEPLOYMENT_FAILED', 'SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_STEADY_STATE']);
  });

  it('service-crash-loop: revision 2 turns healthy and completes, revision 1 is drained away, then revision 2 crashes and is replaced for hours; the breaker never trips', () => {
    const { sim, all } = serviceRun('service-crash-loop');
    const names = all.flatMap((d) => (d.eventName ? [d.eventName] : []));
    expect(names).not.toContain('SERVICE_DEPLOYMENT_FAILED');
    expect(names.filter((n) => n === 'SERVICE_DEPLOYMENT_COMPLETED')).toHaveLength(2);
    const crashes = (t: ServiceTask) => t.scenario.taskDefinition.containerDefinitions[0]!.image === 'registry.example/web:2-crashes';
    const crashed = sim.tasks.filter(crashes);
    expect(crashed.length).toBeGreaterThan(30);
    // every one of them ran first, then its container exited with code 1
    const stopped = crashed.filter((t) => t.world.status === 'STOPPED');
    expect(stopped.every((t) => t.world.snap.context.ran && t.world.snap.context.stopCode === 'EssentialContainerExited' && t.world.snap.context.containers.web!.exitCode === 1)).toBe(true);
    // each was healthy before it crashed: not counted (what the page's task panel says)
    expect(stopped.every((t) => t.everHealthy && t.countedAs === null)).toBe(true);
    // revision 1 is gone: what runs is revision 2, between two crashes
    expect(sim.tasks.filter((t) => !crashes(t) && t.world.status !== 'STOPPED')).toEqual([]);
    expect(sim.serviceSnapshot.context.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([['web:2', 'COMPLETED']]);
  });

  it("service-crash-loop, crashing 20 s after it starts (the narrative's edit): before it was healthy, so the breaker counts each and rolls back after 10", () => {
    const { sim, all } = serviceRun('service-crash-loop', (o) => (o.faults[0].afterSeconds = 20));
    const names = all.flatMap((d) => (d.eventName ? [d.eventName] : []));
    expect(names.slice(names.indexOf('SERVICE_DEPLOYMENT_FAILED'))).toEqual(['SERVICE_DEPLOYMENT_FAILED', 'SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_STEADY_STATE']);
    const revision2 = sim.tasks.filter((t) => t.scenario.taskDefinition.containerDefinitions[0]!.image === 'registry.example/web:2-crashes');
    const crashed = revision2.filter((t) => t.world.snap.context.stopCode === 'EssentialContainerExited');
    expect(crashed).toHaveLength(10);
    expect(crashed.every((t) => t.world.snap.context.ran && t.countedAs === 'stopped by itself before it was ever healthy')).toBe(true);
    // one launched before the breaker tripped is stopped by the rollback
    expect(revision2.filter((t) => !crashed.includes(t)).map((t) => t.world.snap.context.stopCode)).toEqual(['ServiceSchedulerInitiated']);
    // they reached RUNNING: no launch throttle (AWS: tasks stopped after RUNNING do not start it)
    expect(names).not.toContain('SERVICE_TASK_START_IMPAIRED');
  });

  it('service-goes-bad: the deployment completes, then each task turns unhealthy about 10 min after it starts and is replaced, the replacement first, for hours; the breaker never trips', () => {
    const { sim, all } = serviceRun('service-goes-bad');
    const names = all.flatMap((d) => (d.eventName ? [d.eventName] : []));
    expect(names.filter((n) => n === 'SERVICE_DEPLOYMENT_COMPLETED')).toHaveLength(1);
    expect(names).not.toContain('SERVICE_DEPLOYMENT_FAILED');
    const stopped = sim.tasks.filter((t) => t.world.status === 'STOPPED');
    expect(stopped.length).toBeGreaterThan(40);
    // each was healthy, then failed its load balancer's checks, and its scheduler stopped it; the breaker never counted it
    expect(stopped.every((t) => t.everHealthy && t.wentBad && t.countedAs === null)).toBe(true);
    expect(describeService(sim).deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED', failedTasks: 0 })]);
    expect(stopped.every((t) => t.world.snap.context.stopCode === 'ServiceSchedulerInitiated' && /^Task failed ELB health checks in \(target-group /.test(t.world.snap.context.stoppedReason!))).toBe(true);
    // it ran 10 min 30 s of checks, and more until its replacement was healthy and it had drained
    const ran = stopped.map((t) => (t.frames.at(-1)!.stamps.stoppingAt ?? Number.NaN) - (t.frames.at(-1)!.stamps.startedAt ?? Number.NaN));
    expect(Math.min(...ran)).toBeGreaterThan(630_000);
    expect(Math.max(...ran)).toBeLessThan(900_000);
    // a replacement is started first: the start says whom it replaces
    const messages = (describeService(sim).events as { message: string }[]).map((e) => e.message);
    expect(messages.some((m) => m.endsWith('Amazon ECS replaced 1 tasks due to an unhealthy status.'))).toBe(true);
  });

  it("service-goes-bad, going bad 100 s after it starts (the narrative's edit): never healthy, so the breaker fails the deployment after 10", () => {
    const { sim, all } = serviceRun('service-goes-bad', (o) => (o.faults[0].failAfterSeconds = 100));
    const names = all.flatMap((d) => (d.eventName ? [d.eventName] : []));
    expect(names).toContain('SERVICE_DEPLOYMENT_FAILED');
    expect(names).not.toContain('SERVICE_DEPLOYMENT_COMPLETED');
    expect(sim.tasks.every((t) => !t.everHealthy)).toBe(true);
    expect(sim.serviceSnapshot.context.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([['web:1', 'FAILED']]);
    // a task failing after the breaker tripped leaves the count that failed it (not 11 of 10), and is not counted
    expect(sim.tasks.filter((t) => t.countedAs !== null)).toHaveLength(10);
    expect(sim.tasks.filter((t) => t.failedAfterBreaker).length).toBeGreaterThan(0);
    expect(describeService(sim).deployments).toEqual([expect.objectContaining({ failedTasks: 10 })]);
  });

  describe('service-slow-start: the grace period decides whether a slow app survives its first failed checks', () => {
    const slow = (t: ServiceTask) => t.scenario.taskDefinition.containerDefinitions[0]!.image === 'registry.example/web:2';
    const grace = (seconds: number) => (o: Record<string, any>) => (o.service.healthCheckGracePeriodSeconds = seconds);
    const runningFor = (t: ServiceTask) => {
      const at = t.frames.at(-1)!.stamps;
      return (at.stoppingAt ?? Number.NaN) - (at.startedAt ?? Number.NaN);
    };

    it.each([
      [0, 60],
      [120, 120],
    ])('with a grace period of %i s each task of revision 2 is stopped for its failed ELB checks %i s after RUNNING, 10 times, and the deployment rolls back', (seconds, diesAfter) => {
      const { sim, all } = serviceRun('service-slow-start', grace(seconds));
      const names = all.flatMap((d) => (d.eventName ? [d.eventName] : []));
      expect(names.slice(names.indexOf('SERVICE_DEPLOYMENT_FAILED'))).toEqual(['SERVICE_DEPLOYMENT_FAILED', 'SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_STEADY_STATE']);
      const failed = sim.tasks.filter((t) => slow(t) && t.countedAs === 'failed its health checks');
      expect(failed).toHaveLength(10);
      // the tenth trips the breaker as its verdict counts: the rollback stops it, in its own words
      const replaced = failed.filter((t) => !/^Scaling activity initiated by \(deployment /.test(t.world.snap.context.stoppedReason ?? ''));
      expect(replaced).toHaveLength(9);
      for (const t of replaced) {
        expect(t.world.snap.context.stoppedReason).toMatch(/^Task failed ELB health checks in \(target-group arn:aws:elasticloadbalancing:/);
        // stopped when its verdict counts: at the unhealthy threshold (2 × 30 s after its registration, about a second after RUNNING), or at the grace period's end
        expect(runningFor(t) / 1000).toBeGreaterThanOrEqual(diesAfter - 1);
        expect(runningFor(t) / 1000).toBeLessThanOrEqual(diesAfter + 1);
      }
    });

    it('with 240 s the targets turn healthy again within it (90 s + 5 × 30 s after registration): revision 2 completes, no task of it stopped', () => {
      const { sim, all } = serviceRun('service-slow-start', grace(240));
      const names = all.flatMap((d) => (d.eventName ? [d.eventName] : []));
      expect(names).not.toContain('SERVICE_DEPLOYMENT_FAILED');
      expect(sim.serviceSnapshot.context.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([['web:2', 'COMPLETED']]);
      const revision2 = sim.tasks.filter(slow);
      expect(revision2).toHaveLength(2);
      expect(revision2.every((t) => t.world.status === 'RUNNING' && t.everHealthy && t.world.targets[0] === 'healthy')).toBe(true);
    });
  });

  it('service-spot-no-fallback: task 1 is on Spot; its replacement waits for Spot capacity (not FARGATE), the service 4 of 5 meanwhile', () => {
    const { sim, all } = serviceRun('service-spot-no-fallback');
    expect(sim.tasks.map((t) => t.scenario.capacityProviderName)).toEqual(['FARGATE', 'FARGATE_SPOT', 'FARGATE_SPOT', 'FARGATE', 'FARGATE_SPOT', 'FARGATE_SPOT']);
    expect(sim.tasks[1]!.world.snap.context.stopCode).toBe('SpotInterruption');
    expect(sim.tasks[5]!.createdAt).toBe(1_801_000);
    const failure = all.find((d) => d.eventName === 'SERVICE_TASK_PLACEMENT_FAILURE');
    expect(failure).toMatchObject({ reason: 'RESOURCE:FARGATE' });
    expect(Date.parse(failure!.createdAt as string) - sim.scenario.startTime).toBe(601_000);
    const names = all.flatMap((d) => (d.eventName ? [d.eventName] : []));
    expect(names.slice(-2)).toEqual(['SERVICE_STEADY_STATE', 'CAPACITY_PROVIDER_STEADY_STATE']);
    expect(sim.tasks.filter((t) => t.world.status === 'RUNNING')).toHaveLength(5);
  });

  describe('service-waits-for-room', () => {
    const events = (edit?: (o: Record<string, any>) => void) => serviceRun('service-waits-for-room', edit);
    const tasks = byTask;
    const at = (d: Detail | undefined) => Date.parse(d?.updatedAt ?? 'x') / 1000 - Date.parse('2026-01-01T00:00:00Z') / 1000;

    it('each new task waits in PENDING, with no pull, until the old task it replaces is STOPPED (its 120 s stopTimeout)', () => {
      const { all, sim } = events();
      const [old0, old1, new0, new1] = tasks(all);
      for (const [old, next] of [[old0!, new0!], [old1!, new1!]] as const) {
        const stopped = old.find((d) => d.lastStatus === 'STOPPED')!;
        const stopping = old.find((d) => d.desiredStatus === 'STOPPED')!;
        expect(at(stopped) - at(stopping)).toBeCloseTo(120, 0);
        expect(next[0]).toMatchObject({ lastStatus: 'PENDING' });
        expect(next[0]!.pullStartedAt).toBeUndefined();
        expect(at(next[0])).toBeCloseTo(at(stopping), -1);
        expect(Date.parse(next[1]!.pullStartedAt)).toBe(Date.parse(stopped.updatedAt));
        // its container's start reported first, then the task's RUNNING, as a single task's are
        expect(next[1]).toMatchObject({ lastStatus: 'PENDING', containers: [{ lastStatus: 'RUNNING' }] });
        expect(next[2]).toMatchObject({ lastStatus: 'RUNNING', updatedAt: next[1]!.updatedAt });
      }
      // one instance: every task runs on it, and events say so
      expect(new Set(all.filter((d) => d.taskArn).map((d) => d.containerInstanceArn)).size).toBe(1);
      expect(sim.notes.filter((n) => n.by === 'world').map((n) => n.note.split(':')[0])).toEqual([
        'task 2 waits in PENDING', 'task 2 stops waiting in PENDING', 'task 3 waits in PENDING', 'task 3 stops waiting in PENDING',
      ]);
      expect(all.at(-1)).toMatchObject({ eventName: 'SERVICE_STEADY_STATE' });
    });

    it('without the container instances there is always room: no wait', () => {
      const { all } = events((o) => delete o.containerInstances);
      const next = tasks(all)[2]!;
      // pulled as soon as its agent has it, not after a task stops
      const pulled = next.find((d) => d.pullStartedAt)!;
      expect(Date.parse(pulled.pullStartedAt) - Date.parse(next[0]!.createdAt)).toBeLessThanOrEqual(600);
    });

    it('with maximumPercent 200 there is no room to start into: a placement failure, as AWS prints it, and the deployment waits', () => {
      const { all } = events((o) => (o.service.deploymentConfiguration = { minimumHealthyPercent: 100, maximumPercent: 200 }));
      const failure = all.filter((d) => d.eventName === 'SERVICE_TASK_PLACEMENT_FAILURE');
      expect(failure).toHaveLength(1);
      expect(failure[0]).toMatchObject({ eventType: 'ERROR', reason: 'RESOURCE:CPU' });
      expect(failure[0]!.containerInstanceArns).toEqual([all.find((d) => d.taskArn)!.containerInstanceArn]);
      expect(tasks(all)).toHaveLength(2);
      const names = all.map((d) => d.eventName).filter(Boolean);
      expect(names.slice(names.lastIndexOf('SERVICE_DEPLOYMENT_IN_PROGRESS'))).toEqual(['SERVICE_DEPLOYMENT_IN_PROGRESS', 'SERVICE_TASK_PLACEMENT_FAILURE']);
    });
  });

  describe('service-distinct-instance', () => {
    const run = (edit?: (o: Record<string, any>) => void) => serviceRun('service-distinct-instance', edit);
    const t = (d: Detail | undefined) => Date.parse(d?.updatedAt ?? 'x');

    it('places each new task beside the old one it replaces, whose container runs on there until it has used its 120 s stopTimeout', () => {
      const { all, sim } = run();
      const [old0, old1, new0, new1] = byTask(all);
      expect(old0![0]!.containerInstanceArn).not.toBe(old1![0]!.containerInstanceArn);
      for (const [old, next] of [[old0!, new0!], [old1!, new1!]] as const) {
        expect(next[0]!.containerInstanceArn).toBe(old[0]!.containerInstanceArn);
        const nextRunning = t(next.find((d) => d.lastStatus === 'RUNNING'));
        const oldStopped = t(old.find((d) => d.lastStatus === 'STOPPED'));
        const oldStopping = t(old.find((d) => d.desiredStatus === 'STOPPED'));
        // the new task starts at once (the instance has room) and runs beside the old one
        expect(nextRunning).toBeLessThan(oldStopped);
        // what the old task's events said last when the new one started: stopping, its container still running
        const then = [...old].reverse().find((d) => t(d) <= nextRunning)!;
        expect(then).toMatchObject({ lastStatus: 'STOPPING', desiredStatus: 'STOPPED' });
        expect(then.containers[0]).toMatchObject({ lastStatus: 'RUNNING' });
        expect((oldStopped - oldStopping) / 1000).toBeCloseTo(120, 0);
      }
      expect(sim.notes.filter((n) => n.by === 'world').map((n) => n.note.split(',')[0])).toEqual([
        'task 2 is placed on container instance 1 (us-east-1a) beside task 0',
        'task 3 is placed on container instance 2 (us-east-1b) beside task 1',
      ]);
      expect(all.filter((d) => d.eventName === 'SERVICE_TASK_PLACEMENT_FAILURE')).toEqual([]);
      expect(all.at(-1)).toMatchObject({ eventName: 'SERVICE_STEADY_STATE' });
    });

    it('with minimumHealthyPercent 100 and maximumPercent 200 the new tasks find no instance of their own: the deploy stalls on the constraint', () => {
      const { all } = run((o) => (o.service.deploymentConfiguration = { minimumHealthyPercent: 100, maximumPercent: 200 }));
      const failure = all.filter((d) => d.eventName === 'SERVICE_TASK_PLACEMENT_FAILURE');
      expect(failure).toHaveLength(1);
      expect(failure[0]).toMatchObject({ eventType: 'ERROR', reason: 'DistinctInstance placement constraint unsatisfied.' });
      expect(byTask(all)).toHaveLength(2);
      expect(all.map((d) => d.eventName).filter(Boolean).at(-1)).toBe('SERVICE_TASK_PLACEMENT_FAILURE');
    });
  });
});
