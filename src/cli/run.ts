// `ecs-lifecycle run`: a scenario in, the events ECS would emit out.
import { idleFaults } from '../sim/idle-faults.ts';
import { serviceIdleFaults } from '../sim/service/idle-faults.ts';
import { stillWaiting } from '../sim/waits.ts';
import { createSimulation } from '../sim/simulation.ts';
import { EXIT_STRICT_NOTES, mapped, out, outJson, outLines, readScenario, UsageError } from './io.ts';
import { formatTable, MARKS_MEANING, marksStatus } from './table.ts';
import { whereItRan } from './where.ts';
import { formatServiceTable } from './service-table.ts';
import { ServiceSimulation } from '../sim/service/service-simulation.ts';
import { describeContainerInstances, describeService, describeServiceTasks, serviceEventStream } from '../sim/service/service-output.ts';
import { spotShortage } from '../sim/scenario/capacity.ts';
import { deploymentStalled, failedDeploymentSaid } from '../sim/service/service-log.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { MAX_RUN_SECONDS } from '../sim/scenario/scenario.schema.ts';
import { delivered, deliveredStream, type DeliveryChoice } from './delivery.ts';
import { printable } from '../sim/printable.ts';
import { msOfSeconds } from '../sim/clock.ts';
import { reasonWording, STOP_CODE_MEANING } from '../../machines/stop.teaching.ts';

export const RUN_FORMATS = ['events', 'table', 'json'] as const;
export type RunFormat = (typeof RUN_FORMATS)[number];

export interface RunOptions {
  file: string;
  format: RunFormat;
  untilSeconds: number;
  delivery: DeliveryChoice;
  /** warnings are errors; a timeline action that did nothing, or a run cut short, exits 3 */
  strict: boolean;
}

export async function runCommand(o: RunOptions): Promise<void> {
  const scenario = await readScenario(o.file, o.strict);
  if (scenario.service) return runService(scenario, o);
  const sim = createSimulation(scenario);
  sim.runUntil(msOfSeconds(o.untilSeconds));
  const end = sim.isStopped() ? `the task was already STOPPED at ${seconds(sim.now())} s` : `the run ends at --until ${o.untilSeconds} s`;
  const noted = noteTimeline(o.file, scenario, sim.ignoredActions, sim.now(), end);
  const idle = idleFaults(scenario, sim.trace, sim.now());
  for (const n of idle) process.stderr.write(`${noteOn(o.file)}${printable(n)}\n`);
  const strict = strictFailure(o, noted, null, idle.length);
  // a task left waiting for good on a dependsOn (PENDING, nothing more scheduled): which, and why
  // it has not held (the table says it in its footer)
  const held = !sim.isStopped() && sim.view().lastStatus === 'PENDING' && sim.nextAt() === null;
  const waiting = held ? stillWaiting(scenario, sim.view().containers) : [];
  if (o.format !== 'table') for (const { line } of waiting) process.stderr.write(`${noteOn(o.file)}${printable(line)}\n`);
  if (o.format === 'events') await outLines(delivered(sim.events, o.delivery, scenario.seed).map((e) => JSON.stringify(e)));
  else if (o.format === 'json') await outJson({ events: sim.events, task: sim.describeTask() });
  else {
    // on a terminal the last column wraps to its width; to a pipe or a file, a row per line
    out(formatTable(sim.trace, process.stdout.isTTY ? process.stdout.columns : undefined));
    const v = sim.view();
    const end = v.lastStatus === 'STOPPED' ? `STOPPED at ${(v.t / 1000).toFixed(3)} s: ${v.stopCode}: ${v.stoppedReason}` : `still ${v.lastStatus} at --until ${o.untilSeconds} s`;
    // a reason may end its own sentence ("…to complete.")
    out(`\n${printable(end.replace(/\.$/, ''))}. ${plural(sim.events.length, 'ECS Task State Change event')}.\n`);
    // a task left waiting on a dependsOn: which, and why it has not held
    for (const { line } of waiting) out(`${printable(line)}\n`);
    // said once the task has stopped, as the page says it at STOPPED
    if (v.lastStatus === 'STOPPED' && v.stopCode) {
      out(`stopCode ${v.stopCode}: ${STOP_CODE_MEANING[v.stopCode]}\n`);
      const ours = reasonWording(v.stopCode, v.stoppedReason);
      if (ours) out(`The stoppedReason: ${ours}\n`);
    }
    out(whereItRan(scenario, sim.describeTask(), sim.trace));
    out('CONTAINERS shows each container\'s own steps: the agent\'s NONE, PULLED and CREATED, and PULLING and STOPPING, our names for a pull and a stop under way (a step that ends the instant it begins gets no row of its own); events and DescribeTasks say PENDING before RUNNING, and RUNNING until STOPPED.\n');
    if (marksStatus(sim.trace)) out(`${MARKS_MEANING}\n`);
  }
  strictSaid(strict);
}

