// When each step of a generated lifecycle happens, in ms after the task was
// created. The walk is untimed: it only orders the steps. Here each timed
// step takes the duration `run` would give it, drawn from the same timings
// (seeded per lifecycle), counted from the moment its side step was asked
// for: an ENI attaches a few seconds after PROVISIONING began, a target
// drains for the deregistration delay, a container killed after ignoring
// SIGTERM goes at its stopTimeout. What has no duration of its own (a stop
// from outside, a process that ends by itself) is placed before the next
// timed step could be due, so it stretches nothing. The path's order stands:
// a step due before the previous one happens in the same instant.
import type { ContainerInput, TaskContext, TaskInput } from '../../../machines/task.types.ts';
import type { Random } from '../random.ts';
import type { Scenario } from '../scenario/types.ts';
import { taskInput } from '../timings.ts';
import { pulledWhenPermitted } from '../../../machines/task.rules.ts';
import type { Micro } from './explore.ts';
import type { Lifecycle } from './lifecycles.ts';
import { worldEvents, worldOptions, type WorldEvent, type WorldOptions } from './world.ts';
import { replacementVerdictMs } from '../scheduler-stop.ts';

const S = 1000;
/**
 * Outside actions have no time of their own (our choice): a stop, a Spot
 * notice or a scale-in comes 10 minutes after the task began RUNNING, or a
 * second after the previous step while it starts; a process ends by itself
 * a minute after it started. Either comes sooner when the next timed step
 * would be due first (halfway there), since the path has it happen before.
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
  eniAttached: number | null = null;
  eniFailed: number | null = null;
  eniDelete: number | null = null;
  registryRegister: number | null = null;
  registryDeregister: number | null = null;
  /** placed on an instance after a wait for capacity (0 without one) */
  placed: number | null = null;
  /** a target's or an essential container's failed health checks */
  unhealthy: number | null = null;
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
    if (c.eni === 'ATTACHED') this.eniAttached ??= t;
    if (c.eni === 'FAILED') this.eniFailed ??= t;
    if (c.eni === 'DETACHING') this.eniDelete ??= t;
    if (c.registry === 'REGISTERING') this.registryRegister ??= t;
    if (c.registry === 'DEREGISTERING') this.registryDeregister ??= t;
    if (c.capacity === 'PLACED') this.placed ??= t;
    if (c.targets.includes('unhealthy') || c.shape.containers.some((s) => s.essential && c.containers[s.name]!.healthStatus === 'UNHEALTHY')) this.unhealthy ??= t;
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
  /** when the last pull ended (done, failed, or cut short by a stop), or null */
  pullsEndedAt: number | null;
  /** how long each step was held back by the path's order: due before the step before it, it happens in that instant (states[0]: 0) */
  heldMs: number[];
}

export interface Timings {
  /** the durations of a run without faults */
  input: TaskInput;
  /** how long containers take to turn UNHEALTHY when their checks fail */
  failing: TaskInput;
  roomMs: number;
  giveUpMs: number;
  world: WorldOptions;
}

export function lifecycleTimes(scenario: Scenario, l: Pick<Lifecycle, 'states' | 'events'>, draws: () => Random): StepTimes {
  return timesWith(drawTimings(scenario, draws), l);
}

/** The durations a lifecycle's steps take, drawn once for all the orders its steps may come in. */
export function drawTimings(scenario: Scenario, draws: () => Random): Timings {
  // The same draws each time: a run without faults, one whose health checks
  // all fail, and the scenario as it is (its capacity wait's give-up, drawn last).
  const healthCheckFaults = [{ step: 'HealthCheck', container: null, passAfterSeconds: null }, ...scenario.taskDefinition.containerDefinitions.map((c) => ({ step: 'HealthCheck', container: c.name, passAfterSeconds: null }))];
  const asIs = taskInput(scenario, draws());
  const giveUpMs = asIs.capacity?.timeoutMs ?? Infinity;
  const place = scenario.faults.find((f) => f.step === 'PlaceTask');
  const roomMs = place?.step === 'PlaceTask' && place.capacityAfterSeconds != null ? place.capacityAfterSeconds * S : ROOM_AFTER_MS;
  const timings: Timings = {
    input: taskInput({ ...scenario, faults: [] }, draws()),
    failing: taskInput({ ...scenario, faults: healthCheckFaults } as Scenario, draws()),
    // room that comes after ECS gave up comes too late for `run`: a path that is placed is placed by then
    roomMs: Math.min(roomMs, giveUpMs),
    giveUpMs,
    world: worldOptions(scenario),
  };
  return timings;
}

