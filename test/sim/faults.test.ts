import { describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { enteredAt, fargateWeb, realTaskDefinitions, run, statuses } from '../support/scenarios.ts';
import { runService, webService, webTd } from '../support/service.ts';
import { serviceEvents } from '../../src/sim/service/service-output.ts';
import { scenarioLifecycles } from '../../src/sim/paths/scenario-lifecycles.ts';

const nginxEc2 = realTaskDefinitions().find((d) => d.file === 'nginx_ec2.json')!.json;

/** A Fargate task with a web container and a non-essential log router. */
const twoContainers = (extra: Record<string, unknown>) =>
  loadScenario({
    taskDefinition: {
      family: 'app',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '512',
      memory: '1024',
      containerDefinitions: [
        { name: 'web', image: 'registry.example/web:1', essential: true },
        { name: 'log-router', image: 'registry.example/fluent-bit:2', essential: false },
      ],
    },
    ...extra,
  });

/** A small Fargate task whose container `failing` fails its health checks. */
const failingCheck = (failing: string, containerDefinitions: Record<string, unknown>[]) =>
  loadScenario({
    taskDefinition: { family: 'app', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions },
    faults: [{ step: 'HealthCheck', container: failing }],
  });

describe('faults', () => {
  describe('StopContainer ignoreSigterm', () => {
    it('should SIGKILL the container after its default stopTimeout (30 s) with exit code 137', () => {
      const sim = run(fargateWeb({ faults: [{ step: 'StopContainer', container: 'web', ignoreSigterm: true }] }));
      const web = sim.view().containers[0]!;
      expect(web.exitCode).toBe(137);
      expect(web.signals).toEqual(['SIGTERM', 'SIGKILL']);
      expect(enteredAt(sim, 'container-web', 'STOPPED')! - enteredAt(sim, 'container-web', 'STOPPING')!).toBe(30_000);
    });

    it('should, with exitCode, let the container exit on SIGTERM with that code (143: ended by the signal), before its stopTimeout and with no SIGKILL', () => {
      const sim = run(fargateWeb({ faults: [{ step: 'StopContainer', container: 'web', exitCode: 143 }] }));
      const web = sim.view().containers[0]!;
      expect(web.exitCode).toBe(143);
      expect(web.signals).toEqual(['SIGTERM']);
      expect(enteredAt(sim, 'container-web', 'STOPPED')! - enteredAt(sim, 'container-web', 'STOPPING')!).toBeLessThan(30_000);
      // as EventBridge and DescribeTasks give it
      expect((sim.events.at(-1)!.detail as { containers: { exitCode?: number }[] }).containers[0]!.exitCode).toBe(143);
      expect(sim.view().stopCode).toBe('UserInitiated');
    });

    it('should take stopTimeout 0 off Fargate as not set, as the ECS agent does (30 s), and say so', () => {
      const s = loadScenario({ taskDefinition: { family: 't', containerDefinitions: [{ name: 'app', image: 'a', memory: 128, stopTimeout: 0 }] }, timeline: [{ at: 100, action: 'StopTask' }], faults: [{ step: 'StopContainer', container: 'app' }] });
      expect(s.warnings).toEqual(['taskDefinition.containerDefinitions[0].stopTimeout 0: the ECS agent takes 0 as not set and waits its default, 30 s (ECS_CONTAINER_STOP_TIMEOUT), before SIGKILL']);
      const sim = run(s);
      expect(enteredAt(sim, 'container-app', 'STOPPED')! - enteredAt(sim, 'container-app', 'STOPPING')!).toBe(30_000);
    });

    it('should honour the container stopTimeout', () => {
      const s = fargateWeb({ faults: [{ step: 'StopContainer', container: 'web', ignoreSigterm: true }] });
      s.taskDefinition.containerDefinitions[0]!.stopTimeout = 90;
      const sim = run(s);
      expect(enteredAt(sim, 'container-web', 'STOPPED')! - enteredAt(sim, 'container-web', 'STOPPING')!).toBe(90_000);
    });
  });

  describe('PullImage', () => {
    it('should never reach RUNNING and stop with TaskFailedToStart, cleaning up the ENI through DEPROVISIONING', () => {
      const sim = run(fargateWeb({ faults: [{ step: 'PullImage', container: 'web' }] }));
      expect(statuses(sim)).toEqual(['PROVISIONING', 'PENDING', 'DEPROVISIONING', 'STOPPED']);
      const v = sim.view();
      expect(v.stopCode).toBe('TaskFailedToStart');
      // Fargate pulls with containerd: its words
      expect(v.stoppedReason).toBe('CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref public.ecr.aws/nginx/nginx:1.27: public.ecr.aws/nginx/nginx:1.27: not found');
      expect(v.eni?.status).toBe('DELETED');
      expect(v.containers[0]!.signals).toEqual([]);
      // its execution stopped when the pull failed (AWS's stop-task example of a task that failed to start has the stamp)
      const task = sim.describeTask() as Record<string, number>;
      expect(task.executionStoppedAt).toBe(task.stoppingAt);
      expect(task.executionStoppedAt).toBeGreaterThanOrEqual(task.pullStoppedAt!);
    });

    it('should go straight from PENDING to STOPPED for a bridge task', () => {
      const sim = run(loadScenario({ taskDefinition: nginxEc2, faults: [{ step: 'PullImage', container: 'nginx' }] }));
      expect(statuses(sim)).toEqual(['PENDING', 'STOPPED']);
      expect(sim.view().stopCode).toBe('TaskFailedToStart');
      // on EC2 the agent passes on the Docker daemon's answer
      expect(sim.view().stoppedReason).toBe('CannotPullContainerError: Error response from daemon: manifest for nginx:latest not found: manifest unknown: manifest unknown');
    });

    it('should let an EC2 task run on without a non-essential container whose pull failed (the agent tries to run it anyway), and stop a Fargate one; what waits on that container gives up', () => {
      const containers = () => [
        { name: 'web', image: 'nginx:1.27', memory: 256 },
        { name: 'xray', image: 'amazon/aws-xray-daemon:3', memory: 64, essential: false },
        { name: 'log', image: 'fluent-bit:3', memory: 64, essential: false, dependsOn: [{ containerName: 'xray', condition: 'START' }] },
      ];
      const ec2 = run(loadScenario({ taskDefinition: { family: 'x', containerDefinitions: containers() }, launchType: 'EC2', faults: [{ step: 'PullImage', container: 'xray' }], timeline: [{ at: 300, action: 'StopTask' }] }), 3600);
      expect(statuses(ec2)).toContain('RUNNING');
      expect(ec2.view().stopCode).toBe('UserInitiated');
      const xray = ec2.view().containers.find((c) => c.name === 'xray')!;
      expect(xray).toMatchObject({ state: 'STOPPED', exitCode: null, signals: [] });
      expect(xray.reason).toMatch(/^CannotPullContainerError: /);
      // held at PULLED, desired STOPPED, until its dependants stop: to log it will never start
      expect(ec2.view().containers.find((c) => c.name === 'log')).toMatchObject({
        exitCode: 143,
        signals: [],
        reason: 'CannotStartContainerError: dependency graph: failed to resolve container ordering dependency [xray(amazon/aws-xray-daemon:3) (PULLED->STOPPED)] for target [log(fluent-bit:3) (MANIFEST_PULLED->RUNNING)] because dependency will never start',
      });
      // an essential container waiting on it makes the task fail to start, whatever the condition
      for (const condition of ['START', 'COMPLETE', 'SUCCESS']) {
        const held = containers().map((c) => (c.name === 'log' ? { ...c, essential: true, dependsOn: [{ containerName: 'xray', condition }] } : c));
        const sim = run(loadScenario({ taskDefinition: { family: 'x', containerDefinitions: held }, launchType: 'EC2', faults: [{ step: 'PullImage', container: 'xray' }] }), 3600);
        expect(sim.view(), condition).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
        expect(sim.view().stoppedReason, condition).toMatch(/\[xray\(.+\) \(PULLED->STOPPED\)\] .* because dependency will never start$/);
      }
      const fargate = run(
        loadScenario({ taskDefinition: { family: 'x', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: containers() }, faults: [{ step: 'PullImage', container: 'xray' }] }),
        3600,
      );
      expect(statuses(fargate)).not.toContain('RUNNING');
      expect(fargate.view().stoppedReason).toMatch(/^CannotPullContainerError: /);
    });

    it('should name a Docker Hub image as each puller does: Docker adds the tag, containerd (Fargate) the registry too', () => {
      const reason = (launchType: string, image: string) => {
        const fargate = launchType === 'FARGATE';
        const sim = run(
          loadScenario({
            taskDefinition: { family: 'x', networkMode: fargate ? 'awsvpc' : 'bridge', cpu: '256', memory: '512', containerDefinitions: [{ name: 'app', image, memory: 256 }] },
            launchType,
            faults: [{ step: 'PullImage', container: 'app' }],
          }),
        );
        return sim.view().stoppedReason!.replace(/^.*(failed to resolve ref|manifest for) /, '');
      };
      expect(reason('FARGATE', 'tomcat')).toBe('docker.io/library/tomcat:latest: docker.io/library/tomcat:latest: not found');
      expect(reason('FARGATE', 'jboss/wildfly:26')).toBe('docker.io/jboss/wildfly:26: docker.io/jboss/wildfly:26: not found');
      expect(reason('FARGATE', 'docker.elastic.co/kibana/kibana:6.0.0')).toMatch(/^docker\.elastic\.co\/kibana\/kibana:6\.0\.0: /);
      expect(reason('EC2', 'tomcat')).toBe('tomcat:latest not found: manifest unknown: manifest unknown');
      expect(reason('EC2', 'localhost:5000/app')).toBe('localhost:5000/app:latest not found: manifest unknown: manifest unknown');
      // Docker's short form of a Hub name written in full
      expect(reason('EC2', 'docker.io/library/tomcat')).toBe('tomcat:latest not found: manifest unknown: manifest unknown');
      expect(reason('FARGATE', 'docker.io/library/tomcat')).toBe('docker.io/library/tomcat:latest: docker.io/library/tomcat:latest: not found');
    });
  });

  describe('PlaceTask (no capacity on EC2)', () => {
    const kibanaEc2 = realTaskDefinitions().find((d) => d.file === 'kibana_ec2.json')!.json;
    // only an Auto Scaling group capacity provider holds a task for capacity
    const ASG = [{ capacityProvider: 'web-asg', weight: 1 }];

    it('should hold a bridge task in PROVISIONING until capacity arrives, then run as usual', () => {
      const sim = run(loadScenario({ taskDefinition: nginxEc2, capacityProviderStrategy: ASG, faults: [{ step: 'PlaceTask', capacityAfterSeconds: 240 }], timeline: [{ at: 600, action: 'StopTask' }] }));
      expect(statuses(sim)).toEqual(['PROVISIONING', 'PENDING', 'RUNNING', 'STOPPING', 'STOPPED']);
      expect(enteredAt(sim, 'task', 'PENDING')).toBe(240_000);
      expect(sim.view().capacity).toBe('PLACED');
      expect(sim.view().stopCode).toBe('UserInitiated');
    });

    it('should wait for capacity whatever was simulated before from the same task definition without the fault (the paths do that)', () => {
      const s = loadScenario({ taskDefinition: nginxEc2, capacityProviderStrategy: ASG, faults: [{ step: 'PlaceTask', capacityAfterSeconds: 240 }], timeline: [{ at: 600, action: 'StopTask' }] });
      run({ ...s, faults: [] }, 60);
      expect(enteredAt(run(s), 'task', 'PENDING')).toBe(240_000);
      // and the other way round: no wait (a bridge task starts in PENDING) once the fault is gone
      expect(statuses(run({ ...s, faults: [] }))[0]).toBe('PENDING');
    });

    it('should stop a bridge task that never gets capacity straight from PROVISIONING, 10 to 30 minutes later', () => {
      // (XState's development build warns when an event reaches a stopped
      // actor: the capacity wait's end must not arrive after the task stopped)
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const sim = run(loadScenario({ taskDefinition: nginxEc2, capacityProviderStrategy: ASG, faults: [{ step: 'PlaceTask' }] }));
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([]);
      warn.mockRestore();
      expect(statuses(sim)).toEqual(['PROVISIONING', 'STOPPED']);
      const v = sim.view();
      expect(v.stopCode).toBe('TaskFailedToStart');
      expect(v.stoppedReason).toMatch(/^Capacity is unavailable/);
      expect(v.capacity).toBe('UNAVAILABLE');
      expect(v.containers.every((c) => c.lastStatus === 'STOPPED' && c.signals.length === 0 && c.exitCode === null)).toBe(true);
      const gaveUp = enteredAt(sim, 'task', 'STOPPED')!;
      expect(gaveUp).toBeGreaterThanOrEqual(600_000);
      expect(gaveUp).toBeLessThanOrEqual(1_800_000);
      // the events say so too: no startedAt, no pull, TaskFailedToStart
      const last = (sim.events.at(-1) as { detail: Record<string, unknown> }).detail;
      expect(last).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
      expect(last).not.toHaveProperty('startedAt');
      expect(last).not.toHaveProperty('pullStartedAt');
    });

    it('should create the ENI of an awsvpc task only once the task is placed, and not at all when capacity never comes (PROVISIONING → STOPPED)', () => {
      const placed = run(loadScenario({ taskDefinition: kibanaEc2, capacityProviderStrategy: ASG, faults: [{ step: 'PlaceTask', capacityAfterSeconds: 120 }], timeline: [{ at: 600, action: 'StopTask' }] }));
      expect(enteredAt(placed, 'eni', 'CREATED')).toBeGreaterThan(120_000);
      expect(statuses(placed)).toEqual(['PROVISIONING', 'PENDING', 'RUNNING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);

      const never = run(loadScenario({ taskDefinition: kibanaEc2, capacityProviderStrategy: ASG, faults: [{ step: 'PlaceTask' }] }));
      expect(statuses(never)).toEqual(['PROVISIONING', 'STOPPED']);
      expect(enteredAt(never, 'eni', 'ATTACHING')).toBeUndefined();
      expect(enteredAt(never, 'eni', 'DETACHING')).toBeUndefined();
      expect(never.view().eni?.status).toBe('DELETED');
    });

    it('should stop waiting when the task is stopped in PROVISIONING: the first stop code stands', () => {
      const sim = run(loadScenario({ taskDefinition: nginxEc2, capacityProviderStrategy: ASG, faults: [{ step: 'PlaceTask' }], timeline: [{ at: 60, action: 'StopTask', reason: 'not needed' }] }));
      expect(statuses(sim)).toEqual(['PROVISIONING', 'STOPPED']);
      expect(enteredAt(sim, 'task', 'STOPPED')).toBe(60_000);
      expect(sim.view()).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'not needed', capacity: 'CANCELLED' });
    });

    it('should give the same timings to everything else as the run without the fault', () => {
      const without = run(loadScenario({ taskDefinition: nginxEc2, timeline: [{ at: 600, action: 'StopTask' }] }));
      const waiting = run(loadScenario({ taskDefinition: nginxEc2, capacityProviderStrategy: ASG, faults: [{ step: 'PlaceTask', capacityAfterSeconds: 100 }], timeline: [{ at: 700, action: 'StopTask' }] }));
      const pull = (sim: typeof without) => enteredAt(sim, 'container-nginx', 'CREATED')! - enteredAt(sim, 'container-nginx', 'PULLING')!;
      expect(pull(waiting)).toBe(pull(without));
    });
  });

  describe('RegisterInstance', () => {
    it('should not pass DEACTIVATING for an instance whose registration failed (none exists), and remove one that registered', () => {
      // only a Cloud Map registry: nothing was registered, so nothing is undone (§2), as for a failed target
      const alone = run(fargateWeb({ loadBalancers: [], faults: [{ step: 'RegisterInstance' }] }));
      expect(statuses(alone)).toEqual(['PROVISIONING', 'PENDING', 'ACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);
      expect(alone.view().stopCode).toBe('TaskFailedToStart');
      expect(alone.view().registry?.state).toBe('FAILED');
      expect(alone.trace.filter((e) => e.actor === 'registry').map((e) => e.to)).toEqual(['NOT_REGISTERED', 'REGISTERING', 'FAILED']);
      // beside a target that registered: DEACTIVATING drains the target, the failed instance stays as it is
      const failed = run(fargateWeb({ faults: [{ step: 'RegisterInstance' }] }));
      expect(statuses(failed)).toContain('DEACTIVATING');
      expect(failed.trace.filter((e) => e.actor === 'registry').map((e) => e.to)).toEqual(['NOT_REGISTERED', 'REGISTERING', 'FAILED']);
      expect(failed.trace.some((e) => e.actor === 'target-0' && e.to === 'draining')).toBe(true);
      const registered = run(fargateWeb());
      expect(registered.trace.find((e) => e.actor === 'registry' && e.to === 'DEREGISTERED')).toMatchObject({ from: 'DEREGISTERING', note: 'instance removed' });
    });
  });

  describe('AttachEni', () => {
    it('should stop with TaskFailedToStart without ever reaching PENDING', () => {
      const sim = run(fargateWeb({ faults: [{ step: 'AttachEni' }] }));
      expect(statuses(sim)).toEqual(['PROVISIONING', 'DEPROVISIONING', 'STOPPED']);
      expect(sim.view().stopCode).toBe('TaskFailedToStart');
      expect(sim.view().stoppedReason).toBe('Timeout waiting for network interface provisioning to complete.');
      expect(sim.view().containers.every((c) => c.signals.length === 0 && c.lastStatus === 'STOPPED')).toBe(true);
      // no container was ever tried: no execution to stop
      expect(sim.describeTask()).not.toHaveProperty('executionStoppedAt');
      // the trace says what is undone: an interface that never attached is deleted, not detached
      expect(sim.trace.find((e) => e.actor === 'task' && e.to === 'DEPROVISIONING')?.note).toBe('no container runs; deleting the network interface, which was never attached');
      expect(sim.trace.find((e) => e.actor === 'eni' && e.to === 'DETACHED')).toMatchObject({ from: 'FAILED', note: 'never attached; deleting [our model: deleted without a detach]' });
      // an attached one is detached first
      const attached = run(fargateWeb());
      expect(attached.trace.find((e) => e.actor === 'task' && e.to === 'DEPROVISIONING')?.note).toBe('no container runs; detaching and deleting the network interface');
      expect(attached.trace.find((e) => e.actor === 'eni' && e.to === 'DETACHED')).toMatchObject({ from: 'DETACHING', note: 'detached; deleting' });
    });
  });

  describe('ReleaseEni', () => {
    it('should hold the task in DEPROVISIONING, its ENI in DETACHING, with no event, until ECS has its role back', () => {
      const stuck = run(fargateWeb({ faults: [{ step: 'ReleaseEni' }] }), 24 * 3600);
      expect(stuck.view()).toMatchObject({ lastStatus: 'DEPROVISIONING', desiredStatus: 'STOPPED', eni: { status: 'DETACHING' } });
      const stuckAt = enteredAt(stuck, 'task', 'DEPROVISIONING')!;
      expect(stuck.events.at(-1)!.detail).toMatchObject({ lastStatus: 'DEPROVISIONING' });
      expect(Date.parse(stuck.events.at(-1)!.detail.updatedAt as string) - stuck.scenario.startTime).toBe(stuckAt);
      expect(stuck.describeTask()).not.toHaveProperty('stoppedAt');

      const restored = run(fargateWeb({ faults: [{ step: 'ReleaseEni', restoredAfterSeconds: 2400 }] }));
      expect(statuses(restored)).toEqual(statuses(run(fargateWeb())));
      // the release starts over once the role is back: detach and delete take seconds
      expect(enteredAt(restored, 'eni', 'DELETED')! / 1000).toBeGreaterThan(2400);
      expect(enteredAt(restored, 'eni', 'DELETED')! / 1000).toBeLessThan(2410);
      expect(restored.describeTask()).toHaveProperty('stoppedAt');
    });

    it('should let a task whose role came back before its stop release its ENI as usual', () => {
      const usual = run(fargateWeb());
      const early = run(fargateWeb({ faults: [{ step: 'ReleaseEni', restoredAfterSeconds: 300 }] }));
      // the same events (their ids aside: the scenarios differ, so their events are named apart)
      const unnamed = (sim: ReturnType<typeof run>) => sim.events.map(({ id: _, ...e }) => e);
      expect(unnamed(early)).toEqual(unnamed(usual));
    });

    it("should keep a service's old tasks in DEPROVISIONING, so the deployment completes only once the role is back", () => {
      const deploy = (faults: object[]) => {
        const sim = runService(webService({ desiredCount: 2 }, { timeline: [{ at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }], faults }));
        const done = serviceEvents(sim).filter((e) => e.detail.eventName === 'SERVICE_DEPLOYMENT_COMPLETED').map((e) => Date.parse(e.time) / 1000 - Date.parse('2026-01-01T00:00:00Z') / 1000);
        return { sim, done };
      };
      const usual = deploy([]);
      const held = deploy([{ step: 'ReleaseEni', restoredAfterSeconds: 3000 }]);
      expect(usual.done.at(-1)!).toBeLessThan(1000);
      expect(held.done.at(-1)!).toBeGreaterThan(3000);
      // the new revision runs meanwhile; the old tasks do stop in the end
      expect(held.sim.tasks.filter((t) => t.world.status === 'RUNNING')).toHaveLength(2);
      expect(held.sim.tasks.filter((t) => t.world.status === 'STOPPED')).toHaveLength(2);
    });
  });

  describe('startTimeout', () => {
    const TIMED_OUT = 'CannotStartContainerError: dependency graph: container ordering dependency [migrate(registry.example/migrate:1) (RUNNING->RUNNING)] for target [app(registry.example/app:1) (MANIFEST_PULLED->RUNNING)] has timed out.';
    /** An app that waits for a migration job to succeed; the job never ends on its own. */
    const migrate = (startTimeout: number | null, exitAt: number | null = null) =>
      loadScenario({
        taskDefinition: {
          family: 'app', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
          containerDefinitions: [
            { name: 'migrate', image: 'registry.example/migrate:1', essential: false, ...(startTimeout === null ? {} : { startTimeout }) },
            { name: 'app', image: 'registry.example/app:1', dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] },
          ],
        },
        timeline: exitAt === null ? [] : [{ at: exitAt, action: 'ContainerExit', container: 'migrate', exitCode: 0 }],
      });

    it("should make a container give up on a dependency that has not held by the dependency's startTimeout, and stop the task", () => {
      const sim = run(migrate(60));
      const started = enteredAt(sim, 'container-migrate', 'RUNNING')!;
      expect(enteredAt(sim, 'task', 'STOPPING')).toBe(started + 60_000);
      expect(sim.view()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
      // worded as the agent words its terminal dependency errors
      expect(sim.view().stoppedReason).toBe(TIMED_OUT);
      expect(statuses(sim)).not.toContain('RUNNING');
      const app = sim.view().containers.find((c) => c.name === 'app')!;
      expect(app.signals).toEqual([]);
      // the agent stops it with 143 and the same reason; its image was never pulled (it waited for migrate)
      expect(app).toMatchObject({ state: 'STOPPED', exitCode: 143, reason: TIMED_OUT });
      expect(enteredAt(sim, 'container-app', 'PULLING')).toBeUndefined();
      expect(sim.view().containers.find((c) => c.name === 'migrate')!.signals).toEqual(['SIGTERM']);
    });

    it('should wait for ever without a startTimeout, and change nothing when the dependency holds in time', () => {
      expect(run(migrate(null)).view()).toMatchObject({ lastStatus: 'PENDING', desiredStatus: 'RUNNING' });
      // the job succeeds 30 s after it started, well within its 60 s
      const started = enteredAt(run(migrate(60)), 'container-migrate', 'RUNNING')!;
      const inTime = run(migrate(60, Math.ceil(started / 1000) + 30));
      expect(inTime.view().lastStatus).toBe('RUNNING');
      expect(inTime.view().containers.find((c) => c.name === 'app')!.lastStatus).toBe('RUNNING');
    });

    it("should do the same for a service's tasks, whose side steps the world plays", () => {
      const td = migrate(60).taskDefinition;
      const svc = runService(webService({ desiredCount: 1, loadBalancers: [] }, { taskDefinition: td }), 400);
      const first = svc.tasks[0]!.world.snap.context;
      expect(first.stopCode).toBe('TaskFailedToStart');
      expect(first.stoppedReason).toBe(TIMED_OUT);
      expect(first.containers.app).toMatchObject({ lastStatus: 'STOPPED', exitCode: 143, reason: TIMED_OUT });
    });
  });

  describe('RegisterTargets', () => {
    it('should fail to start, deregister what registered and stop the running containers (inferred)', () => {
      const sim = run(fargateWeb({ faults: [{ step: 'RegisterTargets' }] }));
      expect(statuses(sim)).not.toContain('RUNNING');
      expect(sim.view().stopCode).toBe('TaskFailedToStart');
      expect(sim.view().registry?.state).toBe('DEREGISTERED');
      expect(sim.view().lastStatus).toBe('STOPPED');
      // the reason names the target group by its ARN, as the scenario does
      expect(sim.view().stoppedReason).toBe(`ResourceInitializationError: failed to register the task with target group ${sim.scenario.loadBalancers[0]!.targetGroupArn}`);
    });
  });

  describe('RunContainer (a crash after the start)', () => {
    it('should end the process by itself afterSeconds after it started, with its exitCode: an essential one stops the task', () => {
      const sim = run(twoContainers({ faults: [{ step: 'RunContainer', container: 'web', afterSeconds: 45, exitCode: 3 }] }));
      const started = enteredAt(sim, 'container-web', 'RUNNING')!;
      expect(enteredAt(sim, 'container-web', 'STOPPED')! - started).toBe(45_000);
      const v = sim.view();
      expect([v.lastStatus, v.stopCode]).toEqual(['STOPPED', 'EssentialContainerExited']);
      expect(v.containers.find((c) => c.name === 'web')!.exitCode).toBe(3);
    });

    it('should leave the task RUNNING when the container is not essential, and default to exit code 1 after 10 s', () => {
      const sim = run(twoContainers({ faults: [{ step: 'RunContainer', container: 'log-router' }] }), 600);
      const v = sim.view();
      expect([v.lastStatus, v.desiredStatus]).toEqual(['RUNNING', 'RUNNING']);
      expect(enteredAt(sim, 'container-log-router', 'STOPPED')! - enteredAt(sim, 'container-log-router', 'RUNNING')!).toBe(10_000);
      expect(v.containers.find((c) => c.name === 'log-router')!.exitCode).toBe(1);
    });

    it('should end the process when due even while it is being stopped, in a single task and in a service alike', () => {
      // it ignores SIGTERM (SIGKILL would come 120 s after the StopTask), but its crash is due first
      const slowStop = (td: Record<string, any>) => ({ ...td, containerDefinitions: td.containerDefinitions.map((c: object, i: number) => (i === 0 ? { ...c, stopTimeout: 120 } : c)) });
      const faults = [{ step: 'RunContainer', container: 'web', afterSeconds: 60, exitCode: 7 }, { step: 'StopContainer', container: 'web' }];
      const single = run(loadScenario({ taskDefinition: slowStop(webTd()), faults, timeline: [{ at: 70, action: 'StopTask' }] }));
      const started = enteredAt(single, 'container-web', 'RUNNING')!;
      expect(started).toBeLessThan(70_000);
      expect(enteredAt(single, 'container-web', 'STOPPING')).toBe(70_000);
      expect(enteredAt(single, 'container-web', 'STOPPED')! - started).toBe(60_000);
      expect(single.view().containers.find((c) => c.name === 'web')!.exitCode).toBe(7);
      const service = runService(loadScenario({ taskDefinition: slowStop(webTd()), service: { serviceName: 'web', desiredCount: 1 }, faults, timeline: [{ at: 50, action: 'StopTask', task: 0 }] }), 600);
      const first = service.tasks[0]!;
      const when = (status: string) => first.frames.find((f) => f.context.containers.web!.lastStatus === status)?.t;
      expect(when('RUNNING')).toBeLessThan(50_000);
      expect(when('STOPPED')! - when('RUNNING')!).toBe(60_000);
      expect(first.world.snap.context.containers.web!.exitCode).toBe(7);
    });

    it("should crash a service's task afterSeconds after its container started, with its exitCode, as a single task's", () => {
      const faults = [{ step: 'RunContainer', container: 'web', afterSeconds: 45, exitCode: 5 }];
      const service = runService(loadScenario({ taskDefinition: webTd(), service: { serviceName: 'web', desiredCount: 1 }, faults }), 300);
      const first = service.tasks[0]!;
      const when = (status: string) => first.frames.find((f) => f.context.containers.web!.lastStatus === status)?.t;
      expect(when('STOPPED')! - when('RUNNING')!).toBe(45_000);
      expect([first.world.snap.context.stopCode, first.world.snap.context.containers.web!.exitCode]).toEqual(['EssentialContainerExited', 5]);
      // and it was replaced: the next task crashes the same way
      expect(service.tasks.length).toBeGreaterThan(1);
    });

    it('should leave no crash waiting in a single task once its container ended otherwise: the run has nothing left to do', () => {
      const sim = createSimulation(twoContainers({ faults: [{ step: 'RunContainer', container: 'log-router', afterSeconds: 600 }], timeline: [{ at: 60, action: 'ContainerExit', container: 'log-router', exitCode: 0 }] }));
      sim.runUntil(100_000);
      expect(sim.view().lastStatus).toBe('RUNNING');
      expect(sim.nextAt()).toBeNull();
    });

    it("should crash every task of a service's new revision: crashing before they were healthy, each counts for the circuit breaker (not the throttle), which rolls back", () => {
      const s = webService(
        { desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } } },
        { timeline: [{ at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }], faults: [{ step: 'RunContainer', image: 'registry.example/app:2', afterSeconds: 20 }] },
      );
      const sim = runService(s, 3600);
      const revision = (t: (typeof sim.tasks)[number]) => t.scenario.taskDefinition.containerDefinitions[0]!.image;
      const crashed = sim.tasks.filter((t) => revision(t) === 'registry.example/app:2' && t.world.snap.context.stopCode === 'EssentialContainerExited');
      // the breaker's threshold of 10, each one ran and then exited
      expect(crashed).toHaveLength(10);
      expect(crashed.every((t) => t.world.snap.context.ran)).toBe(true);
      const names = serviceEvents(sim).map((e) => (e.detail as { eventName?: string }).eventName);
      expect(names).toContain('SERVICE_DEPLOYMENT_FAILED');
      expect(names).not.toContain('SERVICE_TASK_START_IMPAIRED');
      // the old revision keeps serving all along
      expect(sim.tasks.filter((t) => revision(t) === 'registry.example/app:1' && t.world.status === 'RUNNING')).toHaveLength(2);
    });

    it("should replace for ever a revision that crashes after it was healthy: the circuit breaker does not count it, and the deployment completes", () => {
      const s = webService(
        { desiredCount: 2, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } },
        { timeline: [{ at: 300, action: 'UpdateService', taskDefinition: webTd('registry.example/app:2') }], faults: [{ step: 'RunContainer', image: 'registry.example/app:2', afterSeconds: 400 }] },
      );
      const sim = runService(s, 3 * 3600);
      const crashed = sim.tasks.filter((t) => t.world.snap.context.stopCode === 'EssentialContainerExited');
      expect(crashed.length).toBeGreaterThan(30);
      const names = serviceEvents(sim).map((e) => (e.detail as { eventName?: string }).eventName);
      expect(names).not.toContain('SERVICE_DEPLOYMENT_FAILED');
      expect(sim.serviceSnapshot.context.deployments.map((d) => [d.taskDefinition, d.rolloutState, d.failedTasks])).toEqual([['web:2', 'COMPLETED', 0]]);
    });

    it("should leave no timer behind in a service: a task scaled in before its crash lets the run end", () => {
      const sim = runService(webService({ desiredCount: 1 }, { timeline: [{ at: 100, action: 'UpdateService', desiredCount: 0 }], faults: [{ step: 'RunContainer', container: 'web', afterSeconds: 3000 }] }), 20_000);
      expect(sim.tasks.every((t) => t.world.status === 'STOPPED')).toBe(true);
      expect(sim.now()).toBeLessThan(1000_000);
    });
  });

  describe('ContainerExit', () => {
    it('should stop the task with EssentialContainerExited when an essential container exits', () => {
      const sim = run(twoContainers({ timeline: [{ at: 120, action: 'ContainerExit', container: 'web', exitCode: 1 }] }));
      const v = sim.view();
      expect(v.lastStatus).toBe('STOPPED');
      expect(v.stopCode).toBe('EssentialContainerExited');
      expect(v.stoppedReason).toBe('Essential container in task exited');
      expect(v.containers.find((c) => c.name === 'web')!.exitCode).toBe(1);
    });

    it('should keep the task RUNNING when a non-essential container exits, with its exit code', () => {
      const sim = run(twoContainers({ timeline: [{ at: 120, action: 'ContainerExit', container: 'log-router', exitCode: 2 }] }), 600);
      const v = sim.view();
      expect(v.lastStatus).toBe('RUNNING');
      expect(v.desiredStatus).toBe('RUNNING');
      const router = v.containers.find((c) => c.name === 'log-router')!;
      expect(router.lastStatus).toBe('STOPPED');
      expect(router.exitCode).toBe(2);
      const last = sim.events.at(-1) as unknown as { detail: { containers: { name: string; exitCode?: number; lastStatus: string }[] } };
      expect(last.detail.containers.find((c) => c.name === 'log-router')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 2 });
    });

    it('should refuse, live, what a scenario file could not say: an exit code over 255, a Spot notice on EC2', () => {
      const fargateSim = run(twoContainers({}), 120);
      expect(fargateSim.act({ action: 'ContainerExit', container: 'web', exitCode: 300 })).toBe('ContainerExit ignored: exitCode must be an integer from 0 to 255, got 300');
      expect(fargateSim.view().containers[0]!.lastStatus).toBe('RUNNING');
      const ec2 = run(loadScenario({ taskDefinition: nginxEc2 }), 120);
      expect(ec2.act({ action: 'SpotInterruption' })).toBe('SpotInterruption ignored: SpotInterruption is for Fargate Spot tasks, but launchType is EC2 (an EC2 Spot instance interruption is not simulated)');
      expect(ec2.view().desiredStatus).toBe('RUNNING');
      // StopTask's reason: up to 255 characters (an emoji is one)
      expect(fargateSim.act({ action: 'StopTask', reason: 'x'.repeat(300) })).toBe("StopTask refused: reason must be at most 255 characters (StopTask's limit), got 300");
      // a Hebrew reason with its ordinary direction mark is fine; an override is not
      expect(loadScenario({ taskDefinition: nginxEc2, timeline: [{ at: 5, action: 'StopTask', reason: 'עצירה ידנית\u200f (deploy)' }] }).timeline[0]).toMatchObject({ reason: 'עצירה ידנית\u200f (deploy)' });
      expect(fargateSim.act({ action: 'StopTask', reason: 'done\u202e' })).toBe('StopTask refused: reason must not contain control characters or direction overrides, got U+202E at character 5');
      expect(fargateSim.view().desiredStatus).toBe('RUNNING');
      expect(fargateSim.act({ action: 'StopTask', reason: '🛑'.repeat(255) })).toBeNull();
      expect(fargateSim.view().stoppedReason).toBe('🛑'.repeat(255));
    });

    it('should report an exit of a container that is not running as ignored, not fail', () => {
      const sim = run(twoContainers({ timeline: [{ at: 1, action: 'ContainerExit', container: 'web', exitCode: 1 }] }), 600);
      expect(sim.view().lastStatus).toBe('RUNNING');
      expect(sim.trace.find((e) => e.actor === 'user')?.note).toMatch(/^ContainerExit ignored: container web has not started yet \(its lastStatus PENDING: its image (is not pulled yet|is being pulled)\)$/);
    });

    it('should say a container waits for what it depends on before its image is pulled, when an exit reaches it then', () => {
      const chain = [
        { name: 'init', image: 'i', memory: 64, essential: false },
        { name: 'app', image: 'a', memory: 128, dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] },
      ];
      // init never ends by itself: app waits for good, its image not even pulled
      const sim = run(loadScenario({ taskDefinition: { family: 't', containerDefinitions: chain }, timeline: [{ at: 120, action: 'ContainerExit', container: 'app' }] }), 200);
      expect(sim.trace.find((e) => e.actor === 'user')?.note).toBe(
        'ContainerExit ignored: container app has not started yet (its lastStatus PENDING: it waits for init (SUCCESS), its dependsOn, before its image is pulled)',
      );
    });
  });

  describe('HealthCheck on a dependency', () => {
    const dbAndWeb = (startTimeout: number | null) =>
      failingCheck('db', [
        { name: 'db', image: 'registry.example/db:1', healthCheck: { command: ['CMD-SHELL', 'pg_isready'] }, ...(startTimeout === null ? {} : { startTimeout }) },
        { name: 'web', image: 'registry.example/web:1', dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] },
      ]);

    it('should keep a container waiting for a HEALTHY dependency whose checks fail, as the agent does: for ever without a startTimeout', () => {
      const sim = run(dbAndWeb(null), 3600);
      expect(sim.trace.some((e) => e.actor === 'container-db' && /UNHEALTHY/.test(e.note))).toBe(true);
      expect(sim.view()).toMatchObject({ lastStatus: 'PENDING', desiredStatus: 'RUNNING' });
      expect(sim.view().containers.find((c) => c.name === 'web')).toMatchObject({ state: 'NONE', exitCode: null });
    });

    it('should make it give up at the dependency’s startTimeout, timed out, and not at the failed checks', () => {
      const sim = run(dbAndWeb(300), 3600);
      const unhealthy = sim.trace.find((e) => e.actor === 'container-db' && /UNHEALTHY/.test(e.note))!.t;
      const dbStarted = enteredAt(sim, 'container-db', 'RUNNING')!;
      expect(unhealthy).toBeLessThan(dbStarted + 300_000);
      expect(enteredAt(sim, 'container-web', 'STOPPED')).toBe(dbStarted + 300_000);
      expect(sim.view()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
      expect(sim.view().stoppedReason).toBe(
        'CannotStartContainerError: dependency graph: container ordering dependency [db(registry.example/db:1) (RUNNING->RUNNING)] for target [web(registry.example/web:1) (MANIFEST_PULLED->RUNNING)] has timed out.',
      );
    });
  });

  describe('HealthCheck with a start period', () => {
    // A one-container task whose health check always fails; when is it UNHEALTHY, counted from its start?
    const unhealthyAfter = (healthCheck: Record<string, unknown>) => {
      const sim = run(failingCheck('web', [{ name: 'web', image: 'registry.example/web:1', healthCheck: { command: ['CMD-SHELL', 'exit 1'], ...healthCheck } }]), 3600);
      const unhealthy = sim.trace.find((e) => e.actor === 'container-web' && /UNHEALTHY/.test(e.note))!;
      return unhealthy.t - enteredAt(sim, 'container-web', 'RUNNING')!;
    };

    it('should count failures only after the start period: the retries come on top of it, checked every interval', () => {
      // checks at 30, 60, …; 300 s of grace, then three failures at 300, 330, 360
      expect(Math.floor(unhealthyAfter({ interval: 30, retries: 3, startPeriod: 300 }) / 1000)).toBe(360);
      // interval 10, retries 2, 20 s of grace: failures counted at 20 and 30
      expect(Math.floor(unhealthyAfter({ interval: 10, retries: 2, startPeriod: 20 }) / 1000)).toBe(30);
      // a grace that ends between two checks: the first counted check is the next one (60), then 90, 120
      expect(Math.floor(unhealthyAfter({ interval: 30, retries: 3, startPeriod: 45 }) / 1000)).toBe(120);
    });

    it('should be retries x interval without a start period', () => {
      expect(Math.floor(unhealthyAfter({ interval: 30, retries: 3 }) / 1000)).toBe(90);
    });
  });

  describe('SpotInterruption', () => {
    it('should be refused for a task that is not on Fargate', () => {
      expect(() => loadScenario({ taskDefinition: nginxEc2, timeline: [{ at: 60, action: 'SpotInterruption' }] })).toThrow(
        'timeline[0].action: SpotInterruption is for Fargate Spot tasks, but launchType is EC2 (an EC2 Spot instance interruption is not simulated)',
      );
      // EC2 named by an Auto Scaling group's capacity provider: the message names what the user wrote
      const strategy = [{ capacityProvider: 'my-spot-asg', weight: 1 }];
      expect(() => loadScenario({ taskDefinition: nginxEc2, capacityProviderStrategy: strategy, timeline: [{ at: 60, action: 'SpotInterruption' }] })).toThrow(
        'timeline[0].action: SpotInterruption is for Fargate Spot tasks, but capacity provider my-spot-asg runs it on EC2 (an EC2 Spot instance interruption is not simulated)',
      );
    });

    it('should send SIGTERM with the two-minute warning and cut the drain to those two minutes', () => {
      const sim = run(fargateWeb({ timeline: [{ at: 300, action: 'SpotInterruption' }] }));
      expect(sim.view()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'SpotInterruption', stoppedReason: 'Your Spot Task was interrupted.' });
      expect(statuses(sim)).toContain('DEACTIVATING');
      expect(enteredAt(sim, 'container-web', 'STOPPING')).toBe(300_000);
      expect(enteredAt(sim, 'target-0', 'unused')).toBe(420_000);
      expect(enteredAt(sim, 'task', 'STOPPED')! - 300_000).toBeLessThan(130_000);
    });

    it('should give the stop code settings.spotStopCode names (AWS shows both), in a run, a service and every lifecycle', () => {
      const settings = { deregistrationDelaySeconds: 300, spotStopCode: 'TerminationNotice' };
      const sim = run(fargateWeb({ settings, timeline: [{ at: 300, action: 'SpotInterruption' }] }));
      expect(sim.view()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TerminationNotice', stoppedReason: 'Your Spot Task was interrupted.' });
      // the same two minutes: only the code differs
      expect(enteredAt(sim, 'target-0', 'unused')).toBe(420_000);
      const service = runService(webService({ desiredCount: 1, capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }, { settings, timeline: [{ at: 300, action: 'SpotInterruption', task: 0 }] }), 900);
      const codes = serviceEvents(service).flatMap((e) => (e['detail-type'] === 'ECS Task State Change' && e.detail.stopCode ? [e.detail.stopCode] : []));
      expect(codes).toContain('TerminationNotice');
      expect(codes).not.toContain('SpotInterruption');
      const s = fargateWeb({ settings });
      const spotLifecycles = scenarioLifecycles(s).filter((l) => l.steps.includes('task.spotInterrupted'));
      expect(spotLifecycles.length).toBeGreaterThan(0);
      expect(spotLifecycles.some((l) => l.id.startsWith('TerminationNotice-'))).toBe(true);
      expect(spotLifecycles.some((l) => l.stopCode === 'SpotInterruption')).toBe(false);
      expect(() => fargateWeb({ settings: { spotStopCode: 'Terminated' } })).toThrow('settings.spotStopCode: unknown Spot stop code "Terminated" (expected SpotInterruption or TerminationNotice)');
      // misspelt, it is not ignored in silence
      expect(fargateWeb({ settings: { spotStopcode: 'TerminationNotice' } }).warnings?.join(' ')).toContain('did you mean settings.spotStopCode?');
      // the default written out is the default: the same task, the same names
      const named = (extra: object) => run(fargateWeb({ timeline: [], ...extra }), 60).events[0]!;
      const given = named({ settings: { spotStopCode: 'SpotInterruption' } });
      expect(given.resources).toEqual(named({}).resources);
      expect(given.id).toBe(named({}).id);
    });

    // app depends on envoy: envoy gets SIGTERM only once app has stopped
    const chain = (timeline: object[]) =>
      run(
        fargateWeb({
          loadBalancers: [],
          taskDefinition: {
            family: 'chain', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
            containerDefinitions: [
              { name: 'envoy', image: 'envoy', stopTimeout: 120 },
              { name: 'app', image: 'app', stopTimeout: 120, dependsOn: [{ containerName: 'envoy', condition: 'START' }] },
            ],
          },
          faults: [{ step: 'StopContainer', container: 'app', ignoreSigterm: true }, { step: 'StopContainer', container: 'envoy', ignoreSigterm: true }],
          timeline,
        }),
      );

    it('should kill whatever still runs two minutes after the notice, whatever the dependsOn order', () => {
      const sim = chain([{ at: 100, action: 'SpotInterruption' }]);
      const view = (name: string) => sim.view().containers.find((c) => c.name === name)!;
      expect(enteredAt(sim, 'container-app', 'STOPPING')).toBe(100_000);
      // envoy waited for app, which ignored SIGTERM: both go with the capacity, envoy unsignalled
      expect(enteredAt(sim, 'container-app', 'STOPPED')).toBe(220_000);
      expect(enteredAt(sim, 'container-envoy', 'STOPPED')).toBe(220_000);
      expect(view('envoy')).toMatchObject({ exitCode: 137, signals: ['SIGKILL'] });
      expect(view('app')).toMatchObject({ exitCode: 137, signals: ['SIGTERM', 'SIGKILL'] });
      expect(sim.trace.find((e) => e.actor === 'world')).toMatchObject({ t: 220_000, to: 'Spot capacity reclaimed' });
      expect(sim.view()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'SpotInterruption' });
    });

    it('should still take the capacity from a task already stopping: its stop code stays, SIGTERM comes at the notice, the drain ends two minutes later', () => {
      const sim = run(fargateWeb({ timeline: [{ at: 200, action: 'StopTask' }, { at: 300, action: 'SpotInterruption' }] }));
      expect(sim.ignoredActions).toEqual([]);
      expect(sim.trace.find((e) => e.actor === 'user' && e.to === 'SpotInterruption')!.note).toMatch(/already stopping \(UserInitiated, which stays\)/);
      expect(enteredAt(sim, 'container-web', 'STOPPING')).toBe(300_000);
      expect(enteredAt(sim, 'target-0', 'unused')).toBe(420_000);
      expect(sim.view()).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' });
      // a second notice changes nothing
      const twice = run(fargateWeb({ timeline: [{ at: 200, action: 'StopTask' }, { at: 300, action: 'SpotInterruption' }, { at: 310, action: 'SpotInterruption' }] }));
      expect(twice.ignoredActions.map((a) => a.why)).toEqual(['SpotInterruption changes nothing: the task already had its Spot notice']);
      const withoutIds = (events: readonly object[]) => events.map((e) => ({ ...e, id: undefined }));
      expect(withoutIds(twice.events)).toEqual(withoutIds(sim.events));
    });
  });
});
