// The service at a glance: desired/running/pending counts, the deployments
// with their rollout state, and the scheduler's state with what it does and
// why (the limits for the current desired count, the circuit breaker, the
// deregistration delay). Rewritten only when what it shows changed.
import { serviceMachine } from '../../../machines/service.machine.ts';
import { breakerCounts, circuitBreakerThreshold, limits } from '../../../machines/service.rules.ts';
import { deploymentStalled } from '../../sim/service/service-log.ts';
import type { CircuitBreaker, ServiceSettings } from '../../../machines/service.types.ts';
import type { PlacementRule } from '../../sim/scenario/placement-rules.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { portName, taskReservation, tasksPerInstance } from '../../sim/scenario/reservation.ts';
import { describeStrategy, spotShortage, usesFargateSpot } from '../../sim/scenario/capacity.ts';
import { byId, h, replaceKeepingFocus } from '../dom.ts';
import { formatSeconds } from '../time.ts';
import { msOfSeconds } from '../../sim/clock.ts';
import { describeAction } from '../../sim/service/action-notes.ts';
import { revisionKey } from '../../sim/service/service-simulation.ts';
import type { DeploymentColours } from './deployment.colours.ts';
import type { ServiceRun } from './service.run.ts';
import { inferredBadge } from '../inferred.badge.ts';

interface DeploymentRow {
  id: string;
  taskDefinition: string;
  status: string;
  rolloutState: string;
  reason: string;
  failedTasks: number;
  pending: number;
  running: number;
  healthy: number;
  stopping: number;
}

const stateDescription = (key: string) => serviceMachine.root.states[key]?.description ?? '';
/** The scheduler state's mark, as the task's states carry theirs. */
function stateInferred(key: string): 'partly' | 'inferred' | null {
  const meta = serviceMachine.root.states[key]?.meta as { inferred?: boolean; partly?: boolean } | undefined;
  return !meta?.inferred ? null : meta.partly ? 'partly' : 'inferred';
}

const DG = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/';
/** What a replaced deployment's row means: said under the table while one is there. */
const REPLACED_NOTE = 'IN_PROGRESS (replaced): a newer deployment replaced it before it completed: it sends no event of its own, and DescribeServices stops listing it once its tasks are gone.';

/** Where each part of the scheduler panel comes from (the facts file's DG-ROLL, DG-CB, DG-THR). */
const SCHEDULER_SOURCES = [
  ['rolling deployments and their limits', 'deployment-type-ecs.html'],
  ['circuit breaker', 'deployment-circuit-breaker.html'],
  ['launch throttle', 'service-throttle-logic.html'],
] as const;

