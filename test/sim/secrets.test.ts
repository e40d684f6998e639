// The RetrieveSecrets fault: a secret the task definition names is not there,
// so the task fails before any container is created (on Fargate before any
// image is pulled), in the words of whoever retrieves it (Fargate's platform,
// or the agent on EC2).
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { serviceEvents } from '../../src/sim/service/service-output.ts';
import { scenarioLifecycles } from '../../src/sim/paths/scenario-lifecycles.ts';
import { lifecycleEvents, timingDraws } from '../../src/sim/paths/project.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';
import type { TaskContext } from '../../machines/task.types.ts';
import { initialTransition, transition } from 'xstate';
import { createTaskMachine } from '../../machines/task.machine.ts';
import { createIdentity } from '../../src/sim/ids.ts';
import { createRandom } from '../../src/sim/random.ts';
import { SECRETS_FAIL_MS } from '../../src/sim/secrets.ts';
import { VirtualClock } from '../../src/sim/clock.ts';
import { WorldTask } from '../../src/sim/service/world-task.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { PULL_MS, taskInput, taskShape } from '../../src/sim/timings.ts';
import { enteredAt, run, statuses, TG_ARN } from '../support/scenarios.ts';
import { runService, webTd } from '../support/service.ts';

const ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
const ASM = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api/db-Xk3p9Q';
const SSM_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api/key';

/** An API with secrets from Secrets Manager (a JSON key of one) and SSM, and a log router with none. */
const api = (launchType: 'FARGATE' | 'EC2', extra: Record<string, unknown> = {}, networkMode = 'awsvpc') =>
  loadScenario({
    taskDefinition: {
      family: 'api',
      networkMode,
      requiresCompatibilities: networkMode === 'awsvpc' ? ['EC2', 'FARGATE'] : ['EC2'],
      cpu: '256',
      memory: '512',
      executionRoleArn: ROLE,
      containerDefinitions: [
        { name: 'log-router', image: 'fluent-bit:2', essential: false },
        {
          name: 'api',
          image: 'api:1',
          secrets: [
            { name: 'DB_PASSWORD', valueFrom: `${ASM}:password::` },
            { name: 'API_KEY', valueFrom: '/prod/api/key' },
            { name: 'OTHER_KEY', valueFrom: SSM_ARN },
          ],
        },
      ],
    },
    launchType,
    timeline: [{ at: 600, action: 'StopTask' }],
    ...extra,
  });

const outcomes = (s: Scenario) => scenarioLifecycles(s, { distinct: 'outcomes' });
const detailsOf = (sim: ReturnType<typeof run>) => sim.events.map((e) => e.detail as Record<string, any>);

