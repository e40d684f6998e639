// Random service scenarios for the simulation, and the service invariants
// checked on what it produced (issue 5, acceptance 8), tagged like
// service-invariants.ts so a known bug is tolerated only by name.
import fc from 'fast-check';
import { limits } from '../../machines/service.rules.ts';
import { serviceEvents } from '../../src/sim/service/service-output.ts';
import type { ServiceSimulation } from '../../src/sim/service/service-simulation.ts';
import type { Invariant, Violation } from './service-invariants.ts';
import { noticesOf, webService, webTd } from './service.ts';
import { spotShortAt, spotShortage } from '../../src/sim/scenario/capacity.ts';

export const BROKEN_IMAGE = 'registry.example/app:broken';
export const UNTIL_SECONDS = 7200;

const action = fc.oneof(
  fc.record({ at: fc.integer({ min: 0, max: 2400 }), action: fc.constant('UpdateService'), desiredCount: fc.integer({ min: 0, max: 6 }) }),
  fc
    .record({ at: fc.integer({ min: 0, max: 2400 }), broken: fc.boolean(), image: fc.integer({ min: 2, max: 9 }) })
    .map(({ at, broken, image }) => ({ at, action: 'UpdateService', taskDefinition: webTd(broken ? BROKEN_IMAGE : `registry.example/app:${image}`) })),
  fc.record({ at: fc.integer({ min: 0, max: 2400 }), action: fc.constant('UpdateService'), forceNewDeployment: fc.constant(true) }),
  fc.record({ at: fc.integer({ min: 0, max: 2400 }), action: fc.constant('ContainerExit'), task: fc.nat(11), container: fc.constant('web'), exitCode: fc.constant(1) }),
);

export const serviceScenario = fc
  .record({
    desiredCount: fc.integer({ min: 0, max: 6 }),
    maximumPercent: fc.integer({ min: 100, max: 200 }),
    min: fc.integer({ min: 0, max: 100 }),
    enable: fc.boolean(),
    rollback: fc.boolean(),
    timeline: fc.array(action, { maxLength: 5 }),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    // part of the service on Fargate Spot, which may run out for a while and interrupt a task
    spot: fc.option(
      fc.record({
        base: fc.integer({ min: 0, max: 2 }),
        from: fc.integer({ min: 0, max: 1200 }),
        lasts: fc.option(fc.integer({ min: 1, max: 2400 })),
        interrupt: fc.option(fc.record({ at: fc.integer({ min: 0, max: 2400 }), task: fc.nat(11) })),
      }),
    ),
  })
  .map(({ desiredCount, maximumPercent, min, enable, rollback, timeline, seed, spot }) =>
    webService(
      {
        desiredCount,
        deploymentConfiguration: { minimumHealthyPercent: Math.min(min, maximumPercent), maximumPercent, deploymentCircuitBreaker: { enable, rollback } },
        ...(spot ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: spot.base }, { capacityProvider: 'FARGATE_SPOT', weight: 2 }] } : {}),
      },
      {
        timeline: [...timeline, ...(spot?.interrupt ? [{ ...spot.interrupt, action: 'SpotInterruption' }] : [])],
        faults: [
          ...(timeline.some((a) => 'taskDefinition' in a && a.taskDefinition.containerDefinitions[0]!.image === BROKEN_IMAGE) ? [{ step: 'PullImage', image: BROKEN_IMAGE }] : []),
          ...(spot ? [{ step: 'PlaceTask', fromSeconds: spot.from, capacityAfterSeconds: spot.lasts === null ? null : spot.from + spot.lasts }] : []),
        ],
        seed,
      },
    ),
  );

/** The desiredCount in force at each moment: the service's, then each UpdateService's. */
function desiredAt(sim: ServiceSimulation): (ms: number) => number {
  const changes = sim.scenario.timeline.flatMap((a) => (a.action === 'UpdateService' && a.desiredCount !== null ? [{ ms: a.at * 1000, d: a.desiredCount }] : []));
  return (ms) => changes.filter((c) => c.ms <= ms).reduce((_, c) => c.d, sim.scenario.service!.desiredCount);
}