export function createServiceView(colours: DeploymentColours) {
  const counts = byId('service-counts');
  const status = byId('service-status');
  const line = statusLine(status);
  const table = byId<HTMLTableSectionElement>('deployments-body');
  const tableNote = byId('deployments-note');
  const teaching = byId('scheduler-teaching');
  const clock = byId('clock');
  const cells = new Map<string, HTMLElement>();
  for (const [key, title] of [['desired', 'Desired'], ['running', 'Running'], ['pending', 'Pending'], ['stopping', 'Stopping'], ['tasks', 'Tasks started']] as const) {
    const dd = h('dd', {}, '0');
    cells.set(key, dd);
    counts.append(h('div', {}, h('dt', {}, title), dd));
  }
  // what DescribeServices would say: the scheduler's counts, updated when it reconciles (once a
  // virtual second when something changed), so a card on the board may move a moment before them
  counts.title = "The service's counts as the scheduler last reconciled them (as DescribeServices gives them): a task card may move a moment earlier.";
  let last = { table: '', status: '', teaching: '' };

  const set = (key: string, value: number) => {
    const el = cells.get(key)!;
    const text = value.toLocaleString('en-US');
    if (el.textContent !== text) el.textContent = text;
  };

  /** `now`: the scheduler's settings as they are (an UpdateService may have changed them), else the scenario's */
  function renderTeaching(sc: Scenario | null, state: string, desired: number, now?: ServiceSettings): void {
    const svc = sc?.service;
    if (!sc || !svc) return;
    const given = svc.deploymentConfiguration;
    const min = now?.minimumHealthyPercent ?? given.minimumHealthyPercent;
    const max = now?.maximumPercent ?? given.maximumPercent;
    const cb = now?.circuitBreaker ?? given.deploymentCircuitBreaker;
    const key = `${state}|${desired}|${min}|${max}|${JSON.stringify(cb)}|${sc.settings.deregistrationDelaySeconds}|${sc.loadBalancers.length}|${JSON.stringify(sc.containerInstances)}|${sc.launchType}|${stopTimeoutsOf(sc)}|${sc.taskDefinition.family}:${sc.taskDefinition.revision}|${JSON.stringify(svc.capacityProviderStrategy)}|${JSON.stringify(spotShortage(sc))}`;
    if (key === last.teaching) return;
    last.teaching = key;
    const lim = limits(desired, min, max);
    const delay = sc.settings.deregistrationDelaySeconds;
    const drains = sc.loadBalancers.length > 0;
    replaceKeepingFocus(teaching,
      h('h3', {}, `Scheduler: ${state}`, ...(stateInferred(state) ? [' ', inferredBadge(stateInferred(state) === 'partly')] : [])),
      h('p', {}, stateDescription(state)),
      h('p', {},
        h('strong', {}, 'Limits for desiredCount ' + desired + ': '),
        `at least ${lim.minHealthy} healthy task${lim.minHealthy === 1 ? '' : 's'} (minimumHealthyPercent ${min} % of ${desired}, rounded up) and at most ${lim.maxTotal} tasks running or pending (maximumPercent ${max} %, rounded down). `,
        min === 100 && max === 100 ? 'With 100/100 a deployment can neither start a new task nor stop an old one: it stalls.' : 'A deployment starts new tasks into the room above desiredCount and stops old ones only as far as the healthy minimum allows. ',
        ...(min === 100 && max === 100
          ? []
          : [inferredBadge(), ' Old tasks not healthy yet do not hold up the minimum: they are stopped at once.']),
      ),
      h('p', {},
        h('strong', {}, 'Why deploys wait: '),
        drains
          ? `an old task leaves through DEACTIVATING while its load balancer target drains for the deregistration delay (${delay} s), so requests in flight can finish; the deployment is COMPLETED only once the old tasks are gone.`
          : `with no target group there is nothing to drain: old tasks get SIGTERM as soon as the scheduler stops them, and their containers have their stopTimeout (${stopTimeoutsOf(sc)}) to exit before SIGKILL.`,
      ),
      ...instancesTeaching(sc),
      ...fargateProvidersTeaching(sc),
      h('p', {},
        h('strong', {}, 'Circuit breaker: '),
        // which failures count, and the remaining blind spot, are partly our reading
        ...(cb.enable ? [inferredBadge(true), ' '] : []),
        cb.enable
          ? `on${cb.rollback ? ', with rollback' : ''}: the deployment FAILS after ${circuitBreakerThreshold(desired, cb.thresholdConfiguration)} of its tasks fail${cb.resetOnHealthyTask ? ' in a row' : ''} (${thresholdWords(cb.thresholdConfiguration)}): a task fails when it never reaches RUNNING, when its health checks fail, or when it stops by itself before it was ever healthy (our reading: AWS's 2021 change only stopped such a task resetting the count); one that crashes after it was healthy is not counted${cb.resetOnHealthyTask ? ', and a task turning healthy sets the count back to 0 (resetOnHealthyTask)' : ' (resetOnHealthyTask false: the count never goes back)'}${cb.rollback ? '. Then a new deployment of the last revision that completed becomes PRIMARY (its reason names the deployment it rolls back to), and replaces that deployment\'s tasks (our model)' : '. Then nothing more is launched for it'}. The scheduler counts once a second, so with many tasks failing at once the count may pass the threshold before it fails.`
          : 'off: a revision whose tasks never start keeps being retried, more slowly each time (the launch throttle), and the deployment never fails.',
      ),
      h('p', { class: 'small' }, 'Sources: ', ...SCHEDULER_SOURCES.flatMap(([what, page], i) => [i ? '; ' : '', `${what}: `, h('a', { href: `${DG}${page}`, target: '_blank', rel: 'noopener noreferrer' }, `docs.aws.amazon.com/AmazonECS/latest/developerguide/${page}`)])),
    );
  }

  return {
    reset(): void {
      last = { table: '', status: '', teaching: '' };
      table.replaceChildren();
      for (const key of cells.keys()) set(key, 0);
      line.set('Not running yet: press Run service.');
      status.dataset.state = '';
    },
    /** `scenario`: the one loaded, explained before the service runs */
    /** `paused`: the clock shows tenths past two minutes too, as the task's does */
    render(run: ServiceRun | null, scenario: Scenario | null, paused = false): void {
      const sim = run?.sim;
      const clockText = `t = ${formatSeconds(sim?.now() ?? 0, paused)}`;
      // shared with the task view: only the view shown writes it
      if (document.body.dataset.mode === 'service' && clock.textContent !== clockText) clock.textContent = clockText;
      if (!run || !sim) {
        // before the run, the count it will aim at
        set('desired', scenario?.service?.desiredCount ?? 0);
        return renderTeaching(scenario, 'RECONCILING', scenario?.service?.desiredCount ?? 0);
      }
      const view = sim.view();
      const state = view.scheduler;
      const desired = view.desiredCount;
      const listed = new Set(view.deployments.map((d) => d.id));
      const perDeployment = new Map(sim.rows.at(-1)?.deployments.map((d) => [d.id, d]) ?? []);
      // Every deployment the scheduler ever listed, as it last listed it: one
      // dropped once drained is INACTIVE (DescribeServices stops listing it),
      // keeping the rollout state and failed tasks it ended with.
      const rows: DeploymentRow[] = [...run.deployments.values()].map((d) => {
        const k = listed.has(d.id) ? perDeployment.get(d.id) : undefined;
        return {
          id: d.id, taskDefinition: d.taskDefinition, status: listed.has(d.id) ? d.status : 'INACTIVE', rolloutState: d.rolloutState, reason: d.rolloutStateReason,
          failedTasks: d.failedTasks, pending: k?.pending ?? 0, running: k?.running ?? 0, healthy: k?.healthy ?? 0, stopping: k?.stopping ?? 0,
        };
      });
      set('desired', desired);
      set('running', rows.reduce((n, d) => n + d.running, 0));
      set('pending', rows.reduce((n, d) => n + d.pending, 0));
      set('stopping', rows.reduce((n, d) => n + d.stopping, 0));
      set('tasks', sim.tasks.length);

      const cb = sim.serviceSnapshot.context.settings.circuitBreaker;
      const failedOf = cb.enable ? circuitBreakerThreshold(desired, cb.thresholdConfiguration) : null;
      const tableKey = JSON.stringify([rows, failedOf]);
      if (tableKey !== last.table) {
        last.table = tableKey;
        // the replaced row's words, shown under the table (its cell's tooltip is out of reach on a touch screen)
        const replaced = rows.some((d) => d.status !== 'PRIMARY' && d.rolloutState === 'IN_PROGRESS');
        tableNote.hidden = !replaced;
        tableNote.textContent = replaced ? REPLACED_NOTE : '';
        table.replaceChildren(
          ...rows
            .slice()
            .reverse()
            .map((d) =>
              h('tr', { 'data-status': d.status },
                h('td', {}, h('span', { class: 'swatch', 'data-d': colours.of(d.id), 'aria-hidden': 'true' }), `${colours.numberOf(d.id)} · `, h('code', {}, h('span', { class: 'id-head' }, d.id.slice(0, -6)), d.id.slice(-6))),
                h('td', {}, d.taskDefinition),
                h('td', {}, d.status),
                // replaced by a newer deployment before it completed: AWS ends it with no event of its own
                d.status !== 'PRIMARY' && d.rolloutState === 'IN_PROGRESS'
                  ? h('td', { title: `${d.reason} ${REPLACED_NOTE.replace(/^IN_PROGRESS \(replaced\): a/, 'A')}` }, 'IN_PROGRESS (replaced)')
                  : h('td', { title: d.reason }, d.rolloutState),
                h('td', { class: 'n' }, d.pending.toLocaleString('en-US')),
                h('td', { class: 'n' }, d.running.toLocaleString('en-US')),
                h('td', { class: 'n' }, d.healthy.toLocaleString('en-US')),
                // what keeps a deployment IN_PROGRESS after its new tasks are healthy: the old ones draining
                h('td', { class: 'n' }, d.stopping.toLocaleString('en-US')),
                // the count against the limit that fails the deployment (the breaker counts only while it is in progress)
                // (only where the breaker counts, as the CLI's table: the primary in progress, or the one it failed)
                h('td', { class: 'n' }, failedOf === null || !breakerCounts(d) ? d.failedTasks.toLocaleString('en-US') : `${d.failedTasks.toLocaleString('en-US')} / ${failedOf.toLocaleString('en-US')}`),
              ),
            ),
        );
      }
      const primary = view.deployments.find((d) => d.status === 'PRIMARY');
      // a steady service may have nothing scheduled at all: playing on changes nothing until you act
      const idle =
        sim.haltedAt !== null
          ? ` · the run stopped at ${formatSeconds(sim.haltedAt)}: ${sim.haltReason}`
          : deploymentStalled(sim.serviceSnapshot.context)
            ? // as still as a steady service, and not done: the rounding is what surprises (75/125 of 2 tasks)
              `${stuckSaid(view.desiredCount, view.settings)}${nextInTimeline(sim.scenario, sim.now(), primary?.taskDefinition)}`
          : sim.clock.nextAt() !== null
            ? // the launch throttle holds the next starts back (until tasks run again)
              view.impairedNoticed
              ? THROTTLED
              : nextInTimeline(sim.scenario, sim.now(), primary?.taskDefinition)
            : sim.placementFailure === 'RESOURCE:FARGATE'
              ? ' · short: Fargate Spot has no capacity and never comes back in this run (ECS would keep retrying on Spot)'
              : primary?.rolloutState === 'FAILED'
                ? ` · the circuit breaker failed it, with ${view.settings.circuitBreaker.rollback ? 'no deployment that completed to roll back to' : 'rollback off'}: ECS launches none of its tasks until an UpdateService`
                : ' · nothing scheduled: the service waits for a change';
      const said = `Scheduler ${state}${primary ? ` · primary deployment ${primary.taskDefinition}: ${primary.rolloutState}` : ''}${idle}`;
      // until when it holds them, on screen, or the run looks stuck; not said aloud: at 60× it
      // moves with every failed task, and a screen reader would be told so a few times a second
      const until = idle !== THROTTLED ? '' : view.launchNotBefore > sim.now() ? `: the next task starts at t = ${formatSeconds(view.launchNotBefore)}` : ': tasks start again after its wait';
      if (said + until !== last.status) {
        last.status = said + until;
        line.set(idle === THROTTLED ? said.slice(0, -THROTTLE_WHY.length) : said, until, idle === THROTTLED ? THROTTLE_WHY : '');
        status.dataset.state = state;
      }
      renderTeaching(sim.scenario, state, desired, view.settings);
    },
  };
}

