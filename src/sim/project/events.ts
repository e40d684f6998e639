// EventBridge `ECS Task State Change` events (DG-EV): the Task object with
// ISO-8601 times, `updatedAt`, and no healthStatus, in the standard envelope.
import type { Random } from '../random.ts';
import { uuid } from '../ids.ts';
import { taskDetail, type DetailInput } from './task-detail.ts';

export interface EcsEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: 'aws.ecs';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export const isoMs = (epochMs: number) => new Date(epochMs).toISOString();
/**
 * A time as AWS prints it inside events: milliseconds without their trailing
 * zeros, and none on a whole second ("16:41:06.8Z", "21:13:24Z"; AWS's own
 * samples and real events).
 */
export const isoEvent = (epochMs: number) => isoMs(epochMs).replace(/\.?0+Z$/, 'Z');
/** The envelope's `time` has whole seconds, as in AWS's samples. */
export const isoSeconds = (epochMs: number) => new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * ISO-8601 times of one run, formatted once each: a task's events repeat the
 * same lifecycle timestamps (createdAt is in every one of them).
 */
export class IsoTimes {
  private readonly cache = new Map<number, string>();
  // The date part (`YYYY-MM-DDT`) of the last day formatted: the time of day
  // is plain arithmetic (Date#toISOString is slow, and a run spans few days).
  private day = Number.NaN;
  private dayPrefix = '';
  constructor(readonly startTime: number) {}

  /** Virtual ms since the run started, as isoEvent prints it. */
  at = (virtualMs: number): string => {
    let s = this.cache.get(virtualMs);
    if (s === undefined) {
      // A long service run has many distinct instants: keep the cache small.
      if (this.cache.size >= 10_000) this.cache.clear();
      s = this.format(this.startTime + virtualMs, true);
      this.cache.set(virtualMs, s);
    }
    return s;
  };

  /** As isoSeconds(startTime + virtualMs): the envelope's `time`. */
  seconds(virtualMs: number): string {
    return this.format(Math.floor((this.startTime + virtualMs) / 1000) * 1000, false);
  }

  /** isoEvent(epochMs), or isoSeconds(epochMs) when `ms` is false. */
  private format(epochMs: number, ms: boolean): string {
    const day = Math.floor(epochMs / DAY_MS);
    // Outside the dates Date can show, leave it to Date (it throws the same way).
    if (!Number.isSafeInteger(epochMs) || Math.abs(epochMs) > MAX_DATE_MS) return ms ? isoEvent(epochMs) : isoSeconds(epochMs);
    if (day !== this.day) {
      const iso = isoMs(day * DAY_MS);
      this.dayPrefix = iso.slice(0, iso.indexOf('T') + 1);
      this.day = day;
    }
    let rest = epochMs - day * DAY_MS;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const sec = Math.floor(rest / 1000);
    const milli = rest - sec * 1000;
    const hms = this.dayPrefix + TWO[h]! + ':' + TWO[m]! + ':' + TWO[sec]!;
    return ms && milli !== 0 ? hms + FRACTION[milli]! + 'Z' : hms + 'Z';
  }
}

const DAY_MS = 86_400_000;
/** The largest time a Date holds (ECMAScript: ±8.64e15 ms). */
const MAX_DATE_MS = 8.64e15;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** `.mmm` for each millisecond, trailing zeros dropped: 800 → ".8", 50 → ".05". */
const FRACTION = Array.from({ length: 1000 }, (_, i) => ('.' + String(i).padStart(3, '0')).replace(/0+$/, ''));

export function taskStateChangeEvent(d: DetailInput, nowMs: number, ids: Random, times?: IsoTimes): EcsEvent {
  const iso = times?.startTime === d.scenario.startTime ? times : new IsoTimes(d.scenario.startTime);
  const detail = taskDetail(d, iso.at, iso.at(nowMs));
  return {
    version: '0',
    id: uuid(ids),
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: d.scenario.settings.account,
    time: iso.seconds(nowMs),
    region: d.scenario.settings.region,
    resources: [d.identity.taskArn],
    detail,
  };
}
