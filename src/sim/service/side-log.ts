// What a service task's side steps went through (its interface, targets,
// Cloud Map instance, containers, capacity wait), for the page's timeline of
// a task opened from the board. Every task keeps it, since any may be opened,
// stopped ones too, and a service runs ten thousand: so as numbers, two a
// change, with no object or string made as the run goes.
import { CAPACITY_STATES, CONTAINER_STATES, ENI_STATUSES, REGISTRY_STATES, TARGET_STATES } from '../../../machines/status.ts';

/** A side step's status changed (virtual ms); `actor` is the child actor's id in a standalone task. */
export interface SideChange {
  t: number;
  actor: string;
  to: string;
  /** what happened, when the status alone does not say it (a health verdict: RUNNING again) */
  note: string;
}

/**
 * The notes a change can carry: a container's health verdict changes its health, not its status,
 * and the moment an app that goes bad stops answering changes neither.
 * Only an essential container's failed checks make its service replace the task (phaseOf), and not
 * when they pass again first (a slow start); a non-essential one's say so, as a standalone task's do.
 */
export const SIDE_NOTES = [
  '',
  'health check passed: HEALTHY',
  'health checks failed: UNHEALTHY; it is essential, so the service scheduler replaces the task once its grace period is over, unless they pass again first',
  'health checks failed: UNHEALTHY; it is not essential, so the task stays healthy and runs on',
  // an app that goes bad: its health does not change yet, its checks begin to fail (the page words it: going-bad.ts)
  'app stops answering',
  // a HealthChecksFail: its words are the world's (world-task.ts keeps them)
  'HealthChecksFail',
] as const;
export type SideNote = (typeof SIDE_NOTES)[number];

// Lanes: capacity, the ENI, the Cloud Map instance, up to 5 targets, then the containers in the definition's order.
export const CAPACITY_LANE = 0;
export const ENI_LANE = 1;
export const REGISTRY_LANE = 2;
export const targetLane = (i: number): number => 3 + i;
export const containerLane = (k: number): number => 8 + k;
/** Statuses a lane can have: the ENI has the most, eight. */
const STATUSES_A_LANE = 8;

const statusesOf = (lane: number): readonly string[] =>
  lane === CAPACITY_LANE ? CAPACITY_STATES : lane === ENI_LANE ? ENI_STATUSES : lane === REGISTRY_LANE ? REGISTRY_STATES : lane < containerLane(0) ? TARGET_STATES : CONTAINER_STATES;

export class SideLog {
  /** t, (lane × 8 + status) × (the notes: SIDE_NOTES.length) + note, t, … */
  private readonly log: number[] = [];

  /** how many changes it holds (a view redraws when it grows) */
  get size(): number {
    return this.log.length / 2;
  }

  add(t: number, lane: number, status: string, note: SideNote = ''): void {
    this.log.push(t, code(lane, status, note));
  }

  /** Take back the last change if it was `lane`'s `status` at `t`. */
  undoIf(t: number, lane: number, status: string): void {
    const n = this.log.length;
    if (n > 0 && this.log[n - 2] === t && this.log[n - 1] === code(lane, status, '')) this.log.length = n - 2;
  }

  /** The changes, each lane named as the child actor of a standalone task is (`containers`: the names, in order). */
  changes(containers: readonly string[]): SideChange[] {
    const out: SideChange[] = [];
    for (let i = 0; i < this.log.length; i += 2) {
      const c = this.log[i + 1]!;
      const status = Math.floor(c / SIDE_NOTES.length);
      const lane = Math.floor(status / STATUSES_A_LANE);
      const to = statusesOf(lane)[status % STATUSES_A_LANE]!;
      out.push({ t: this.log[i]!, actor: laneActor(lane, containers), to, note: SIDE_NOTES[c % SIDE_NOTES.length]! });
    }
    return out;
  }
}

const code = (lane: number, status: string, note: SideNote) => (lane * STATUSES_A_LANE + statusesOf(lane).indexOf(status)) * SIDE_NOTES.length + SIDE_NOTES.indexOf(note);

function laneActor(lane: number, containers: readonly string[]): string {
  if (lane === CAPACITY_LANE) return 'capacity';
  if (lane === ENI_LANE) return 'eni';
  if (lane === REGISTRY_LANE) return 'registry';
  return lane < containerLane(0) ? `target-${lane - targetLane(0)}` : `container-${containers[lane - containerLane(0)]}`;
}