const THROTTLE_WHY = ' (tasks failed to start)';
const THROTTLED = ` · launch throttle${THROTTLE_WHY}`;

/**
 * The service's role="status" line in three parts, each written only when it
 * changes: what is said aloud, a part shown and not said (aria-hidden: its
 * changes are not announced), and the end of the sentence.
 */
function statusLine(status: HTMLElement) {
  const said = document.createTextNode('');
  const shown = h('span', { 'aria-hidden': 'true' });
  const tail = document.createTextNode('');
  return {
    set(text: string, onScreen = '', end = '') {
      if (status.firstChild !== said) status.replaceChildren(said, shown, tail);
      if (said.data !== text) said.data = text;
      if (shown.textContent !== onScreen) shown.textContent = onScreen;
      if (tail.data !== end) tail.data = end;
    },
  };
}

/** A deployment the limits hold still, with the counts they round to. */
function stuckSaid(desired: number, { minimumHealthyPercent: min, maximumPercent: max }: { minimumHealthyPercent: number; maximumPercent: number }): string {
  const { minHealthy, maxTotal } = limits(desired, min, max);
  return ` · stuck: of ${desired} tasks, minimumHealthyPercent ${min} keeps ${minHealthy} healthy and maximumPercent ${max} allows ${maxTotal} in all, so no old task can stop and no new one start (other limits, by an UpdateService, move it)`;
}

