// A task with a load balancer or a registry is a service's task (RunTask takes
// neither: see taskOrigin), and a service replaces a task whose health checks
// fail (facts §6). Since 2023 it starts the replacement first and stops the
// unhealthy task once the replacement has a verdict of its own. The one-task
// world shows this task only: its replacement is not simulated, and is taken
// to go as this task went, from its placement to its failed check (the same
// definition under the same fault fails the same way: our model), or to its
// first pass when this task was healthy first, or would have been but for a
// HealthChecksFail (its replacement's app answers). `paths` times the stop by
// the same rule (replacementVerdictMs).
import type { AnyActorRef } from 'xstate';
import type { TargetState } from '../../machines/status.ts';
import { containerActorId } from '../../machines/task.rules.ts';
import type { TaskContext, TaskInput } from '../../machines/task.types.ts';
import type { VirtualClock } from './clock.ts';
import type { Recorder } from './recorder.ts';
import { unhealthyReason } from './service/task-phase.ts';
import { STOPS_ANSWERING_MARK } from './stops-answering.ts';

type Snap = { value: unknown; context: TaskContext };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * When a replacement launched at `foundAt` has its own verdict: as long after
 * as this task took from its placement (`placedAt`: 0, or the end of its wait
 * for capacity) to its failed check (`verdictAt`).
 */
export const replacementVerdictMs = (foundAt: number, placedAt: number, verdictAt: number) => foundAt + (verdictAt - placedAt);

/**
 * Watches a service's task for its scheduler, from the trace as it is
 * written (an actor's own snapshot is not yet current while its change is
 * being watched): once the task is RUNNING with a target unhealthy or an
 * essential container's health checks failed (the service's rule, phaseOf,
 * with no grace period), says what the scheduler does, and stops the task
 * when the replacement has its own verdict (ServiceSchedulerInitiated, in the
 * scheduler's words), unless it is being stopped by then.
 */
