// Watches every actor of one task through XState's inspection stream and
// turns what it sees into the trace, the lifecycle timestamps, and one
// `ECS Task State Change` event per observable change of the task or of its
// containers (detail.version + 1 each time). The task is watched per
// microstep, so "desiredStatus STOPPED, lastStatus RUNNING" is seen even when
// the next state follows in the same instant.
import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { EniStatus, TaskStatus } from '../../machines/status.ts';
import type { TaskContext } from '../../machines/task.types.ts';
import type { TaskIdentity } from './ids.ts';
import { childNote, drainNote, taskNote } from './notes.ts';
import { placed, type DetailInput, type TaskStamps } from './project/task-detail.ts';
import { IsoTimes, taskStateChangeEvent, type EcsEvent } from './project/events.ts';
import { executionStopped, observableKey } from './project/observable.ts';
import { createRandom, mixSeed, type Random } from './random.ts';
import type { Scenario } from './scenario/types.ts';
import type { TraceEntry } from './types.ts';

const NONE: readonly string[] = [];
/** The `meta.ours` of the transitions a microstep took (most take none: the shared empty list). */
function oursOf(ev: InspectionEvent): readonly string[] {
  const taken = (ev as { _transitions?: readonly { meta?: { ours?: string } }[] })._transitions;
  let out: string[] | null = null;
  if (taken) for (const t of taken) if (t.meta?.ours) (out ??= []).push(t.meta.ours);
  return out ?? NONE;
}

interface MachineSnap {
  value: string;
  context: TaskContext & { exitCode?: number | null; reason?: string | null; signals?: string[]; releaseBlocked?: boolean; reclaimed?: boolean };
  children: Record<string, AnyActorRef | undefined>;
}

export class Recorder {
  readonly trace: TraceEntry[] = [];
  readonly events: EcsEvent[] = [];
  readonly stamps: TaskStamps = {
    createdAt: 0,
    connectivityAt: null,
    pullStartedAt: null,
    pullStoppedAt: null,
    startedAt: null,
    stoppingAt: null,
    executionStoppedAt: null,
    stoppedAt: null,
  };
  version = 0;
  task: AnyActorRef | null = null;
  lastTask: MachineSnap | null = null;
  readonly pulled = new Set<string>();
  private readonly pulling = new Set<string>();
  private readonly states = new Map<string, string>();
  private lastKey = '';
  private readonly early: [string, MachineSnap][] = [];
  private listeners = new Set<() => void>();
  private readonly iso: IsoTimes;

  constructor(
    private readonly scenario: Scenario,
    private readonly identity: TaskIdentity,
    private readonly now: () => number,
    private eventIds: Random,
    private readonly startedBy: string | null = null,
  ) {
    this.iso = new IsoTimes(scenario.startTime);
  }

  /**
   * An action applied (from the timeline, or a click on the page, which the
   * scenario does not hold) renames the events after it: a run with another
   * click, or the same at another moment, is another run. `action`
   * identifies it. Deterministic: the same actions give the same ids.
   */
  actedOn(action: number): void {
    this.eventIds = createRandom(mixSeed(Math.floor(this.eventIds.next() * 0x100000000), action, this.now()));
  }

  observe = (ev: InspectionEvent): void => {
    if (ev.type !== '@xstate.microstep' && ev.type !== '@xstate.snapshot') return;
    const snap = ev.snapshot as unknown as MachineSnap | undefined;
    if (!snap || typeof snap.value !== 'string') return;
    const ref = ev.actorRef as AnyActorRef;
    this.ours = ev.type === '@xstate.microstep' ? oursOf(ev) : NONE;
    if (ref === this.task) this.onTask(snap);
    else if (ref._parent === this.task) this.onChild(ref.id, snap);
    this.ours = NONE;
  };

