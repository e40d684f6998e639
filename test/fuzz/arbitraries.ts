// Random scenarios for fuzzing: valid ones (what a user could write) and
// invalid ones (a valid one with exactly one thing broken that the loader
// must name). Raw JSON-like objects: they go through the real loader.
import fc from 'fast-check';
import { FAULTS } from '../../src/sim/scenario/scenario.schema.ts';

/**
 * Every fault step the schema knows, but PlaceTask, which has its own draw
 * below (`capacity`: an EC2 task waiting for room).
 */
const FUZZED_FAULTS = FAULTS.filter((f): f is Exclude<(typeof FAULTS)[number], 'PlaceTask'> => f !== 'PlaceTask');
const HEALTH = { command: ['CMD-SHELL', 'true'], interval: 10, retries: 2 };
const NETWORKS = [['FARGATE', 'awsvpc'], ['EC2', 'awsvpc'], ['EC2', 'bridge'], ['EC2', 'host']] as const;

type Raw = Record<string, unknown> & { taskDefinition: { containerDefinitions: Record<string, unknown>[] } & Record<string, unknown> };

const containerBase = fc.record({
  essential: fc.boolean(),
  health: fc.boolean(),
  stopTimeout: fc.option(fc.integer({ min: 2, max: 120 }), { nil: null }),
  startTimeout: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
  secret: fc.boolean(),
});

/** dependsOn only on earlier containers (no cycles), with a condition the loader accepts for that container. */
function withDependencies(bases: { essential: boolean; health: boolean; stopTimeout: number | null; startTimeout: number | null; secret: boolean }[], picks: number[][]) {
  if (!bases.some((b) => b.essential)) bases[0]!.essential = true;
  return bases.map((b, i) => {
    const deps = [...new Set(picks[i] ?? [])].filter((j) => j < i).map((j, k) => {
      const target = bases[j]!;
      const options = ['START', ...(target.health ? ['HEALTHY'] : []), ...(!target.essential ? ['COMPLETE', 'SUCCESS'] : [])];
      return { containerName: `c${j}`, condition: options[(i + k) % options.length] };
    });
    return {
      name: `c${i}`,
      image: `registry.example/c${i}:1`,
      essential: b.essential,
      portMappings: [{ containerPort: 80 + i }],
      ...(b.stopTimeout !== null ? { stopTimeout: b.stopTimeout } : {}),
      ...(b.startTimeout !== null ? { startTimeout: b.startTimeout } : {}),
      ...(b.health ? { healthCheck: HEALTH } : {}),
      ...(deps.length ? { dependsOn: deps } : {}),
      ...(b.secret ? { secrets: [{ name: 'TOKEN', valueFrom: i % 2 ? `/fuzz/c${i}/token` : `arn:aws:secretsmanager:us-east-1:123456789012:secret:fuzz/c${i}-AbCdEf` }] } : {}),
    };
  });
}