export function watchHealthForScheduler(actor: AnyActorRef, input: TaskInput, targetGroupArns: string[], recorder: Recorder, clock: VirtualClock): void {
  const checked = new Set(input.shape.containers.filter((c) => c.essential && c.hasHealthCheck).map((c) => containerActorId(c.name)));
  const targets: TargetState[] = input.targets.map(() => 'notRegistered');
  let placedAt = 0;
  let verdictAt: number | null = null;
  // when every check (each target's, each checked essential container's) had first passed, after a slow
  // start too: when a replacement going as this task went is healthy, which is when a service stops the
  // task that went bad (the service's own run agrees)
  let firstPassAt: number | null = null;
  const passedContainers = new Set<string>();
  const allPassed = () => targets.every((t) => t === 'healthy') && passedContainers.size === checked.size;
  let running = false;
  let stopping = false;
  let replacing = false;
  // the essential containers whose checks fail now (a slow start's pass ends it)
  const unhealthyContainers = new Set<string>();
  const failing = () => targets.includes('unhealthy') || unhealthyContainers.size > 0;
  // the side steps whose app a HealthChecksFail stopped (this task's, not its replacement's), which
  // side step gave the verdict, and when each one's checks began, to time a pass that did not come
  const silenced = new Set<string>();
  let verdictBy: string | null = null;
  const began = new Map<string, number>();
  recorder.subscribe(() => {
    if (stopping) return;
    const e = recorder.trace.at(-1)!;
    if (e.from === e.to && e.note.includes(STOPS_ANSWERING_MARK)) silenced.add(e.actor);
    if ((e.to === 'initial' || e.to === 'RUNNING') && e.from !== e.to) began.set(e.actor, e.t);
    if (e.actor === 'task') {
      if (e.to === 'RUNNING') running = true;
      else if (e.to.startsWith('desired ')) stopping = true;
    } else if (e.actor === 'capacity' && e.to === 'PLACED') placedAt = e.t;
    else if (e.actor.startsWith('target-')) {
      targets[Number(e.actor.slice('target-'.length))] = e.to as TargetState;
      if (e.to === 'unhealthy' && verdictAt === null) (verdictAt = e.t), (verdictBy = e.actor);
    } else if (checked.has(e.actor) && e.from === e.to && e.note.startsWith('health checks failed: UNHEALTHY')) {
      if (verdictAt === null) (verdictAt = e.t), (verdictBy = e.actor);
      unhealthyContainers.add(e.actor);
    } else if (checked.has(e.actor) && e.from === e.to && e.note.startsWith('health check passed')) {
      unhealthyContainers.delete(e.actor);
      passedContainers.add(e.actor);
    }
    if (allPassed()) firstPassAt ??= e.t;
    // a verdict passed again (a slow start) is no verdict: a later failure is timed from its own
    if (!failing() && !replacing) (verdictAt = null), (verdictBy = null);
    if (stopping || replacing || !running || verdictAt === null || !failing()) return;
    replacing = true;
    const now = clock.now();
    // an app that went bad after a pass: its replacement passes its first checks as this task did, and is healthy by then
    // the verdict came from an app a HealthChecksFail stopped before its checks all passed: the
    // replacement's app answers, and passes them when this task would have (not under a slow start:
    // its replacement, going as this one went, has its own failed verdict first, as a service's does)
    const byAction = verdictBy !== null && silenced.has(verdictBy);
    const wouldPass = byAction && firstPassAt === null ? wouldPassAt(input, began, checked) : null;
    const wentBad = firstPassAt !== null || wouldPass !== null;
    const after = replacementVerdictMs(now, placedAt, firstPassAt ?? wouldPass ?? verdictAt) - now;
    const asThisTask = byAction && wentBad
      ? `from its placement to the moment all its checks ${firstPassAt !== null ? 'passed' : 'would have passed'}: HealthChecksFail silenced this task's app, not its replacement's`
      : wentBad
        ? 'from its placement to the moment all its checks passed, and under the same fault to go bad as late as this task did'
        : 'from its placement to its failed check, and under the same fault to fail it too';
    recorder.note({
      actor: 'world',
      from: null,
      to: 'scheduler',
      note: `the task's service finds it unhealthy: it starts a replacement (not shown here) and stops this task once the replacement ${wentBad ? 'is healthy' : 'has its own verdict'}, in about ${seconds(after)} [our model: the replacement is taken to go as this task did, ${asThisTask}]`,
    });
    clock.setTimeout(() => {
      if (stopping || (actor.getSnapshot() as Snap).context.desiredStatus !== 'RUNNING') return;
      // A slow start: it passes its checks again before the replacement has its verdict. Two tasks for
      // one: the scheduler scales in the one not yet healthy, the replacement (our model, as a service's does).
      // The task is watched on: checks that fail later (another target's) start another replacement.
      if (!failing()) {
        replacing = false;
        verdictAt = null;
        recorder.note({
          actor: 'world',
          from: null,
          to: 'scheduler',
          note: "the replacement has its verdict, but this task passes its health checks again by now: the scheduler keeps it and stops the replacement, which is not yet healthy (not shown) [our model]",
        });
        return;
      }
      stopping = true;
      actor.send({ type: 'task.stopRequested', stopCode: 'ServiceSchedulerInitiated', reason: unhealthyReason(targets, targetGroupArns) });
    }, after);
  });
}

/**
 * When every check of this task would have passed, had its app not stopped
 * answering (HealthChecksFail): each target's healthy verdict after its
 * registration, each checked essential container's after its start. Null
 * when one would fail first anyway (a HealthCheck fault: never passing, or a
 * slow start), or had not begun.
 */
function wouldPassAt(input: TaskInput, began: ReadonlyMap<string, number>, checked: ReadonlySet<string>): number | null {
  const at: number[] = [];
  for (const t of input.targets) {
    const from = began.get(`target-${t.index}`);
    if (from === undefined || t.failHealthChecks) return null;
    at.push(from + t.healthyAfterMs);
  }
  for (const c of input.containers) {
    const id = containerActorId(c.name);
    if (!checked.has(id)) continue;
    const from = began.get(id);
    if (from === undefined || c.healthCheckMs === null || c.failHealthChecks) return null;
    at.push(from + c.healthCheckMs);
  }
  return at.length ? Math.max(...at) : null;
}