  /**
   * What the microstep being recorded did by our model: the `meta.ours` of the
   * transitions it took. A transition that changes no state (a failed
   * registration stopping the task) has no dashed edge in the chart: its note says it.
   */
  private ours: readonly string[] = NONE;

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  note(entry: Omit<TraceEntry, 't'>): void {
    // (a note that already says the same mark is not said twice)
    const marks = this.ours.length === 0 ? NONE : this.ours.filter((o) => !entry.note.includes(`our model: ${o}`));
    this.trace.push({ t: this.now(), ...entry, ...(marks.length > 0 ? { note: `${entry.note} [our model: ${marks.join('; ')}]` } : {}) });
    for (const fn of this.listeners) fn();
  }

  detailInput(snap: MachineSnap): DetailInput {
    return {
      scenario: this.scenario,
      identity: this.identity,
      stamps: this.stamps,
      version: this.version,
      lastStatus: snap.value as TaskStatus,
      context: snap.context,
      eniStatus: (snap.children.eni?.getSnapshot().value as EniStatus | undefined) ?? null,
      pulled: this.pulled,
      startedBy: this.startedBy,
    };
  }

  private onTask(snap: MachineSnap) {
    const first = !this.states.has('task');
    this.recordTask(snap);
    // children created with the task: their first states are no transition of this step's
    this.ours = NONE;
    if (first) for (const [id, s] of this.early.splice(0)) this.onChild(id, s);
  }

