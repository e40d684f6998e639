// The service world's side of container instances: placing each launch on
// the fleet, letting the instance's agent hold a placed task in PENDING, and
// saying so: SERVICE_TASK_PLACEMENT_FAILURE when nothing fits, world notes for
// who waits for whom. The counting itself is container-instances.ts.
import { dynamicBindings, ecsArn, salted, scenarioSalt } from '../ids.ts';
import type { ServiceNotice } from '../../../machines/service.types.ts';
import { createRandom } from '../random.ts';
import { taskReservation, type Reservation } from '../scenario/reservation.ts';
import type { Scenario, Service, TaskDefinition } from '../scenario/types.ts';
import { allowedZones } from '../scenario/placement-rules.ts';
import { ContainerInstanceFleet, type ContainerInstance, type Placed, type PlacementFailure, type PlacementRules } from './container-instances.ts';
import { admittedNote, besideNote, placementFailureNote, waitNote } from './container-instances.notes.ts';
import type { Phase } from './task-phase.ts';

/** World notes about tasks waiting for room, at most this many (a big service would print thousands). */
const WAIT_NOTES = 100;

export interface PlacementVoice {
  /** a world note in the trace */
  note(text: string): void;
  /** a service event */
  notice(n: ServiceNotice): void;
  /** what the scheduler counts as left on an instance changed (an ECS Container Instance State Change) */
  instanceChanged(i: ContainerInstance): void;
}

export class ServicePlacement {
  readonly fleet: ContainerInstanceFleet;
  /**
   * A placement failure was reported and the shortfall goes on: say it once,
   * not on every retry. It ends when a task is placed or a scheduler look
   * launches nothing (inferred: AWS repeats the event on its own schedule).
   */
  failing = false;
  /** the reason of the last failure reported, e.g. RESOURCE:CPU */
  lastFailure: PlacementFailure['reason'] | null = null;
  private failedThisLook = false;
  private waitNotes = 0;
  private readonly reservations = new Map<TaskDefinition, Reservation>();
  private readonly zones = new Map<TaskDefinition, ReadonlySet<number> | null>();
  private readonly service: Service;
  private readonly region: string;
  private readonly rules: PlacementRules;

  constructor(
    scenario: Scenario,
    private readonly azCount: number,
    private readonly voice: PlacementVoice,
  ) {
    const { region, cluster } = scenario.settings;
    this.region = region;
    this.service = scenario.service!;
    // its own random stream: instances change nothing else a run draws
    // (its ids mixed with the scenario's salt: another cluster's instances have other names)
    const rng = salted(createRandom(scenario.seed ^ 0x1c0ffee), scenarioSalt(scenario));
    this.fleet = new ContainerInstanceFleet(
      scenario.containerInstances!,
      rng,
      (id) => ecsArn(scenario.settings, `container-instance/${cluster}/${id}`),
      azCount,
      (this.rules = placementRules(scenario.service!, region, azCount)),
      (i) => voice.instanceChanged(i),
    );
  }

  /** The scheduler looks again: whether a launch fails this time is counted afresh. */
  lookStarted(): void {
    this.failedThisLook = false;
  }

  lookEnded(): void {
    if (!this.failedThisLook) this.failing = false;
  }

  /** Where a task of `def` goes, zones in the order wanted; null when nothing fits (reported). */
  place(def: TaskDefinition, zones: readonly number[], label: string): Placed | null {
    const placement = this.fleet.place(this.reservationOf(def), zones, label, this.zonesFor(def));
    if ('placed' in placement) {
      this.failing = false;
      placement.placed.dynamicPorts = dynamicBindings(def).length;
      // AWS's warning about distinctInstance, seen happen: a stopping task no longer counts
      const beside = this.rules.distinctInstance ? this.fleet.stoppingHolders(placement.placed) : [];
      if (beside.length) this.noteWait(besideNote(placement.placed, beside, this.region));
      return placement.placed;
    }
    this.failedThisLook = true;
    if (!this.failing) this.reportFailure(def, placement.failed);
    this.failing = true;
    return null;
  }

