// When each step of a generated lifecycle happens, in ms after the task was
// created. The walk is untimed: it only orders the steps. Here each step takes
// the duration `run` would give it, drawn from the same timings (seeded per
// lifecycle), counted from the moment its side step was asked for: an ENI
// attaches a few seconds after PROVISIONING began, a target drains for the
// deregistration delay, a container killed after ignoring SIGTERM goes at
// its stopTimeout. The path's order stands: a step due before the previous
// one happens in the same instant, so times never go back.
import type { ContainerInput, TaskContext, TaskInput } from '../../../machines/task.types.ts';
import type { Random } from '../random.ts';
import type { Scenario } from '../scenario/types.ts';
import { CAPACITY_WAIT_MS, taskInput } from '../timings.ts';
import type { Micro } from './explore.ts';
import type { Lifecycle } from './lifecycles.ts';
import type { WorldEvent } from './world.ts';

const S = 1000;
/**
 * What comes from outside has no duration of its own (our choice): a stop, a
 * Spot notice or a scheduler's stop comes a second after the previous step
 * while the task starts, and 10 minutes after it began RUNNING, as the guided
 * scenarios stop at 600 s; a process ends on its own a minute after it started.
 */
const INTERRUPT_MS = 1 * S;
const RUNS_FOR_MS = 600 * S;
const EXITS_AFTER_MS = 60 * S;
/** A PlaceTask fault without capacityAfterSeconds never gets room in `run`: placed after 4 min, as the page's fault says. */
const ROOM_AFTER_MS = 240 * S;

/** When each side step was asked for (ms), as the task's mirror shows it. */
class Asked {
  pending: number | null = null;
  running: number | null = null;
  stopping: number | null = null;
  notice: number | null = null;
  eniAttach: number | null = null;
  eniDelete: number | null = null;
  registryRegister: number | null = null;
  registryDeregister: number | null = null;
  readonly permitted = new Map<string, number>();
  readonly started = new Map<string, number>();
  readonly stopped = new Map<string, number>();
  readonly targetRegister = new Map<number, number>();
  readonly targetRegistered = new Map<number, number>();
  readonly targetDrain = new Map<number, number>();

  /** Note what the task asks for in `m`, at `t`. */
  see(m: Micro, t: number): void {
    const c = m.context;
    if (m.value === 'PENDING') this.pending ??= t;
    if (m.value === 'RUNNING') this.running ??= t;
    if (c.desiredStatus === 'STOPPED') this.stopping ??= t;
    if (c.spot !== 'NONE') this.notice ??= t;
    if (c.eni === 'PRECREATED' && (c.capacity === null || c.capacity === 'PLACED')) this.eniAttach ??= t;
    if (c.eni === 'DETACHING') this.eniDelete ??= t;
    if (c.registry === 'REGISTERING') this.registryRegister ??= t;
    if (c.registry === 'DEREGISTERING') this.registryDeregister ??= t;
    for (const [name, v] of Object.entries(c.containers)) {
      if (v.permitted && !this.permitted.has(name)) this.permitted.set(name, t);
      if (v.started && !this.started.has(name)) this.started.set(name, t);
      if (v.stopRequested && !this.stopped.has(name)) this.stopped.set(name, t);
    }
    c.targets.forEach((s, i) => {
      if (s === 'registering' && !this.targetRegister.has(i)) this.targetRegister.set(i, t);
      if ((s === 'initial' || s === 'healthy' || s === 'unhealthy') && !this.targetRegistered.has(i)) this.targetRegistered.set(i, t);
      if (s === 'draining' && !this.targetDrain.has(i)) this.targetDrain.set(i, t);
    });
  }
}

export interface StepTimes {
  /** ms after creation of each state of the lifecycle (states[0] at 0) */
  at: number[];
  /** when the pulls began (on Fargate once its agent came up), or null: stopped before */
  pullsBeganAt: number | null;
  /** when each container's pull ended, for those that got past it (started, or failed it) */
  pullEndedAt: Map<string, number>;
}