export const validScenario: fc.Arbitrary<Raw> = fc
  .record({
    network: fc.constantFrom(...NETWORKS),
    bases: fc.array(containerBase, { minLength: 1, maxLength: 10 }),
    picks: fc.array(fc.array(fc.nat(9), { maxLength: 2 }), { maxLength: 10 }),
    targets: fc.integer({ min: 0, max: 5 }),
    registry: fc.boolean(),
    delay: fc.integer({ min: 0, max: 600 }),
    spotStopCode: fc.constantFrom(undefined, 'SpotInterruption', 'TerminationNotice'),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    actions: fc.array(fc.record({ at: fc.integer({ min: 0, max: 1200 }), kind: fc.constantFrom('StopTask', 'ContainerExit', 'SpotInterruption'), who: fc.nat(9), code: fc.integer({ min: 0, max: 255 }) }), { maxLength: 4 }),
    faults: fc.array(fc.record({ kind: fc.constantFrom(...FUZZED_FAULTS), who: fc.nat(9) }), { maxLength: 3 }),
    // EC2 only: no room on any instance; capacity comes after this many seconds, or never (null)
    capacity: fc.option(fc.option(fc.integer({ min: 1, max: 2400 }), { nil: null }), { nil: undefined }),
  })
  .map(({ network: [launchType, networkMode], bases, picks, targets, registry, delay, spotStopCode, seed, actions, faults, capacity }): Raw => {
    // a capacity wait needs an Auto Scaling group capacity provider instead of a launch type
    const waits = capacity !== undefined && launchType === 'EC2';
    const containers = withDependencies(bases.map((b) => ({ ...b })), picks);
    const name = (who: number) => `c${who % containers.length}`;
    const withHealth = containers.filter((c) => c.healthCheck).map((c) => c.name);
    return {
      taskDefinition: { family: 'fuzz', networkMode, requiresCompatibilities: [launchType], cpu: '256', memory: '512', executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole', containerDefinitions: containers },
      // a Spot notice needs Fargate Spot: a named launch type runs on-demand
      ...(waits
        ? { capacityProviderStrategy: [{ capacityProvider: 'fuzz-asg', weight: 1 }] }
        : launchType === 'FARGATE' && actions.some((a) => a.kind === 'SpotInterruption')
          ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }
          : { launchType }),
      loadBalancers: Array.from({ length: targets }, (_, i) => ({ targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg${i}/0123456789abcdef`, containerName: 'c0', containerPort: 80 })),
      // bridge and host name the container and port the SRV record points at (CreateService requires them)
      serviceRegistries: registry ? [{ registryArn: 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef', ...(networkMode === 'awsvpc' ? {} : { containerName: 'c0', containerPort: 80 }) }] : [],
      settings: { deregistrationDelaySeconds: delay, ...(spotStopCode ? { spotStopCode } : {}) },
      seed,
      timeline: actions
        // Spot interruptions happen to Fargate Spot tasks only (the loader refuses them elsewhere).
        .filter((a) => a.kind !== 'SpotInterruption' || launchType === 'FARGATE')
        .map((a) => (a.kind === 'ContainerExit' ? { at: a.at, action: a.kind, container: name(a.who), exitCode: a.code } : { at: a.at, action: a.kind })),
      faults: [...(waits ? [{ step: 'PlaceTask', capacityAfterSeconds: capacity }] : []), ...faults.flatMap((f): object[] => {
        if (f.kind === 'PullImage') return [{ step: f.kind, container: name(f.who) }];
        // the first secret named, or one by its valueFrom (a definition without secrets cannot have the fault)
        if (f.kind === 'RetrieveSecrets') {
          const named = containers.flatMap((c) => c.secrets?.map((x) => x.valueFrom) ?? []);
          return named.length ? [{ step: f.kind, ...(f.who % 2 ? { valueFrom: named[f.who % named.length] } : {}) }] : [];
        }
        if (f.kind === 'StopContainer') return [{ step: f.kind, container: name(f.who), ignoreSigterm: true }];
        if (f.kind === 'AttachEni') return networkMode === 'awsvpc' ? [{ step: f.kind }] : [];
        // restored within the run, so a stopped task still ends STOPPED
        if (f.kind === 'ReleaseEni') return networkMode === 'awsvpc' ? [{ step: f.kind, restoredAfterSeconds: 1 + ((f.who * 317) % 2400) }] : [];
        if (f.kind === 'RegisterTargets') return targets > 0 ? [{ step: f.kind, targetGroup: f.who % targets }] : [];
        if (f.kind === 'RegisterInstance') return registry ? [{ step: f.kind }] : [];
        // the process exits by itself, with 0 or a failure, some seconds after it started
        if (f.kind === 'RunContainer') return [{ step: f.kind, container: name(f.who), exitCode: f.who % 3, afterSeconds: 1 + ((f.who * 37) % 600) }];
        if (f.kind === 'HealthCheck') {
          // every other one a slow start: the checks pass after some seconds
          const slow = f.who % 2 ? { passAfterSeconds: 1 + ((f.who * 53) % 400) } : {};
          if (withHealth.length) return [{ step: f.kind, container: withHealth[f.who % withHealth.length], ...slow }];
          return targets > 0 ? [{ step: f.kind, ...slow }] : [];
        }
        // a fault step added to the schema is fuzzed too: this stops compiling until it has a branch
        const unfuzzed: never = f.kind;
        throw new Error(`no fuzzing for the fault ${String(unfuzzed)}`);
      })],
    };
  });

/** One thing broken, each of a kind the loader must reject (issue 2 §4). */
const BREAKERS: Record<string, (r: Raw) => unknown> = {
  'no containers': (r) => ({ ...r, taskDefinition: { ...r.taskDefinition, containerDefinitions: [] } }),
  'six target groups': (r) => ({ ...r, loadBalancers: Array(6).fill({ targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/1', containerName: 'c0', containerPort: 80 }) }),
  'load balancer names a missing container': (r) => ({ ...r, loadBalancers: [{ targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/1', containerName: 'nope', containerPort: 80 }] }),
  'negative time': (r) => ({ ...r, timeline: [{ at: -5, action: 'StopTask' }] }),
  'unknown action': (r) => ({ ...r, timeline: [{ at: 5, action: 'Reboot' }] }),
  'unknown fault': (r) => ({ ...r, faults: [{ step: 'Meteor' }] }),
  // with a launch type RunTask fails at once: only a capacity provider waits for room
  'capacity wait with a launch type': ({ capacityProviderStrategy: _, ...r }) => ({
    ...r,
    launchType: 'EC2',
    taskDefinition: { ...r.taskDefinition, requiresCompatibilities: ['EC2'] },
    faults: [{ step: 'PlaceTask' }],
  }),
  'wrong type': (r) => ({ ...r, seed: 'one' }),
  'family not a string': (r) => ({ ...r, taskDefinition: { ...r.taskDefinition, family: 42 } }),
  'Fargate without awsvpc': (r) => ({ ...r, launchType: 'FARGATE', taskDefinition: { ...r.taskDefinition, networkMode: 'bridge', requiresCompatibilities: ['FARGATE'] } }),
  'not an object': () => [1, 2, 3],
};

export const invalidScenario = fc.tuple(validScenario, fc.constantFrom(...Object.keys(BREAKERS))).map(([r, how]) => ({ how, raw: BREAKERS[how]!(r) }));