/**
 * The scenario's next timeline action, with its moment: a deploy of yours
 * made before it would otherwise be overtaken by it unannounced.
 */
function nextInTimeline(scenario: Scenario, nowMs: number, running: string | undefined): string {
  // the timeline is sorted by time (load.ts); a deploy of yours renumbers the revisions it registers later (service.run.ts)
  const next = scenario.timeline.find((a) => msOfSeconds(a.at) > nowMs);
  if (!next) return '';
  // an UpdateService naming the revision already running, unforced, deploys nothing: its words say so
  const deploys = !(next.action === 'UpdateService' && next.taskDefinition && !next.forceNewDeployment && revisionKey(next.taskDefinition) === running);
  return ` · next in the scenario's timeline: ${describeAction(next, deploys)} at t = ${formatSeconds(next.at * 1000)}`;
}

/** How the threshold was reached, in words (no thresholdConfiguration: the facts file's rule). */
function thresholdWords(t: CircuitBreaker['thresholdConfiguration']): string {
  if (!t) return 'half the desired count, at least 10, at most 200: the developer guide\'s rule, which this simulator follows (AWS lowered that minimum to 3 in January 2024, and its thresholdConfiguration of July 2026 defaults to { "type": "BOUNDED_PERCENT", "value": 50 }: give that to simulate it)';
  if (t.type === 'COUNT') return `thresholdConfiguration COUNT ${t.value}`;
  return `${t.value}% of the desired count, rounded up${t.type === 'BOUNDED_PERCENT' ? ', at least 3, at most 200' : ', without bounds'}`;
}