export function lifecycleTimes(scenario: Scenario, l: Lifecycle, draws: () => Random): StepTimes {
  // The same draws twice: the timings of a run without faults, and those of
  // one whose health checks all fail (how long it takes to turn UNHEALTHY).
  const healthy = taskInput({ ...scenario, faults: [] }, draws());
  const failing = taskInput({ ...scenario, faults: [{ step: 'HealthCheck', container: null }, ...scenario.taskDefinition.containerDefinitions.map((c) => ({ step: 'HealthCheck' as const, container: c.name }))] } as Scenario, draws());
  const place = scenario.faults.find((f) => f.step === 'PlaceTask');
  const roomMs = place?.step === 'PlaceTask' && place.capacityAfterSeconds != null ? place.capacityAfterSeconds * S : ROOM_AFTER_MS;
  const giveUpMs = Math.round((CAPACITY_WAIT_MS.min + CAPACITY_WAIT_MS.max) / 2);

  const asked = new Asked();
  const at: number[] = [0];
  for (const m of l.states[0]!.micro) asked.see(m, 0);
  const pullEndedAt = new Map<string, number>();
  for (let k = 1; k < l.states.length; k++) {
    const prev = at[k - 1]!;
    const before = l.states[k - 1]!.task.context as TaskContext;
    const due = dueAt(l.events[k - 1]!, before, asked, healthy, failing, { roomMs, giveUpMs }, prev);
    const t = Math.max(prev, Math.round(due));
    at.push(t);
    for (const m of l.states[k]!.micro) {
      asked.see(m, t);
      if (asked.pending === null) continue;
      for (const ci of healthy.containers) {
        const v = m.context.containers[ci.name]!;
        if ((v.started || v.reason !== null) && !pullEndedAt.has(ci.name)) pullEndedAt.set(ci.name, Math.min(t, asked.pending + healthy.pullDelayMs + ci.pullMs));
      }
    }
  }
  // The pulls are asked for as PENDING begins (Fargate: once its agent is up);
  // a stop before that cancels them, as `run` does.
  const pullsAt = asked.pending === null ? null : asked.pending + healthy.pullDelayMs;
  const pullsBeganAt = pullsAt !== null && (asked.stopping === null || asked.stopping > pullsAt || (healthy.pullDelayMs === 0 && asked.stopping >= pullsAt)) ? pullsAt : null;
  return { at, pullsBeganAt, pullEndedAt };
}

function dueAt(e: WorldEvent, c: TaskContext, asked: Asked, input: TaskInput, failing: TaskInput, capacity: { roomMs: number; giveUpMs: number }, prev: number): number {
  const reclaim = asked.notice === null ? Infinity : asked.notice + input.spotReclaimMs;
  const since = (x: number | null | undefined) => x ?? prev;
  const container = (name: string): ContainerInput => input.containers.find((x) => x.name === name)!;
  const index = (e as { index?: number }).index ?? 0;
  switch (e.type) {
    case 'task.stopRequested':
    case 'task.spotInterrupted':
      return asked.running === null ? prev + INTERRUPT_MS : asked.running + RUNS_FOR_MS;
    case 'capacity.placed':
      return capacity.roomMs;
    case 'capacity.unavailable':
      return capacity.giveUpMs;
    case 'eni.attached':
      return since(asked.eniAttach) + input.eni!.createMs + input.eni!.attachMs;
    case 'eni.failed':
      return since(asked.eniAttach) + input.eni!.attachTimeoutMs;
    case 'target.registered':
    case 'target.failed':
      return since(asked.targetRegister.get(index)) + input.targets[index]!.registerMs;
    case 'target.healthy':
      return since(asked.targetRegistered.get(index)) + input.targets[index]!.healthyAfterMs;
    case 'target.unhealthy':
      return since(asked.targetRegistered.get(index)) + input.targets[index]!.unhealthyAfterMs;
    case 'registry.registered':
    case 'registry.failed':
      return since(asked.registryRegister) + input.registry!.registerMs;
    case 'container.started': {
      const ci = container((e as { name: string }).name);
      const pulled = since(asked.pending) + input.pullDelayMs + ci.pullMs;
      return Math.max(pulled, since(asked.permitted.get(ci.name))) + ci.createMs + ci.startMs;
    }
    case 'container.healthy':
      return since(asked.started.get((e as { name: string }).name)) + (container((e as { name: string }).name).healthCheckMs ?? 0);
    case 'container.unhealthy': {
      const name = (e as { name: string }).name;
      return since(asked.started.get(name)) + (failing.containers.find((x) => x.name === name)!.healthCheckMs ?? 0);
    }
    case 'container.startTimedOut':
      return since(asked.started.get((e as { name: string }).name)) + (container((e as { name: string }).name).startTimeoutMs ?? 0);
  }
  // a side step that finished: xstate.done.actor.<id>
  const id = e.type.slice('xstate.done.actor.'.length);
  if (id === 'eni') return since(asked.eniDelete) + input.eni!.detachMs + input.eni!.deleteMs;
  if (id === 'registry') return since(asked.registryDeregister) + (c.registry === 'FAILED' ? 0 : input.registry!.deregisterMs);
  if (id.startsWith('target-')) {
    const i = Number(id.slice('target-'.length));
    return Math.min(since(asked.targetDrain.get(i)) + input.targets[i]!.deregistrationDelayMs, reclaim);
  }
  const name = id.slice('container-'.length);
  const ci = container(name);
  const out = (e as { output?: { exitCode: number | null; reason: string | null; started: boolean } }).output;
  const view = c.containers[name]!;
  // a pull that failed; a container stopped before it started (no signal)
  if (out?.reason) return since(asked.pending) + input.pullDelayMs + ci.pullMs;
  if (!out?.started) return prev;
  // SIGTERM sent: it exits, or is killed at stopTimeout; Spot's reclaim cuts either
  if (view.stopRequested) return Math.min(since(asked.stopped.get(name)) + (out.exitCode === 137 ? ci.stopTimeoutMs : ci.sigtermExitMs), reclaim);
  // it ended on its own: a crash, or a job done
  return since(asked.started.get(name)) + EXITS_AFTER_MS;
}
