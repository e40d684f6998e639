// `ecs-lifecycle paths`: every lifecycle the statechart allows for the
// scenario's configuration (its timeline and faults are ignored: every action
// and fault is explored; a PlaceTask fault says the cluster may have no room,
// so it adds the wait for capacity), as a table, as JSON, or as ECS events.
// Spot interruptions are explored on Fargate only, as `run` accepts them.
import { scenarioLifecycles } from '../sim/paths/scenario-lifecycles.ts';
import { MAX_LIFECYCLES_ASKED, TooManyPaths, type Distinct, type Lifecycle } from '../sim/paths/lifecycles.ts';
import { lifecycleFixtureLines, lifecycleFixtureStream } from '../sim/paths/fixtures.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import type { TaskContext } from '../../machines/task.types.ts';
import { LimitError, out, outLines, readScenario } from './io.ts';
import { widest } from './table.ts';
import type { DeliveryChoice } from './delivery.ts';
import { stepInWords } from './path-steps.ts';
import { publicStep } from '../sim/paths/step-names.ts';
import { printable } from '../sim/printable.ts';
import { spotInterruptible } from '../sim/scenario/consistency.ts';
import { reasonWording } from '../../machines/stop.teaching.ts';
import { stopRoutesOurs } from '../sim/notes.ts';

const IN_ORDER: DeliveryChoice = { mode: 'in-order', seed: null };

export const PATH_FORMATS = ['summary', 'json', 'events'] as const;
export type PathFormat = (typeof PATH_FORMATS)[number];

export async function pathsCommand(o: { file: string; format: PathFormat; distinct: Distinct; delivery: DeliveryChoice; maxLifecycles: number; strict: boolean }): Promise<void> {
  const scenario = await readScenario(o.file, o.strict, 'listed');
  const on = printable(o.file === '-' ? 'standard input' : o.file);
  for (const unexplored of [revisionsNotExplored(scenario), ...faultsNotExplored(scenario)])
    if (unexplored) process.stderr.write(`ecs-lifecycle: note: ${on}: ${printable(unexplored)}\n`);
  let lifecycles: Lifecycle[];
  try {
    lifecycles = scenarioLifecycles(scenario, { distinct: o.distinct, maxLifecycles: o.maxLifecycles });
  } catch (err) {
    if (!(err instanceof TooManyPaths)) throw err;
    const fewer = err.limit === 'lifecycles' && o.distinct === 'outcomes' ? ' --distinct states lists one per sequence of states and stop code.' : '';
    // a limit worth raising only when all of them fit under the highest one
    const raise = err.limit === 'lifecycles' && err.found !== null && err.found <= MAX_LIFECYCLES_ASKED ? ` To list them all, give --max-lifecycles ${err.found}.` : '';
    throw new LimitError(`paths: ${printable(o.file === '-' ? 'standard input' : o.file)}: ${err.message}${fewer}${raise}`);
  }
  // events as they are made: thousands of lifecycles are more text than one string may hold
  if (o.format === 'events') return outLines(lifecycleFixtureStream(scenario, lifecycles, o.delivery.mode, o.delivery.seed ?? scenario.seed));
  out(formatPaths(scenario, lifecycles, o.format, o.delivery, o.distinct));
}

/**
 * The revisions a service's timeline deploys: paths lists one task of the
 * scenario's own definition, so a fixture user expecting the new revision's
 * failures (a broken deploy) is told where they went, and how to get them.
 */
function revisionsNotExplored(s: Scenario): string | null {
  const own = `${s.taskDefinition.family}:${s.taskDefinition.revision}`;
  const deployed = [...new Set(s.timeline.flatMap((a) => (a.action === 'UpdateService' && a.taskDefinition ? [`${a.taskDefinition.family}:${a.taskDefinition.revision}`] : [])))].filter((r) => r !== own);
  if (deployed.length === 0) return null;
  return `the lifecycles listed are those of a task of ${own}, the scenario's taskDefinition; ${deployed.join(', ')}, which the timeline deploys, ${deployed.length === 1 ? 'is' : 'are'} not explored: for ${deployed.length === 1 ? 'its' : 'their'} lifecycles, give ${deployed.length === 1 ? 'that revision' : 'each revision'} as the taskDefinition of a scenario of its own`;
}

/**
 * The faults whose point paths does not list: a scenario written to show one
 * (the stuck-deprovisioning preset, a slow start) must not seem to have it
 * in its fixtures.
 */
function faultsNotExplored(s: Scenario): string[] {
  const notes: string[] = [];
  const i = s.faults.findIndex((f) => f.step === 'ReleaseEni');
  if (i >= 0) notes.push(`faults[${i}] (ReleaseEni) is not explored: a task held in DEPROVISIONING has no end to list, so its lifecycles end as they would without it (run shows the hold)`);
  const slow = s.faults.findIndex((f) => f.step === 'HealthCheck' && f.passAfterSeconds !== null);
  if (slow >= 0) notes.push(`faults[${slow}] (HealthCheck with passAfterSeconds) changes no lifecycle: checks that pass and checks that fail are explored, and a task kept after a slow start lives as a healthy one (the events never show health)`);
  const bad = s.faults.findIndex((f) => f.step === 'HealthCheck' && f.failAfterSeconds != null);
  if (bad >= 0)
    notes.push(`faults[${bad}] (HealthCheck with failAfterSeconds) changes no lifecycle: a task whose checks fail after it was healthy emits the events of one whose checks fail from the start, which are explored (the events never show health); run shows when it turns unhealthy`);
  const stops = s.timeline.findIndex((a) => a.action === 'HealthChecksFail');
  if (stops >= 0)
    notes.push(`timeline[${stops}] (HealthChecksFail) changes no lifecycle: a task whose checks fail from some moment emits the events of one whose checks fail from the start, which are explored (the events never show health); run shows when it turns unhealthy`);
  return notes;
}