export function simViolations(sim: ServiceSimulation): Violation[] {
  const v: Violation[] = [];
  const say = (invariant: Invariant | 'tasks' | 'events', detail: string) => v.push({ invariant: invariant as Invariant, detail });
  const cfg = sim.scenario.service!.deploymentConfiguration;
  const maxTotal = (d: number) => limits(d, cfg.minimumHealthyPercent, cfg.maximumPercent).maxTotal;
  const desired = desiredAt(sim);

  // Active tasks after every task event, against the bound of the desiredCount in force. Events of
  // one virtual instant are simultaneous (a tick's stops and launches), so the count is taken once
  // all of them are applied; a decrease takes effect at the scheduler's next tick, a second later.
  const state = new Map<number, { status: string; desired: string }>();
  const tasks = sim.occurrences.flatMap((o) => (o.kind === 'task' ? [{ index: o.task.index, f: o.task.frames[o.frame]! }] : []));
  tasks.forEach(({ index, f }, i) => {
    state.set(index, { status: f.lastStatus, desired: f.context.desiredStatus });
    if (tasks[i + 1]?.f.t === f.t) return;
    const activeNow = [...state.values()].filter((s) => s.desired === 'RUNNING' && s.status !== 'STOPPED').length;
    const bound = maxTotal(Math.max(desired(f.t), desired(f.t - 1000)));
    if (activeNow > bound) say('maxPercent', `${activeNow} active tasks at ${f.t} ms, above ${bound} (task ${index} ${f.lastStatus})`);
  });

  // a task still on its way when the run is cut is looked at again once the run goes on (below)
  const settled = (t: (typeof sim.tasks)[number]) => t.world.status === 'STOPPED' || t.world.status === 'RUNNING';
  const cut = sim.tasks.filter((t) => !settled(t));
  const perTask = new Map<string, { version: number; time: string; lastStatus: string }[]>();
  for (const e of serviceEvents(sim)) {
    if (e['detail-type'] !== 'ECS Task State Change') continue;
    const arn = String(e.detail.taskArn);
    perTask.set(arn, [...(perTask.get(arn) ?? []), { version: Number(e.detail.version), time: String(e.detail.updatedAt), lastStatus: String(e.detail.lastStatus) }]);
  }
  for (const [arn, es] of perTask) {
    // facts §2: once RUNNING, a task stops through STOPPING, even with nothing left to signal
    const seen = es.map((e) => e.lastStatus);
    if (seen.includes('RUNNING') && seen.includes('STOPPED') && !seen.includes('STOPPING')) say('events', `${arn}: RUNNING then STOPPED without STOPPING (${[...new Set(seen)].join(' → ')})`);
    es.forEach((e, i) => {
      if (e.version !== i + 1) say('events', `${arn}: event ${i + 1} has detail.version ${e.version}`);
      if (i > 0 && Date.parse(e.time) < Date.parse(es[i - 1]!.time)) say('events', `${arn}: event ${i + 1} at ${e.time} before ${es[i - 1]!.time}`);
    });
  }

  // The primary deployment ends COMPLETED or FAILED, unless the run hit its end with work still scheduled
  // (a long launch back-off), or the settings deadlock (maximumPercent leaves no room above the floor).
  const ctx = sim.serviceSnapshot.context;
  const { maxTotal: mt, minHealthy } = limits(ctx.desiredCount, cfg.minimumHealthyPercent, cfg.maximumPercent);
  // Fargate Spot still out at the end: the service waits for it, short (ECS retries for ever)
  const unfinished = sim.clock.nextAt() !== null || sim.placementFailure !== null;
  const stall = ctx.desiredCount > 0 && mt <= minHealthy;
  const primary = ctx.deployments.find((d) => d.status === 'PRIMARY');
  for (const d of ctx.deployments) {
    if (d.rolloutState !== 'IN_PROGRESS' || unfinished || stall) continue;
    // the primary ends; a replaced one stays listed only while the primary has not completed
    if (d.status === 'PRIMARY') say('settles', `${d.id} (PRIMARY) still IN_PROGRESS at the end, with nothing scheduled`);
    else if (primary?.rolloutState === 'COMPLETED') say('superseded', `${d.id} (ACTIVE) still listed after the primary completed`);
  }
  // A base is a floor: once steady, the based provider runs min(base, desiredCount) of the primary's tasks at least.
  const based = sim.scenario.service!.capacityProviderStrategy?.find((p) => p.base > 0);
  if (based && String(sim.serviceSnapshot.value) === 'STEADY' && primary) {
    const running = sim.tasks.filter((t) => t.deploymentId === primary.id && t.world.status === 'RUNNING' && t.world.snap.context.desiredStatus === 'RUNNING');
    const onBase = running.filter((t) => t.scenario.capacityProviderName === based.capacityProvider).length;
    if (onBase < Math.min(based.base, ctx.desiredCount)) say('baseFloor', `steady with ${onBase} task(s) on ${based.capacityProvider}, below its base ${based.base} (desiredCount ${ctx.desiredCount})`);
  }
  const spot = spotShortage(sim.scenario);
  if (spot)
    for (const t of sim.tasks)
      if (t.scenario.capacityProviderName === 'FARGATE_SPOT' && spotShortAt(spot, t.createdAt)) say('spotShort', `task ${t.index} placed on FARGATE_SPOT at ${t.createdAt} ms, while Spot had no capacity`);
  for (const n of noticesOf(sim))
    if (n.eventName === 'SERVICE_DEPLOYMENT_FAILED' && !(cfg.deploymentCircuitBreaker?.enable ?? false))
      say('superseded', `${n.deploymentId}: SERVICE_DEPLOYMENT_FAILED with the circuit breaker off`);
  // Last, as it runs the simulation on: a task caught mid-step by the end of the run settles within the hour.
  if (cut.length) {
    sim.runUntil(sim.now() + 3600_000);
    for (const t of cut) if (!settled(t)) say('tasks', `task ${t.index} ends ${t.world.status}, and is still ${t.world.status} an hour later`);
  }
  return v;
}