/** On Fargate capacity providers: how the strategy splits the tasks, and what happens when Spot runs out. */
function fargateProvidersTeaching(sc: Scenario): HTMLElement[] {
  const strategy = sc.service?.capacityProviderStrategy;
  if (sc.launchType !== 'FARGATE' || !strategy) return [];
  const items = describeStrategy(strategy);
  const short = spotShortage(sc);
  const when = short
    ? ` Here (the “No Fargate Spot capacity” fault: PlaceTask in the JSON) Spot has no capacity from ${formatSeconds(short.fromSeconds * 1000)} ${short.capacityAfterSeconds === null ? 'for the rest of the run' : `until ${formatSeconds(short.capacityAfterSeconds * 1000)}`}.`
    : '';
  return [
    h('p', {},
      h('strong', {}, 'Where tasks run: '),
      `the capacity provider strategy (${items}) puts each provider's base first, then splits the rest by weight. `,
      usesFargateSpot(sc)
        ? `When Fargate Spot has no capacity, the tasks the strategy puts on Spot are not placed (SERVICE_TASK_PLACEMENT_FAILURE, RESOURCE:FARGATE) and ECS retries them on Spot: it does not put them on on-demand FARGATE instead, so the service runs short until Spot is back.${when}`
        : '',
    ),
  ];
}