/** When each step of `l` happens with these durations. */
export function timesWith(timings: Timings, l: Pick<Lifecycle, 'states' | 'events'>): StepTimes {
  const asked = new Asked();
  const at: number[] = [0];
  const heldMs: number[] = [0];
  for (const m of l.states[0]!.micro) asked.see(m, 0);
  for (let k = 1; k < l.states.length; k++) {
    const prev = at[k - 1]!;
    const before = l.states[k - 1]!;
    const c = before.task.context as TaskContext;
    const event = l.events[k - 1]!;
    let due = dueAt(event, c, asked, timings, prev);
    /** the soonest this step was due: a free step's, before the next timed step or at its own time */
    let soonest = due;
    if (due === FREE) {
      // before whatever else could happen next: the path has this first (a
      // health verdict aside: no task event shows it, so a stop ten minutes
      // in with the verdict unsaid reads the same as one with it said)
      const next = Math.min(...worldEvents(c, before.visited, timings.world).filter((x) => !VERDICTS.has(x.type)).map((x) => dueAt(x, c, asked, timings, prev)).filter((d) => d !== FREE));
      const nominal = freeAt(event, c, asked, prev);
      due = nominal <= next ? nominal : prev + Math.max(0, next - prev) / 2;
      soonest = Math.min(nominal, next);
    }
    const t = Math.max(prev, Math.round(due));
    at.push(t);
    heldMs.push(Math.max(0, t - Math.round(soonest)));
    for (const m of l.states[k]!.micro) asked.see(m, t);
  }
  // on Fargate a secret that is not there fails the task before any pull begins
  if (timings.input.secretsBeforePulls && l.events.some((e) => e.type === 'task.secretsFailed')) return { at, heldMs, pullsBeganAt: null, pullsEndedAt: null };
  return { at, heldMs, ...pullTimes(asked, timings.input) };
}

/**
 * The pulls are asked for as PENDING begins (Fargate: once its agent is up);
 * a stop before that cancels them, as `run` does. Each ends when its image is
 * in (or its pull fails), or when the stop cuts it short.
 */
function pullTimes(asked: Asked, input: TaskInput): { pullsBeganAt: number | null; pullsEndedAt: number | null } {
  if (asked.pending === null) return { pullsBeganAt: null, pullsEndedAt: null };
  const began = asked.pending + input.pullDelayMs;
  const cancelled = asked.stopping !== null && (asked.stopping < began || (input.pullDelayMs > 0 && asked.stopping === began));
  if (cancelled) return { pullsBeganAt: null, pullsEndedAt: null };
  // a container with dependsOn is pulled once they hold (it is permitted then), if ever
  const ends = input.containers.map((ci) => {
    const from = pullBegins(input, ci.name, began, asked);
    return from === null ? Infinity : Math.min(from + ci.pullMs, asked.stopped.get(ci.name) ?? Infinity);
  });
  return { pullsBeganAt: began, pullsEndedAt: Math.max(began, ...ends.filter((e) => e !== Infinity)) };
}

/** When the pull of `name` begins: with the others, or, with dependsOn, once they hold (null: never). */
function pullBegins(input: TaskInput, name: string, began: number, asked: Asked): number | null {
  if (!pulledWhenPermitted(input.shape, name)) return began;
  return asked.permitted.get(name) ?? null;
}

const VERDICTS = new Set(['target.healthy', 'target.unhealthy', 'container.healthy', 'container.unhealthy']);

/** A step with no duration of its own: placed by freeAt, before the next timed step. */
const FREE = -1;

function freeAt(e: WorldEvent, c: TaskContext, asked: Asked, prev: number): number {
  if (e.type.startsWith('xstate.done.actor.container-')) return (asked.started.get(e.type.slice('xstate.done.actor.container-'.length)) ?? prev) + EXITS_AFTER_MS;
  return c.desiredStatus === 'RUNNING' && asked.running !== null ? Math.max(prev, asked.running + RUNS_FOR_MS) : prev + INTERRUPT_MS;
}

// (helpers of dueAt, not closures in it: it runs for every step of every order weighed)
const containerIn = (input: TaskInput, name: string): ContainerInput => input.containers.find((x) => x.name === name)!;
/** When the pull of `ci` ends, or null: never begun. */
function pullEndsAt(input: TaskInput, ci: ContainerInput, asked: Asked, prev: number): number | null {
  const from = pullBegins(input, ci.name, (asked.pending ?? prev) + input.pullDelayMs, asked);
  return from === null ? null : from + ci.pullMs;
}