describe('RetrieveSecrets', () => {
  it('should stamp the pulls cut short on EC2 in the same event in run and in paths (the container stopping, not the stop before it)', () => {
    const s = api('EC2', { faults: [{ step: 'RetrieveSecrets', valueFrom: '/prod/api/key' }] }, 'bridge');
    const firstWith = (details: Record<string, any>[]) => details.findIndex((d) => d.pullStoppedAt !== undefined);
    const ran = detailsOf(run(s));
    const lifecycle = outcomes(s).find((l) => l.steps.includes('task.secretsFailed /prod/api/key'))!;
    const listed = lifecycleEvents(s, lifecycle).map((e) => e.detail as Record<string, any>);
    const stoppedAt = (details: Record<string, any>[]) => details.findIndex((d) => d.desiredStatus === 'STOPPED');
    expect(firstWith(ran)).toBeGreaterThan(stoppedAt(ran));
    expect(firstWith(listed) - stoppedAt(listed)).toBe(firstWith(ran) - stoppedAt(ran));
  });

  it('should fail a Fargate task in PENDING before any pull, in the platform’s words, and still release the ENI', () => {
    const sim = run(api('FARGATE', { faults: [{ step: 'RetrieveSecrets' }] }));
    expect(statuses(sim)).toEqual(['PROVISIONING', 'PENDING', 'DEPROVISIONING', 'STOPPED']);
    const v = sim.view();
    expect(v.stopCode).toBe('TaskFailedToStart');
    // the first secret named, by its secret's ARN (the JSON key is not part of it)
    expect(v.stoppedReason).toBe(
      `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret ${ASM} from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.`,
    );
    expect(v.eni?.status).toBe('DELETED');
    // nothing was pulled, started or signalled
    for (const c of v.containers) expect(c).toMatchObject({ lastStatus: 'STOPPED', exitCode: null, signals: [] });
    expect(sim.trace.some((e) => e.actor.startsWith('container-') && e.to === 'PULLING')).toBe(false);
    for (const d of detailsOf(sim)) expect(d.pullStartedAt).toBeUndefined();
    expect((sim.describeTask() as Record<string, unknown>).pullStartedAt).toBeUndefined();
    // after the task's agent came up (8-16 s after the ENI attached), a second or two of trying
    const failedAfter = enteredAt(sim, 'task', 'desired STOPPED')! - enteredAt(sim, 'task', 'PENDING')!;
    expect(failedAfter).toBeGreaterThanOrEqual(8_500);
    expect(failedAfter).toBeLessThanOrEqual(18_500);
  });

  it('should word it as the agent does on EC2, with the SSM parameter as named and the Region of its ARN', () => {
    const reason = (valueFrom: string) => run(api('EC2', { faults: [{ step: 'RetrieveSecrets', valueFrom }] }, 'bridge')).view().stoppedReason;
    expect(reason('/prod/api/key')).toBe('Fetching secret data from SSM Parameter Store in us-east-1: invalid parameters: /prod/api/key');
    expect(reason(SSM_ARN)).toBe(`Fetching secret data from SSM Parameter Store in eu-west-1: invalid parameters: ${SSM_ARN}`);
    // as AWS's troubleshooting page prints it
    expect(reason(`${ASM}:password::`)).toBe(`Fetching secret data from AWS Secrets Manager in region us-east-1: secret ${ASM}: ResourceNotFoundException: Secrets Manager can't find the specified secret.`);
    // a fault may name the secret as the reason prints it, without the JSON key the definition adds
    expect(reason(ASM)).toBe(reason(`${ASM}:password::`));
    // and Fargate's for an SSM parameter
    expect(run(api('FARGATE', { faults: [{ step: 'RetrieveSecrets', valueFrom: '/prod/api/key' }] })).view().stoppedReason).toBe(
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /prod/api/key',
    );
  });

  it('should go straight from PENDING to STOPPED for a bridge task: the agent began the pulls, but created no container', () => {
    const sim = run(api('EC2', { faults: [{ step: 'RetrieveSecrets' }] }, 'bridge'));
    expect(statuses(sim)).toEqual(['PENDING', 'STOPPED']);
    expect(sim.view().containers.flatMap((c) => c.signals)).toEqual([]);
    // on EC2 the secret holds back only the creation of its container: the pulls go on meanwhile, and are cut short
    // (as soon as the agent has the task: AGENT_RECEIVE_MS)
    for (const name of ['api', 'log-router']) {
      const after = enteredAt(sim, `container-${name}`, 'PULLING')! - enteredAt(sim, 'task', 'PENDING')!;
      expect(after).toBeGreaterThanOrEqual(100);
      expect(after).toBeLessThanOrEqual(600);
    }
    expect(sim.trace.some((e) => e.actor.startsWith('container-') && (e.to === 'CREATED' || e.to === 'RUNNING'))).toBe(false);
    const task = sim.describeTask() as Record<string, number>;
    expect(task.pullStartedAt).toBeDefined();
    expect(task.pullStoppedAt).toBeLessThanOrEqual(task.stoppingAt!);
  });

  it('should take several faults, each naming a secret: a task fails on the first it names of them', () => {
    const s = api('FARGATE', { faults: [{ step: 'RetrieveSecrets', valueFrom: SSM_ARN }, { step: 'RetrieveSecrets', valueFrom: '/prod/api/key' }] });
    expect(run(s).view().stoppedReason).toMatch(/invalid ssm parameters: \/prod\/api\/key$/);
    expect(s.warnings ?? []).toEqual([]);
    // one without valueFrom already fails each task on its first secret: a pick beside it is said to change nothing
    expect(api('FARGATE', { faults: [{ step: 'RetrieveSecrets', valueFrom: SSM_ARN }, { step: 'RetrieveSecrets' }] }).warnings).toEqual([
      `faults[0] picks the secret ${SSM_ARN}, but faults[1], with no valueFrom, already fails each task on the first secret it names: faults[0] changes nothing.`,
    ]);
  });

  it('should let a StopTask that comes first win: its stop code, and no failure delivered after it', () => {
    for (const launch of ['FARGATE', 'EC2'] as const) {
      // on Fargate its interface is held (ReleaseEni), so the task is still there when the retrieval would have failed
      const faults = launch === 'FARGATE' ? [{ step: 'RetrieveSecrets' }, { step: 'ReleaseEni', restoredAfterSeconds: 600 }] : [{ step: 'RetrieveSecrets' }];
      const s = api(launch, { timeline: [{ at: 12, action: 'StopTask', reason: 'changed my mind' }], faults }, launch === 'EC2' ? 'bridge' : 'awsvpc');
      // on EC2 the retrieval fails within 2 s of PENDING: stop it sooner
      const delivered: string[] = [];
      const sim = createSimulation(launch === 'EC2' ? { ...s, timeline: [{ at: 0.5, action: 'StopTask', reason: 'changed my mind' }] } : s, {
        inspect: (ev) => void (ev.type === '@xstate.event' && delivered.push((ev as { event: { type: string } }).event.type)),
      });
      sim.runUntil(3_600_000);
      expect(sim.view(), launch).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'changed my mind' });
      // the retrieval's timer was cancelled with the stop: nothing comes of it
      expect(delivered, launch).not.toContain('task.secretsFailed');
    }
  });

  it('should fail for a secret only while no container has started or ended: later it is too late', () => {
    // the retrieval ends within the shortest pull: no container is created first
    expect(SECRETS_FAIL_MS.max).toBeLessThan(PULL_MS.ec2.min);
    expect(SECRETS_FAIL_MS.max).toBeLessThan(PULL_MS.fargate.min);
    // the statechart itself takes no such failure once a container runs
    const s = api('EC2', {}, 'bridge');
    const machine = createTaskMachine(taskShape(s), 'world');
    let [snap] = initialTransition(machine, taskInput(s, createRandom(1)));
    // one container has started (the other is still pulling): the task is still PENDING
    [snap] = transition(machine, snap, { type: 'container.started', name: 'log-router' });
    expect(snap.value).toBe('PENDING');
    const [after] = transition(machine, snap, { type: 'task.secretsFailed', reason: 'too late' });
    expect(after.context.desiredStatus).toBe('RUNNING');
    // and before that, it does
    const [fresh] = initialTransition(machine, taskInput(s, createRandom(1)));
    expect(transition(machine, fresh, { type: 'task.secretsFailed', reason: 'in time' })[0].context.stoppedReason).toBe('in time');
  });

  it('should play the failure in a service as a standalone task does, and leave no timer behind a stop', () => {
    for (const launch of ['FARGATE', 'EC2'] as const) {
      const s = api(launch, { timeline: [], faults: [{ step: 'RetrieveSecrets' }] }, launch === 'EC2' ? 'bridge' : 'awsvpc');
      const drawn = () => {
        const rng = createRandom(s.seed);
        createIdentity(s, rng);
        return taskInput(s, rng);
      };
      const standalone = run(s);
      const clock = new VirtualClock();
      let failedAt: number | null = null;
      const world = new WorldTask(clock, drawn(), (t) => void (t.snap.context.desiredStatus === 'STOPPED' && (failedAt ??= clock.now())));
      world.start();
      clock.advanceTo(3_600_000, true);
      expect(failedAt, launch).toBe(enteredAt(standalone, 'task', 'desired STOPPED'));
      expect(world.snap.context.stoppedReason, launch).toBe(standalone.view().stoppedReason);
      expect(world.pullStartedAt === null, launch).toBe(launch === 'FARGATE');
      // stopped while Fargate's agent comes up: nothing is left to fire after STOPPED
      const clock2 = new VirtualClock();
      const stopped = new WorldTask(clock2, drawn(), () => {});
      stopped.start();
      while (stopped.snap.value !== 'PENDING' && clock2.nextAt() !== null) clock2.advanceTo(clock2.nextAt()!);
      stopped.send({ type: 'task.stopRequested' });
      while (stopped.snap.value !== 'STOPPED' && clock2.nextAt() !== null) clock2.advanceTo(clock2.nextAt()!);
      expect(stopped.snap.value, launch).toBe('STOPPED');
      expect(clock2.nextAt(), launch).toBeNull();
    }
  });

  it('should change nothing without the fault: the secrets are there and the task runs', () => {
    const sim = run(api('FARGATE'));
    expect(statuses(sim)).toContain('RUNNING');
    expect(sim.view().stopCode).toBe('UserInitiated');
  });

  it('should fail only the revision that names the secret in a service, tripping its circuit breaker while the old one serves', () => {
    const withSecret = { ...webTd(), executionRoleArn: ROLE, containerDefinitions: [{ ...webTd().containerDefinitions[0], secrets: [{ name: 'API_KEY', valueFrom: '/web/api-key' }] }] };
    const sim = runService(
      loadScenario({
        taskDefinition: webTd(),
        service: {
          serviceName: 'web',
          desiredCount: 2,
          loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 80 }],
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        },
        timeline: [{ at: 300, action: 'UpdateService', taskDefinition: withSecret }],
        faults: [{ step: 'RetrieveSecrets' }],
      }),
    );
    const stopped = serviceEvents(sim).flatMap((e) => {
      const d = e.detail as Record<string, any>;
      return e['detail-type'] === 'ECS Task State Change' && d.lastStatus === 'STOPPED' ? [d] : [];
    });
    const failed = stopped.filter((d) => d.stopCode === 'TaskFailedToStart');
    expect(failed.length).toBeGreaterThanOrEqual(10);
    for (const d of failed) {
      expect(d.taskDefinitionArn).toMatch(/:task-definition\/web:2$/);
      expect(d.stoppedReason).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: .* invalid ssm parameters: \/web\/api-key$/);
      expect(d.pullStartedAt).toBeUndefined();
    }
    const messages = serviceEvents(sim).map((e) => JSON.stringify(e.detail));
    expect(messages.some((m) => m.includes('SERVICE_DEPLOYMENT_FAILED'))).toBe(true);
    expect(sim.tasks.filter((t) => t.world.snap.value === 'RUNNING' && t.taskDefinition.revision === 1)).toHaveLength(2);
  });

  it('should list the failure among the lifecycles `paths` generates only for a definition that names a secret, with no pull in its events', () => {
    const withSecrets = api('FARGATE');
    // one per secret named, each worded by its own: the two SSM parameters, the Secrets Manager secret
    const found = outcomes(withSecrets).filter((l) => l.steps.some((s) => s.startsWith('task.secretsFailed ')));
    expect(found).toHaveLength(3);
    const reasons = found.map((l) => (l.states.at(-1)!.task.context as TaskContext).stoppedReason!).sort();
    expect(reasons.map((r) => r.replace(/^.*(from asm|from ssm)/, '$1'))).toEqual([
      `from asm: service call has been retried 1 time(s): failed to fetch secret ${ASM} from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.`,
      'from ssm: service call has been retried 1 time(s): invalid ssm parameters: /prod/api/key',
      `from ssm: service call has been retried 1 time(s): invalid ssm parameters: ${SSM_ARN}`,
    ]);
    expect(found[0]!.statuses).toEqual(['PROVISIONING', 'PENDING', 'DEPROVISIONING', 'STOPPED']);
    // at the time run would give it: once Fargate's agent is up, the retrieval's time later
    const drawn = taskInput(withSecrets, timingDraws(withSecrets, found[0]!)());
    const times = lifecycleEvents(withSecrets, found[0]!).map((e) => Date.parse((e.detail as { updatedAt: string }).updatedAt));
    const details = lifecycleEvents(withSecrets, found[0]!).map((e) => e.detail as Record<string, any>);
    const pendingAt = times[details.findIndex((d) => d.lastStatus === 'PENDING')]!;
    const failedAt = times[details.findIndex((d) => d.desiredStatus === 'STOPPED')]!;
    expect(failedAt - pendingAt).toBe(drawn.pullDelayMs + drawn.secretsFailMs);
    const events = details;
    expect(events.at(-1)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(events.at(-1)!.stoppedReason).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: /);
    for (const d of events) expect(d.pullStartedAt).toBeUndefined();
    const without = loadScenario({ taskDefinition: webTd() });
    expect(outcomes(without).some((l) => l.steps.some((s) => s.startsWith('task.secretsFailed ')))).toBe(false);
  });

  describe('bad input', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return 'loaded';
    };

    it('should refuse the fault for a task definition with no secret to retrieve, saying how to name one', () => {
      expect(refused(() => loadScenario({ taskDefinition: webTd(), faults: [{ step: 'RetrieveSecrets' }] }))).toMatch(
        /^faults\[0\]\.step: RetrieveSecrets needs a container with secrets \(such as "secrets": \[\{ "name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter\/db\/password" \}\]\)/,
      );
    });

    it('should refuse a valueFrom no container names, listing those named', () => {
      expect(refused(() => api('FARGATE', { faults: [{ step: 'RetrieveSecrets', valueFrom: '/prod/api/typo' }] }))).toBe(
        `faults[0].valueFrom: no container has a secret from "/prod/api/typo" (valueFrom given: ${ASM}:password::, /prod/api/key, ${SSM_ARN})`,
      );
      expect(refused(() => api('FARGATE', { faults: [{ step: 'RetrieveSecrets', valueFrom: 42 }] }))).toBe('faults[0].valueFrom: must be the valueFrom of a secret in the task definition, got 42');
      // a field of another step would change nothing
      expect(refused(() => api('FARGATE', { faults: [{ step: 'RetrieveSecrets', container: 'api' }] }))).toMatch(/^faults\[0\]\.container: RetrieveSecrets takes no container/);
    });

    it('should refuse secrets without a task execution role, as RegisterTaskDefinition does', () => {
      const td = { ...webTd(), containerDefinitions: [{ ...webTd().containerDefinitions[0], secrets: [{ name: 'KEY', valueFrom: '/web/key' }] }] };
      expect(refused(() => loadScenario({ taskDefinition: td }))).toBe(
        'taskDefinition.executionRoleArn: required when a container has secrets (containerDefinitions[0].secrets): the agent retrieves them with the task execution role, and RegisterTaskDefinition refuses secrets without one',
      );
    });

    it('should refuse a valueFrom ARN the agent could not read, saying what one looks like', () => {
      const td = (valueFrom: string) => ({ ...webTd(), executionRoleArn: ROLE, containerDefinitions: [{ ...webTd().containerDefinitions[0], secrets: [{ name: 'KEY', valueFrom }] }] });
      const field = 'taskDefinition.containerDefinitions[0].secrets[0].valueFrom';
      // a Secrets Manager ARN cut short, with one selector of three, or of another service
      for (const bad of ['arn:aws:secretsmanager:eu-west-1', `${ASM}:password`, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:', 'arn:aws:ssm:us-east-1:123456789012:db', 'arn:aws:s3:::bucket/key'])
        expect(refused(() => loadScenario({ taskDefinition: td(bad) })), bad).toMatch(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: must be an? (Secrets Manager|SSM)`));
      // what the agent takes: a name, an SSM ARN, a Secrets Manager ARN alone or with all three selectors
      for (const good of ['DB_PASSWORD', '/a/b', SSM_ARN, ASM, `${ASM}:password::`, `${ASM}::AWSCURRENT:`, 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-AbCdEf'])
        expect(refused(() => loadScenario({ taskDefinition: td(good) })), good).toBe('loaded');
      // a name of 200,000 characters would run into the stoppedReason and every table row: refused,
      // and quoted in part (the message stays one readable line)
      const huge = refused(() => loadScenario({ taskDefinition: td(`${SSM_ARN}${'p'.repeat(200_000)}`) }));
      expect(huge).toMatch(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: must be at most 2,200 characters \\(an SSM parameter's name is at most 2,048, its ARN a little more\\), got "arn:aws:ssm:.*…" \\(200,\\d{3} characters\\)$`));
      expect(huge.length).toBeLessThan(500);
      expect(refused(() => loadScenario({ taskDefinition: td(`${SSM_ARN}${'p'.repeat(2000)}`) }))).toBe('loaded');
    });

    it('should refuse secrets that are not what RegisterTaskDefinition takes, naming the field', () => {
      const td = (secrets: unknown) => ({ ...webTd(), executionRoleArn: ROLE, containerDefinitions: [{ ...webTd().containerDefinitions[0], secrets }] });
      expect(refused(() => loadScenario({ taskDefinition: td('DB_PASSWORD') }))).toMatch(/^taskDefinition\.containerDefinitions\[0\]\.secrets: must be an array such as/);
      expect(refused(() => loadScenario({ taskDefinition: td([{ name: 'DB_PASSWORD' }]) }))).toMatch(/^taskDefinition\.containerDefinitions\[0\]\.secrets\[0\]\.valueFrom: required: a Secrets Manager secret ARN, or an SSM parameter name or ARN/);
      // null is "not given", as SDK dumps write it
      expect(refused(() => loadScenario({ taskDefinition: td(null) }))).toBe('loaded');
    });
  });
});