  /** The instance's agent: may the task pull now? Else `start` runs once there is room. */
  admit(p: Placed, start: () => void): boolean {
    const now = this.fleet.admit(p, () => {
      this.noteWait(admittedNote(p, this.region));
      start();
    });
    if (!now) this.noteWait(waitNote(p, this.fleet, this.region));
    return now;
  }

  /** The scheduler stops counting a task once its desiredStatus is STOPPED; the agent once it STOPPED. */
  taskMoved(p: Placed, to: Phase): void {
    if (to === 'stopping') this.fleet.desiredStopped(p);
    if (to === 'stopped') this.fleet.stopped(p);
  }

  /** The strategy's first rule is binpack, which also decides what a scale-in stops. */
  get packs(): boolean {
    return this.rules.strategy[0]?.type === 'binpack';
  }

  /**
   * binpack first: which tasks a scale-in stops, as AWS documents it: the
   * task on the instance that would have the most of the packed resource left
   * once it is gone, one at a time (a spreading service's stops keep zones
   * balanced instead).
   */
  packedStops<T extends { placed: Placed | null }>(candidates: Iterable<T>, count: number): T[] {
    const first = this.rules.strategy[0];
    if (first?.type !== 'binpack') throw new Error('packedStops: the service does not binpack');
    const field = first.field;
    const byInstance = new Map<ContainerInstance, T[]>();
    for (const t of candidates) {
      if (!t.placed) continue;
      const list = byInstance.get(t.placed.instance);
      if (list) list.push(t);
      else byInstance.set(t.placed.instance, [t]);
    }
    const freed = new Map<ContainerInstance, number>();
    const left = (i: ContainerInstance, t: T) => i[field] - i.reserved[field] + (freed.get(i) ?? 0) + t.placed!.need[field];
    const out: T[] = [];
    while (out.length < count) {
      let best: ContainerInstance | null = null;
      for (const [i, list] of byInstance) if (list.length && (!best || left(i, list[0]!) > left(best, byInstance.get(best)![0]!))) best = i;
      if (!best) break;
      const t = byInstance.get(best)!.shift()!;
      freed.set(best, (freed.get(best) ?? 0) + t.placed!.need[field]);
      out.push(t);
    }
    return out;
  }

  /** The zones a task of `def` may go to: the service's memberOf and the task definition's together (null: any). */
  private zonesFor(def: TaskDefinition): ReadonlySet<number> | null {
    if (def.placementConstraints.length === 0) return this.rules.zones;
    let z = this.zones.get(def);
    if (z === undefined) {
      const allowed = allowedZones([...this.service.placementConstraints, ...def.placementConstraints], this.region, this.azCount);
      this.zones.set(def, (z = allowed && new Set(allowed)));
    }
    return z;
  }

  private reservationOf(def: TaskDefinition): Reservation {
    let r = this.reservations.get(def);
    if (!r) this.reservations.set(def, (r = taskReservation(def)));
    return r;
  }

  /** SERVICE_TASK_PLACEMENT_FAILURE, as AWS prints it: the closest instance and what it lacks. */
  private reportFailure(def: TaskDefinition, f: PlacementFailure) {
    this.lastFailure = f.reason;
    this.voice.notice({ eventName: 'SERVICE_TASK_PLACEMENT_FAILURE', eventType: 'ERROR', reason: f.reason, containerInstanceArns: [f.closest.arn] });
    this.voice.note(placementFailureNote(`${def.family}:${def.revision}`, this.reservationOf(def), f));
  }

  private noteWait(note: string) {
    this.waitNotes++;
    if (this.waitNotes <= WAIT_NOTES) this.voice.note(note);
    else if (this.waitNotes === WAIT_NOTES + 1) this.voice.note(`more tasks wait for room and start the same way: the trace notes the first ${WAIT_NOTES} of these`);
  }
}

/** The service's strategy and constraints, with memberOf on zones turned into the zones it allows (all of them together). */
function placementRules(service: Service, region: string, azCount: number): PlacementRules {
  const zones = allowedZones(service.placementConstraints, region, azCount);
  return { strategy: service.placementStrategy, distinctInstance: service.placementConstraints.some((c) => c.type === 'distinctInstance'), zones: zones && new Set(zones) };
}