function dueAt(e: WorldEvent, c: TaskContext, asked: Asked, timings: Timings, prev: number): number {
  const { input, failing, roomMs, giveUpMs } = timings;
  const reclaim = asked.notice === null ? Infinity : asked.notice + input.spotReclaimMs;
  const index = (e as { index?: number }).index ?? 0;
  const named = (e as { name?: string }).name ?? '';
  // drawn without faults, so the task is placed and its interface created (createMs is never null here)
  const eni = input.eni && { ...input.eni, createMs: input.eni.createMs ?? 0 };
  switch (e.type) {
    case 'task.stopRequested': {
      const reason = (e as { reason?: string }).reason ?? '';
      if ((e as { stopCode?: string }).stopCode !== 'ServiceSchedulerInitiated' || !reason.includes('health checks')) return FREE;
      // a service's task run alone: stopped when its unshown replacement has its verdict, as `run` does it
      if (timings.world.scheduler === 'health' && asked.unhealthy !== null)
        return replacementVerdictMs(Math.max(asked.unhealthy, asked.running ?? prev), asked.placed ?? 0, asked.unhealthy);
      // a service's: the scheduler replaces a task whose health checks failed as it learns of it
      return prev;
    }
    case 'task.spotInterrupted':
      return FREE;
    case 'task.secretsFailed':
      // retrieved once the agent is up, as the pulls begin (Fargate: instead of them)
      return (asked.pending ?? prev) + input.pullDelayMs + input.secretsFailMs;
    case 'capacity.placed':
      return roomMs;
    case 'capacity.unavailable':
      return giveUpMs;
    case 'eni.attached':
      return eni ? (asked.eniAttach ?? prev) + eni.createMs + eni.attachMs : prev;
    case 'eni.failed':
      // the agent's deadline counts from the attachment, once the interface exists
      return eni ? (asked.eniAttach ?? prev) + eni.createMs + eni.attachTimeoutMs : prev;
    case 'target.registered':
    case 'target.failed':
      return (asked.targetRegister.get(index) ?? prev) + (input.targets[index]?.registerMs ?? 0);
    case 'target.healthy':
      return (asked.targetRegistered.get(index) ?? prev) + (input.targets[index]?.healthyAfterMs ?? 0);
    case 'target.unhealthy':
      return (asked.targetRegistered.get(index) ?? prev) + (input.targets[index]?.unhealthyAfterMs ?? 0);
    case 'registry.registered':
    case 'registry.failed':
      return (asked.registryRegister ?? prev) + (input.registry?.registerMs ?? 0);
    case 'container.started': {
      // pulled (with dependsOn: once permitted), created once permitted, then started
      const ci = containerIn(input, named);
      const pulled = pullEndsAt(input, ci, asked, prev) ?? prev;
      return Math.max(pulled, asked.permitted.get(ci.name) ?? prev) + ci.startMs;
    }
    case 'container.healthy':
      return (asked.started.get(named) ?? prev) + (containerIn(input, named).healthCheckMs ?? 0);
    case 'container.unhealthy':
      return (asked.started.get(named) ?? prev) + (containerIn(failing, named).healthCheckMs ?? 0);
    case 'container.startTimedOut':
      return (asked.started.get(named) ?? prev) + (containerIn(input, named).startTimeoutMs ?? 0);
  }
  // a side step that finished: xstate.done.actor.<id>
  const id = e.type.slice('xstate.done.actor.'.length);
  if (id === 'eni') {
    if (!eni) return prev;
    // one still being created, or whose attachment failed, is only deleted; one attaching or attached is detached first
    const created = (asked.eniAttach ?? prev) + eni.createMs;
    const detached = asked.eniAttached !== null || (asked.eniFailed === null && (asked.eniDelete ?? prev) >= created);
    return (asked.eniDelete ?? prev) + (detached ? eni.detachMs : 0) + eni.deleteMs;
  }
  if (id === 'registry') return (asked.registryDeregister ?? prev) + (input.registry?.deregisterMs ?? 0);
  if (id.startsWith('target-')) {
    const i = Number(id.slice('target-'.length));
    return Math.min((asked.targetDrain.get(i) ?? prev) + (input.targets[i]?.deregistrationDelayMs ?? 0), reclaim);
  }
  const name = id.slice('container-'.length);
  const ci = containerIn(input, name);
  const out = (e as { output?: { exitCode: number | null; reason: string | null; started: boolean } }).output;
  // a pull that failed; a container stopped before it started (no signal)
  if (out?.reason) return pullEndsAt(input, ci, asked, prev) ?? prev;
  if (!out?.started) return prev;
  // SIGTERM sent: it exits, or is killed at stopTimeout; Spot's reclaim cuts either
  if (c.containers[name]!.stopRequested) return Math.min((asked.stopped.get(name) ?? prev) + (out.exitCode === 137 ? ci.stopTimeoutMs : ci.sigtermExitMs), reclaim);
  // it ended by itself: a crash, or a job done
  return FREE;
}