async function runService(scenario: Scenario, o: RunOptions): Promise<void> {
  const sim = new ServiceSimulation(scenario);
  sim.runUntil(msOfSeconds(o.untilSeconds));
  const noted = noteTimeline(o.file, scenario, sim.ignoredActions, sim.now(), sim.halted ?? `the run ends at --until ${o.untilSeconds} s`);
  if (sim.halted) process.stderr.write(`${noteOn(o.file)}${sim.halted}\n`);
  const idle = serviceIdleFaults(sim);
  for (const n of idle) process.stderr.write(`${noteOn(o.file)}${printable(n)}\n`);
  const strict = strictFailure(o, noted, sim.halted, idle.length);
  await writeService(scenario, sim, o);
  strictSaid(strict);
}

async function writeService(scenario: Scenario, sim: ServiceSimulation, o: RunOptions): Promise<void> {
  // events as they are made (a big run holds gigabytes of them), delivered as they come
  const events = () => deliveredStream(serviceEventStream(sim), o.delivery, scenario.seed);
  if (o.format === 'events') return outLines(mapped(events(), (e) => JSON.stringify(e)));
  if (o.format === 'json') {
    const service = describeService(sim);
    const instances = sim.fleet ? { containerInstances: describeContainerInstances(sim) } : {};
    // a run of tens of thousands of tasks is hundreds of MB: written as it goes
    return outJson({ events: events(), service, tasks: describeServiceTasks(sim), ...instances });
  }
  out(formatServiceTable(sim.rows, sim.notes));
  const view = sim.view();
  const running = sim.tasks.filter((t) => t.lastStatus === 'RUNNING').length;
  // cut short by --until, or run until nothing was left to happen
  const next = sim.clock.nextAt();
  const settled = sim.halted
    ? ` The ${sim.halted.replace(/^the /, '')}.`
    : next === null
      ? ' Nothing more is scheduled: the service waits for a change.'
      : ` The run ends at --until ${o.untilSeconds} s with more to come (next at ${seconds(next)} s): a later --until shows it.`;
  // ECS keeps retrying a placement; the simulator retries when the service's tasks change.
  const failure = sim.placementFailure;
  const unplaced =
    failure === 'RESOURCE:FARGATE'
      ? ` The last launch found no Fargate Spot capacity (SERVICE_TASK_PLACEMENT_FAILURE, RESOURCE:FARGATE): ECS keeps retrying on Spot, not on FARGATE; ${
          spotShortage(scenario)?.capacityAfterSeconds == null
            ? 'the PlaceTask fault gives no capacityAfterSeconds, so Spot never comes back and the service stays short.'
            : 'here it retries when the capacity is back (capacityAfterSeconds).'
        }`
      : failure
        ? ` The last launch found no container instance that could take the task (SERVICE_TASK_PLACEMENT_FAILURE, ${failure}): ECS would keep retrying; here it retries when the tasks change.`
        : '';
  const cfg = sim.serviceSnapshot.context.settings;
  const stalled = deploymentStalled(sim.serviceSnapshot.context)
    ? ` The deployment is stuck: minimumHealthyPercent ${cfg.minimumHealthyPercent} and maximumPercent ${cfg.maximumPercent} leave no room to start a new task or stop an old one (ECS says it "was unable to stop or start tasks during a deployment because of the service deployment configuration").`
    : '';
  const failed = failedDeploymentSaid(sim.serviceSnapshot.context);
  out(`\nAt ${(sim.now() / 1000).toFixed(3)} s: ${plural(running, 'task')} RUNNING of ${sim.tasks.length.toLocaleString('en-US')} started; scheduler ${view.scheduler}.${settled}${unplaced}${stalled}${failed ? ` ${failed}` : ''}\n`);
}

