// The simulated world of one task: the task statechart with its side steps,
// run on a virtual clock, fed the scenario's timeline, watched by a Recorder.
// Deterministic: the same scenario and seed give the same trace and events.
import { createActor, type AnyActorRef, type InspectionEvent } from 'xstate';
import { containerLastStatus, type CapacityState, type ContainerState, type RegistryState, type TargetState, type TaskStatus } from '../../machines/status.ts';
import { createTaskMachine, type TaskMachine } from '../../machines/task.machine.ts';
import { containerActorId, targetActorId } from '../../machines/task.rules.ts';
import type { TaskContext, TaskInput } from '../../machines/task.types.ts';
import { alreadyStopping, containerExitIgnored } from './action-refusals.ts';
import { msOfSeconds, VirtualClock } from './clock.ts';
import { createIdentity, taskOrigin, textHash, type TaskIdentity } from './ids.ts';
import { describeTask, taskHealth } from './project/describe-task.ts';
import { eventIdStream } from './project/observable.ts';
import { createRandom } from './random.ts';
import { Recorder } from './recorder.ts';
import { liveSpotInterruptible } from './scenario/consistency.ts';
import { MAX_STOP_REASON, stopReasonTooLong, exitCodeProblem } from './scenario/scenario.schema.ts';
import { unprintable } from './scenario/fields.ts';
import type { Action, Scenario } from './scenario/types.ts';
import { releaseRestoredAtMs, taskInput } from './timings.ts';
import { watchHealthForScheduler } from './scheduler-stop.ts';
import { watchGoingBad } from './going-bad.ts';
import { answerStopRefusal, stopAnswering, type AnswerStop, type SideNow } from './stops-answering.ts';
import type { LiveAction, Simulation, TaskView } from './types.ts';

export interface SimulationOptions {
  /** Also send every inspection event here (the browser inspector), with the virtual time it happened at. */
  inspect?: (ev: InspectionEvent, virtualMs: number) => void;
}

/** Why a container cannot exit yet, in DescribeTasks' words (its lastStatus) and the agent's step. */
/**
 * The RunContainer fault, as the world plays it: once a container is RUNNING,
 * its process exits by itself `exitsAfterMs` later, whether it still runs or
 * is being stopped by then (an outside event, like a ContainerExit). Null when
 * no container has the fault: nothing to watch.
 */
function crashObserver(input: TaskInput, clock: VirtualClock, exit: (name: string, exitCode: number) => void): ((ev: InspectionEvent) => void) | null {
  const crashing = new Map(input.containers.filter((c) => c.exitsAfterMs !== null).map((c) => [containerActorId(c.name), c]));
  if (crashing.size === 0) return null;
  // the timer of each container whose crash is due, cleared once it ends otherwise: a run waits for no crash that cannot come
  const due = new Map<string, number>();
  return (ev) => {
    if (ev.type !== '@xstate.snapshot') return;
    const id = (ev.actorRef as AnyActorRef).id;
    const value = (ev.snapshot as { value?: unknown }).value;
    const timer = due.get(id);
    if (value === 'STOPPED' && timer !== undefined) return (clock.clearTimeout(timer), void due.delete(id));
    const c = value === 'RUNNING' ? crashing.get(id) : undefined;
    if (!c) return;
    crashing.delete(id);
    due.set(id, clock.setTimeout(() => (due.delete(id), exit(c.name, c.exitsWith)), c.exitsAfterMs!));
  };
}