  private recordTask(snap: MachineSnap) {
    const last = this.lastTask;
    // The snapshot after a macrostep repeats its last microstep: nothing new.
    if (last !== null && last.value === snap.value && last.context === snap.context) return;
    const t = this.now();
    const c = snap.context;
    const prev = this.states.get('task');
    const desiredChanged = last !== null && last.context.desiredStatus !== c.desiredStatus;
    this.lastTask = snap;
    if (desiredChanged) {
      this.stamps.stoppingAt ??= t;
      this.note({ actor: 'task', from: 'desired RUNNING', to: 'desired STOPPED', note: `${c.stopCode}: ${c.stoppedReason}` });
    }
    if (last !== null && last.context.spot !== c.spot && c.spot === 'RECLAIMED') {
      const live = Object.values(last.context.containers).some((v) => v.lastStatus === 'RUNNING') || last.context.targets.includes('draining');
      const cut = live ? 'drains end, and what still runs is killed (our model)' : 'nothing of the task ran on it any more';
      this.note({ actor: 'world', from: null, to: 'Spot capacity reclaimed', note: `two minutes after the notice the capacity is gone: ${cut}` });
    }
    if (prev !== snap.value) {
      this.states.set('task', snap.value);
      if (snap.value === 'RUNNING') this.stamps.startedAt ??= t;
      if (snap.value === 'STOPPED') this.stamps.stoppedAt ??= t;
      this.note({ actor: 'task', from: prev ?? null, to: snap.value, note: taskNote(prev ?? null, snap.value, c, this.scenario.settings.deregistrationDelaySeconds, this.states.get('eni') ?? null) });
    }
    if (this.stamps.executionStoppedAt === null && executionStopped(c)) this.stamps.executionStoppedAt = t;
    // Without an ENI, a task is connected once it is on an instance (inferred, see connectedWithoutEni).
    if (this.stamps.connectivityAt === null && !this.identity.eni && placed(c)) this.stamps.connectivityAt = t;
    // Contexts are immutable: the same containers object means the same containers.
    const same = last !== null && last.value === snap.value && !desiredChanged && last.context.containers === c.containers;
    const key = same ? this.lastKey : observableKey(snap.value as TaskStatus, c);
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.version += 1;
      this.events.push(taskStateChangeEvent(this.detailInput(snap), t, this.eventIds, this.iso));
    }
  }

  private onChild(id: string, snap: MachineSnap) {
    // Children start before their parent reports its first state; keep the
    // trace in the order a person expects (the task first).
    if (!this.states.has('task')) {
      this.early.push([id, snap]);
      return;
    }
    const prev = this.states.get(id);
    this.noteHealth(id, snap);
    if (prev === snap.value) return;
    this.states.set(id, snap.value);
    const t = this.now();
    if (id.startsWith('container-')) this.onContainer(id.slice('container-'.length), prev, snap.value, t);
    if (id === 'eni' && snap.value === 'ATTACHED') this.stamps.connectivityAt ??= t;
    const c = snap.context;
    // a SIGTERM while the targets still drain: the agent's own, after an essential container exited
    const byAgent = snap.value === 'STOPPING' && this.states.get('task') === 'DEACTIVATING' && this.essentialExited();
    const extra = { exitCode: c.exitCode ?? null, reason: c.reason ?? null, signals: c.signals ?? [], releaseBlocked: c.releaseBlocked === true, reclaimed: c.reclaimed === true, byAgent };
    this.note({ actor: id, from: prev ?? null, to: snap.value, note: this.waitNote(id, snap.value) ?? childNote(id, snap.value, extra, prev ?? null) });
  }

  /**
   * A container with dependsOn is not pulled until it holds (the agent's default): its NONE says for whom it waits, not the generic list of causes.
   * A target draining says for how long: the question a deploy waiting in DEACTIVATING raises.
   */
  private waitNote(id: string, to: string): string | null {
    if (to === 'draining' && id.startsWith('target-')) {
      const delay = this.scenario.settings.deregistrationDelaySeconds;
      // a Spot notice (already in the task's context, or sent at this moment) ends the drain with the capacity
      const spot = (this.lastTask !== null && this.lastTask.context.spot !== 'NONE') || this.scenario.timeline.some((a) => a.action === 'SpotInterruption' && a.at * 1000 <= this.now());
      return drainNote(delay, spot);
    }
    if (to !== 'NONE' || !id.startsWith('container-')) return null;
    const def = this.scenario.taskDefinition.containerDefinitions.find((d) => `container-${d.name}` === id);
    if (!def?.dependsOn.length) return null;
    const on = def.dependsOn.map((d) => `${d.containerName} ${d.condition}`).join(', ');
    return `not started yet: waits for its dependsOn (${on}); the agent pulls its image only once that holds`;
  }

  private readonly health = new Map<string, string>();

  /** A health verdict changes no state, only the container's context: say it anyway, people look for it. */
  private noteHealth(id: string, snap: MachineSnap) {
    const h = (snap.context as { healthStatus?: string }).healthStatus;
    if (!h || h === 'UNKNOWN' || this.health.get(id) === h) return;
    this.health.set(id, h);
    // a service's task (one with a load balancer or a registry) is replaced by its scheduler for an essential
    // container's failed checks (the world says so next); a non-essential one's leave the task healthy
    const essential = this.scenario.taskDefinition.containerDefinitions.find((d) => `container-${d.name}` === id)?.essential !== false;
    const verdict =
      h === 'HEALTHY'
        ? 'health check passed: HEALTHY'
        : !essential
          ? 'health checks failed: UNHEALTHY; it is not essential, so the task stays healthy and runs on'
          : this.startedBy === null
            ? 'health checks failed: UNHEALTHY; outside a service nothing replaces the task, so it keeps running'
            : 'health checks failed: UNHEALTHY';
    this.note({ actor: id, from: snap.value, to: snap.value, note: verdict });
  }

  private essentialExited(): boolean {
    return this.scenario.taskDefinition.containerDefinitions.some((d) => d.essential && this.states.get(`container-${d.name}`) === 'STOPPED' && this.pulled.has(d.name));
  }

  private onContainer(name: string, from: string | undefined, to: string, t: number) {
    if (to === 'PULLING') {
      this.pulling.add(name);
      this.stamps.pullStartedAt ??= t;
    } else if (from === 'PULLING') {
      this.pulling.delete(name);
      if (to !== 'STOPPED') this.pulled.add(name);
      if (this.pulling.size === 0) this.stamps.pullStoppedAt = t;
    }
  }

}