const plural = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => Number((ms / 1000).toFixed(3));

/**
 * Timeline actions that did nothing, on stderr whatever the format (the table
 * also lists the ignored ones): ignored at their moment, or never reached.
 */
function noteTimeline(file: string, scenario: Scenario, ignored: readonly { t: number; why: string }[], endMs: number, end: string): number {
  const notes = [
    ...ignored.map((i) => `at ${seconds(i.t)} s ${i.why}`),
    ...scenario.timeline.filter((a) => msOfSeconds(a.at) > endMs).map((a) => `${a.action} at ${a.at} s not applied: ${end}`),
  ];
  // a generated timeline can hold thousands: the first ones say what is wrong
  for (const n of notes.slice(0, MAX_NOTES)) process.stderr.write(`${noteOn(file)}${printable(n)}\n`);
  if (notes.length > MAX_NOTES) process.stderr.write(`${noteOn(file)}… and ${(notes.length - MAX_NOTES).toLocaleString('en-US')} more timeline actions that did nothing\n`);
  return notes.length;
}

/**
 * --strict in a CI pipeline: the output is still written in full (to look
 * at), but the exit code says the scenario did not test what it asked for.
 * Set before the output, so a reader gone early (`| head`) ends the run with
 * it too (io.ts); said after it, as the last line on stderr.
 */
function strictFailure(o: RunOptions, noted: number, halted: string | null, idleFaults = 0): string | null {
  if (!o.strict || (!noted && !halted && !idleFaults)) return null;
  process.exitCode = EXIT_STRICT_NOTES;
  return [
    halted ? 'the run was cut short (the note above says where)' : '',
    noted ? `${plural(noted, 'timeline action')} did nothing (the notes above say why)` : '',
    idleFaults ? `${plural(idleFaults, 'fault')} did nothing (the notes above say why)` : '',
  ]
    .filter(Boolean)
    .join(', and ');
}
function strictSaid(what: string | null): void {
  if (what) process.stderr.write(`ecs-lifecycle: --strict: ${what}: exit ${EXIT_STRICT_NOTES}\n`);
}
const MAX_NOTES = 20;

/** How a note begins: the file it is about, as warnings and errors name it (a CI loop over files reads each line alone). */
const noteOn = (file: string) => `ecs-lifecycle: note: ${printable(file === '-' ? 'standard input' : file)}: `;


export function parseFormat<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, option = '--format', what = 'format'): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  // run's format for people is "table"; paths calls its own "summary"
  const hint =
    value === 'table' && allowed.includes('summary' as T)
      ? ': paths calls its table for people "summary"'
      : value === 'summary' && allowed.includes('table' as T)
        ? ': run calls its timeline for people "table" (summary is paths\' word)'
        : '';
  throw new UsageError(`${option}: unknown ${what} "${value}" (expected ${allowed.join(', ')})${hint}`);
}

export function parseUntil(value: string | undefined): number {
  if (value === undefined) return 3600;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  // Any finite number ≥ 0 as JavaScript reads it (600, 1e3, 0.5); no hex or Infinity.
  if (!Number.isFinite(n) || n < 0 || /^\s*[+-]?0[xob]/i.test(value)) throw new UsageError(`--until: must be a finite number of seconds ≥ 0, got "${value}"`);
  if (n > MAX_RUN_SECONDS) throw new UsageError(`--until: must be at most ${MAX_RUN_SECONDS.toLocaleString('en-US')} seconds (about 31 years), got ${value}`);
  return n;
}