export function createSimulation(scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const rng = createRandom(scenario.seed);
  const origin = taskOrigin(scenario);
  const identity = createIdentity(scenario, rng, origin.group);
  const input = taskInput(scenario, rng);
  const clock = new VirtualClock();
  const recorder = new Recorder(scenario, identity, () => clock.now(), eventIdStream(scenario), origin.startedBy);
  const extra = options.inspect;
  const crashes = crashObserver(input, clock, (name, exitCode) => child(actor, containerActorId(name))?.send({ type: 'container.processExited', exitCode }));
  const observe = crashes ? (ev: InspectionEvent) => (recorder.observe(ev), crashes(ev)) : recorder.observe;
  const actor = createActor(createTaskMachine(input.shape), {
    input,
    clock,
    inspect: extra ? (ev) => (observe(ev), extra(ev, clock.now())) : observe,
  });
  recorder.task = actor;
  if (origin.startedBy !== null) watchHealthForScheduler(actor, input, scenario.loadBalancers.map((lb) => lb.targetGroupArn), recorder, clock);
  const forgetGoingBad = watchGoingBad(scenario, input, recorder, clock);
  const ignoredActions: { t: number; why: string }[] = [];
  const performed: Action[] = [];
  /** the side steps whose app a HealthChecksFail stopped */
  const silenced = new Set<string>();
  /** set while the scenario's own timeline acts: what it does is not a person's */
  let fromTimeline = false;

  // Methods, not arrow functions, and helpers at module level: nothing here
  // is named or allocated per simulation that need not be.
  const sim: Simulation = {
    scenario,
    now() {
      return clock.now();
    },
    nextAt() {
      return isStopped(actor) ? null : clock.nextAt();
    },
    advanceTo(ms) {
      clock.advanceTo(ms);
    },
    step() {
      const next = isStopped(actor) ? null : clock.nextAt();
      if (next === null) return false;
      clock.advanceTo(next);
      return true;
    },
    runUntil(ms) {
      for (;;) {
        const next = isStopped(actor) ? null : clock.nextAt();
        if (next === null || next > ms) break;
        clock.advanceTo(next);
      }
      if (!isStopped(actor)) clock.advanceTo(ms);
    },
    act(a: LiveAction): string | null {
      const s = actor.getSnapshot();
      // what the app's stopping does to each check, counted now (whyIgnored says when it does nothing)
      const stop = a.action === 'HealthChecksFail' ? stopAnswering(scenario, input, a.container, clock.now(), sideNow(actor, recorder, silenced)) : null;
      const ignored = whyIgnored(a, scenario, s.value as TaskStatus, s.context, actor, stop);
      recorder.note({ actor: 'user', from: null, to: a.action, note: ignored ?? describeAction(a, s.context) });
      if (ignored) return ignored;
      recorder.actedOn(textHash(JSON.stringify(a)));
      if (!fromTimeline) performed.push({ at: clock.now() / 1000, ...a } as Action);
      if (a.action === 'StopTask') actor.send({ type: 'task.stopRequested', ...(a.reason ? { reason: a.reason } : {}) });
      else if (a.action === 'SpotInterruption') actor.send({ type: 'task.spotInterrupted' });
      else if (a.action === 'HealthChecksFail')
        for (const side of stop!.sides) {
          forgetGoingBad(side.actor);
          silenced.add(side.actor);
          recorder.note({ actor: side.actor, from: side.status, to: side.status, note: side.note });
          child(actor, side.actor)?.send(side.event);
        }
      else child(actor, containerActorId(a.container))!.send({ type: 'container.processExited', exitCode: a.exitCode });
      return null;
    },
    checksFailWhy(container) {
      return stopAnswering(scenario, input, container, clock.now(), sideNow(actor, recorder, silenced)).why;
    },
    isStopped() {
      return isStopped(actor);
    },
    view() {
      return view(actor, scenario, identity, recorder, clock);
    },
    trace: recorder.trace,
    events: recorder.events,
    ignoredActions,
    performed,
    describeTask() {
      const s = actor.getSnapshot();
      return describeTask(recorder.detailInput({ value: s.value as string, context: s.context, children: s.children as Record<string, AnyActorRef> }));
    },
    subscribe(fn) {
      return recorder.subscribe(fn);
    },
    stop() {
      actor.stop();
    },
  };

  for (const a of scenario.timeline) {
    const { at, ...live } = a;
    clock.setTimeoutLast(() => {
      fromTimeline = true;
      const why = sim.act(live as LiveAction);
      fromTimeline = false;
      if (why) ignoredActions.push({ t: clock.now(), why });
    }, msOfSeconds(at));
  }
  const restoredAt = releaseRestoredAtMs(scenario);
  if (restoredAt !== null) {
    clock.setTimeout(() => {
      recorder.note({ actor: 'world', from: null, to: 'IAM role restored', note: 'network interfaces can be detached and deleted again (the ReleaseEni fault ends)' });
      child(actor, 'eni')?.send({ type: 'eni.releaseRestored' });
    }, restoredAt);
  }
  actor.start();
  return sim;
}

type TaskActor = ReturnType<typeof createActor<TaskMachine>>;

function child(actor: TaskActor, id: string): AnyActorRef | undefined {
  return (actor.getSnapshot().children as Record<string, AnyActorRef | undefined>)[id];
}

function childValue<T extends string>(actor: TaskActor, id: string): T | undefined {
  return child(actor, id)?.getSnapshot().value as T | undefined;
}

/** Each side step's status now, and when its checks began: its last entry into `initial` (a target) or RUNNING (a container). */
function sideNow(actor: TaskActor, recorder: Recorder, silenced: ReadonlySet<string>): SideNow {
  return (id) => {
    const status = childValue<string>(actor, id);
    if (status === undefined) return undefined;
    const began = id.startsWith('target-') ? 'initial' : 'RUNNING';
    const trace = recorder.trace;
    const silent = silenced.has(id);
    const health = (child(actor, id)?.getSnapshot().context as { healthStatus?: string } | undefined)?.healthStatus;
    for (let i = trace.length - 1; i >= 0; i--) if (trace[i]!.actor === id && trace[i]!.to === began && trace[i]!.from !== began) return { status, beganAtMs: trace[i]!.t, silent, health };
    return { status, beganAtMs: null, silent, health };
  };
}