/** On EC2: where the tasks run, and why a task placed in a stopping task's room waits in PENDING. */
function instancesTeaching(sc: Scenario): HTMLElement[] {
  if (sc.launchType !== 'EC2') return [];
  const ci = sc.containerInstances;
  if (!ci) {
    const scaling = sc.capacityProviderName !== null || sc.faults.some((f) => f.step === 'PlaceTask');
    return [
      h('p', {}, h('strong', {}, 'Where tasks run: '),
        scaling
          ? 'on an Auto Scaling group capacity provider: a task that finds no room waits in PROVISIONING while it scales out (the “No instance has room” fault: PlaceTask in the JSON).'
          : 'the cluster always has room here. Set Container instances to run the tasks on a fixed number of EC2 instances.'),
    ];
  }
  const need = taskReservation(sc.taskDefinition);
  // a static host port admits one task per instance; a port the agent keeps, none
  const per = ci.groups.map((g) => tasksPerInstance(need, g));
  const ports = need.ports.length ? ` and binds host port ${need.ports.map(portName).join(', ')}` : '';
  const distinct = sc.service?.placementConstraints.some((c) => c.type === 'distinctInstance') ?? false;
  const tasks = (n: number) => (Number.isFinite(n) ? `${n} task${n === 1 ? '' : 's'}` : 'any number of tasks');
  const sizes = ci.groups.map((g) => `${g.count} container instance${g.count === 1 ? '' : 's'} of ${g.cpu} CPU units and ${g.memory} MiB`);
  const room = per.every((n) => n === 0)
    ? 'so no task fits on any instance: every launch fails with SERVICE_TASK_PLACEMENT_FAILURE'
    : `so there is room for ${ci.groups.length === 1 ? `${tasks(per[0]!)} on ${ci.count === 1 ? 'it' : 'each'}` : per.map((n, i) => `${tasks(n)} on ${ci.groups[i]!.count === 1 ? 'the' : 'each'} ${ci.groups[i]!.cpu}-unit instance`).join(' and ')}${distinct && per.some((n) => n > 1) ? ', but distinctInstance allows one task the scheduler still wants per instance (a stopping one does not count)' : ''}`;
  return [
    h('p', {},
      h('strong', {}, 'Where tasks run: '),
      `${sizes.join(' and ')}; a task of ${sc.taskDefinition.family}:${sc.taskDefinition.revision} reserves ${need.cpu} CPU units and ${need.memory} MiB${ports}, ${room}. `,
      `The scheduler counts the room of a stopping task (desiredStatus STOPPED) as free and may place a new task in it at once (AWS, July 2023). When the instance has no room for the new task while the old one still runs, its agent holds the new task in PENDING, with no image pull, until the old one is STOPPED: after ${sc.loadBalancers.length ? 'its drain and ' : ''}its containers exit on SIGTERM, or, if they ignore it, its whole stopTimeout; with room to spare, the new task starts at once beside it. Agents before 1.73.0 held every new task until all stopping tasks were gone (amazon-ecs-agent#1667). Waiting tasks start first come, first served, as the agent’s queue does; the agent frees a task’s room when the task is STOPPED. Each change of what the scheduler counts as left on an instance is an ECS Container Instance State Change event (in the NDJSON download). When no instance has room even by the scheduler’s count, the launch fails with SERVICE_TASK_PLACEMENT_FAILURE, reported once until a task is placed again `,
      inferredBadge(),
      '.',
    ),
    h('p', {}, h('strong', {}, 'Placement: '), placementText(sc)),
  ];
}

/** The service's strategy and constraints in words, in the order the scheduler applies them. */
function placementText(sc: Scenario): string {
  const svc = sc.service!;
  const rule = (r: PlacementRule) =>
    r.type === 'random'
      ? 'at random'
      : r.type === 'binpack'
        ? `binpack by ${r.field} (the instance that would have the least ${r.field} left)`
        : r.field === 'instanceId'
          ? 'spread over instances (the one with the fewest of the service’s tasks)'
          : r.field === 'attribute:ecs.availability-zone'
            ? 'spread over Availability Zones'
            : `spread by ${r.field} (the same on every instance here, so it changes nothing)`;
  const constraints = [...svc.placementConstraints, ...sc.taskDefinition.placementConstraints].map((c) =>
    c.type === 'distinctInstance'
      ? 'distinctInstance: one task the scheduler still wants per instance (a stopping task no longer counts, so a new task may start beside it, as AWS warns)'
      : c.zones
        ? `memberOf: only instances ${c.zones.in ? 'in' : 'outside'} ${c.zones.names.join(', ')}`
        : `memberOf "${c.expression}" is ignored (the simulator reads only attribute:ecs.availability-zone)`,
  );
  return [
    `${svc.placementStrategy.map(rule).join(', then ')}; ties go to the instance with fewer of the service’s tasks, then to the first (inferred).`,
    constraints.length ? ` Binding: ${constraints.join('; ')}.` : '',
    svc.placementStrategy[0]?.type === 'binpack' ? ' A scale-in stops the task whose instance would have the most left once it is gone, as AWS documents for binpack; otherwise it keeps zones balanced.' : '',
  ].join('');
}

/** "30 s", or "30 to 120 s" when the containers differ (30 s is ECS's default). */
function stopTimeoutsOf(sc: Scenario): string {
  const all = sc.taskDefinition.containerDefinitions.map((c) => c.stopTimeout ?? 30);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  return lo === hi ? `${lo} s` : `${lo} to ${hi} s`;
}