/**
 * How a lifecycle ends, as its last event shows it: the stoppedReason and each
 * container's exit code and reason. `stoppedReasonOurs` says which words of
 * the stoppedReason are ours where AWS documents none (null: AWS's, or the
 * caller's): a rule matching them by prefix, tested on these fixtures alone,
 * may never fire in production.
 */
function ending(l: Lifecycle) {
  const c = l.states.at(-1)!.task.context as TaskContext;
  const containers = c.shape.containers.map(({ name }) => ({ name, exitCode: c.containers[name]!.exitCode, reason: c.containers[name]!.reason }));
  return {
    stoppedReason: c.stoppedReason,
    stoppedReasonOurs: c.stopCode ? reasonWording(c.stopCode, c.stoppedReason) : null,
    // the steps of its route AWS does not document: fixtures built on them test our model
    routeOurs: stopRoutesOurs(l.statuses, c.stoppedReason),
    containers,
  };
}

export function formatPaths(scenario: Scenario, lifecycles: Lifecycle[], format: PathFormat, delivery = IN_ORDER, distinct: Distinct = 'states'): string {
  if (format === 'json') {
    const paths = lifecycles.map((l) => ({ id: l.id, statuses: l.statuses, stopCode: l.stopCode, ...ending(l), steps: l.steps.map(publicStep) }));
    return JSON.stringify({ paths }, null, 2) + '\n';
  }
  if (format === 'events') return lifecycleFixtureLines(scenario, lifecycles, delivery.mode, delivery.seed ?? scenario.seed).join('\n') + '\n';
  return summary(scenario, lifecycles, distinct);
}

/** `ends  …`: what sets apart lifecycles of the same states and stop code (--distinct outcomes). */
function endsInWords(l: Lifecycle): string {
  const { stoppedReason, containers } = ending(l);
  const each = containers.map((x) => `${x.name} ${x.reason ? x.reason.split(':')[0] : x.exitCode === null ? 'never started' : `exit ${x.exitCode}`}`);
  // a reason's own full stop would stand before the semicolon (“… has timed out.; envoy exit 0”)
  return [stoppedReason?.replace(/\.$/, '') ?? 'not stopped', ...each].join('; ');
}

/** One line per lifecycle: its id, the task states in order, and the events that lead there. */
function summary(s: Scenario, lifecycles: Lifecycle[], distinct: Distinct): string {
  const td = s.taskDefinition;
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  const spread = s.service?.capacityProviderStrategy?.map((p) => p.capacityProvider) ?? [];
  const cp = spread.length > 1 ? spread.join(' and ') : s.capacityProviderName;
  // what came from the input is escaped where it is put (see printable.ts)
  const provider = cp && cp !== s.launchType ? ` on ${printable(cp)}` : '';
  const head =
    // and the capacity provider when one was named: FARGATE_SPOT is why Spot lifecycles are listed
    `${n(lifecycles.length, 'lifecycle')} for ${td.family} (${s.launchType}${provider}, ${td.networkMode}, ` +
    `${n(s.loadBalancers.length, 'target group')}, ${s.serviceRegistries.length ? 'a' : 'no'} service registry, ` +
    `${n(td.containerDefinitions.length, 'container')})\n` +
    // no launch type and no provider: why Spot lifecycles are listed all the same
    (!s.launchTypeGiven && s.capacityProviderName === null && spotInterruptible(s).ok
      ? 'No launch type is given: the cluster\'s default capacity provider strategy may be Fargate Spot, so Spot interruptions are listed too (launchType FARGATE leaves them out).\n'
      : '') +
    '\n';
  const width = widest(lifecycles.map((l) => l.id), 2);
  const lines = lifecycles.map((l) => {
    const states = l.statuses.join(' → ');
    const ends = distinct === 'outcomes' ? `${' '.repeat(width)}  ends ${printable(endsInWords(l))}\n` : '';
    const ours = ending(l).routeOurs.map((o) => `${' '.repeat(width)}  [our model: ${o}]\n`).join('');
    return `${l.id.padEnd(width)}  ${states}\n${' '.repeat(width)}  via ${l.steps.map((step, k) => stepInWords(step) + givingUp(l, k)).join(', ')}\n${ends}${ours}`;
  });
  // what the default leaves out (a SIGKILL's 137 behind 'exits 0'), said where it is left out
  const more = distinct === 'states' ? "\nOne lifecycle per sequence of states and stop code. --distinct outcomes also lists each ending the final events tell apart: a stoppedReason, each container's exit code (a SIGKILL's 137) and reason.\n" : '';
  return head + lines.join('\n') + more;
}

/**
 * The containers step `k` made give up on their dependsOn, said after it: no
 * step of their own (the agent stops them in the same instant), yet a reader
 * of "init exits 1, app started" would wonder where the others went.
 */
function givingUp(l: Lifecycle, k: number): string {
  const before = (l.states[k]!.task.context as TaskContext).containers;
  const after = (l.states[k + 1]!.task.context as TaskContext).containers;
  const gone = Object.keys(after).filter((n) => after[n]!.dependencyError !== null && before[n]!.dependencyError === null);
  if (gone.length === 0) return '';
  return `, ${gone.map(printable).join(' and ')} give${gone.length === 1 ? 's' : ''} up (a dependsOn that can never hold)`;
}