function isStopped(actor: TaskActor): boolean {
  return actor.getSnapshot().value === 'STOPPED';
}

function view(actor: TaskActor, scenario: Scenario, identity: TaskIdentity, recorder: Recorder, clock: VirtualClock): TaskView {
  const s = actor.getSnapshot();
  const c = s.context;
  const eniId = identity.eni;
  return {
    t: clock.now(),
    lastStatus: s.value as TaskStatus,
    desiredStatus: c.desiredStatus,
    stopCode: c.stopCode,
    stoppedReason: c.stoppedReason,
    healthStatus: taskHealth(c),
    spotNotice: c.spot !== 'NONE',
    capacity: childValue<CapacityState>(actor, 'capacity') ?? c.capacity,
    eni: eniId ? { ...eniId, status: childValue(actor, 'eni') ?? 'DELETED', attached: recorder.stamps.connectivityAt !== null } : null,
    targets: scenario.loadBalancers.map((lb, i) => ({ targetGroupArn: lb.targetGroupArn, state: childValue<TargetState>(actor, targetActorId(i)) ?? c.targets[i]! })),
    registry: scenario.serviceRegistries[0]
      ? { registryArn: scenario.serviceRegistries[0].registryArn, state: childValue<RegistryState>(actor, 'registry') ?? c.registry! }
      : null,
    containers: scenario.taskDefinition.containerDefinitions.map((def) => {
      const ref = child(actor, containerActorId(def.name));
      const cs = ref?.getSnapshot();
      const v = c.containers[def.name]!;
      const state = (cs?.value as ContainerState | undefined) ?? 'STOPPED';
      return {
        name: def.name,
        image: def.image,
        essential: def.essential,
        state,
        lastStatus: containerLastStatus(state),
        exitCode: v.exitCode ?? cs?.context.exitCode ?? null,
        reason: v.reason,
        healthStatus: v.healthStatus,
        signals: cs?.context.signals ?? [],
      };
    }),
  };
}

function describeAction(a: LiveAction, c: TaskContext): string {
  if (a.action === 'StopTask') return `StopTask: ${a.reason || 'Task stopped by user'}`;
  if (a.action === 'SpotInterruption' && c.desiredStatus === 'STOPPED') {
    const live = Object.values(c.containers).some((v) => v.lastStatus === 'RUNNING') || c.targets.includes('draining');
    return `Fargate Spot interruption notice: the task is already stopping (${c.stopCode}, which stays); ${
      live ? 'what still runs gets SIGTERM now, and the capacity goes in two minutes (our model)' : 'nothing of it runs on that capacity any more'
    }`;
  }
  if (a.action === 'SpotInterruption') return 'Fargate Spot interruption notice';
  if (a.action === 'HealthChecksFail') return `the app in container ${a.container} stops answering its health checks`;
  return `container ${a.container} exits with code ${a.exitCode}`;
}

/** Why an action at this moment changes nothing (events at the wrong moment are reported, not fatal). */
function whyIgnored(a: LiveAction, s: Scenario, status: TaskStatus, c: TaskContext, actor: TaskActor, stop: AnswerStop | null): string | null {
  // The same rules as a scenario file's timeline (consistency.ts, scenario.schema.ts),
  // but a Spot notice needs a task that was launched on Fargate Spot.
  const spot = liveSpotInterruptible(s);
  if (a.action === 'SpotInterruption' && !spot.ok) return `SpotInterruption ignored: ${spot.why}`;
  if (a.action === 'ContainerExit' && exitCodeProblem(a.exitCode)) return `ContainerExit ignored: ${exitCodeProblem(a.exitCode)}`;
  if (a.action === 'StopTask' && a.reason && [...a.reason].length > MAX_STOP_REASON) return `StopTask refused: reason ${stopReasonTooLong(a.reason)}`;
  if (a.action === 'StopTask' && a.reason && unprintable(a.reason)) return `StopTask refused: reason ${unprintable(a.reason)}`;
  if (status === 'STOPPED') return `${a.action} ignored: the task is already STOPPED`;
  if (a.action === 'ContainerExit') {
    const state = a.container in c.containers ? (childValue(actor, containerActorId(a.container)) as ContainerState) : undefined;
    return containerExitIgnored(a.container, '', state, c.shape.containers.find((x) => x.name === a.container)?.dependsOn ?? []);
  }
  if (a.action === 'HealthChecksFail') {
    if (c.desiredStatus === 'STOPPED') return `HealthChecksFail ignored: the task is already stopping${c.stopCode ? ` (${c.stopCode})` : ''}: its health checks no longer count`;
    return stop && answerStopRefusal(stop);
  }
  return alreadyStopping(a.action, 'the task', c);
}
