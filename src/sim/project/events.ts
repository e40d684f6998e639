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
/** The envelope's `time` has whole seconds, as in AWS's samples. */
export const isoSeconds = (epochMs: number) => new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * ISO-8601 times of one run, formatted once each: a task's events repeat the
 * same lifecycle timestamps (createdAt is in every one of them).
 */
export class IsoTimes {
  private readonly cache = new Map<number, string>();
  constructor(readonly startTime: number) {}

  /** Virtual ms since the run started, as ISO-8601 UTC with milliseconds. */
  at = (virtualMs: number): string => {
    let s = this.cache.get(virtualMs);
    if (s === undefined) {
      // A long service run has many distinct instants: keep the cache small.
      if (this.cache.size >= 10_000) this.cache.clear();
      s = isoMs(this.startTime + virtualMs);
      this.cache.set(virtualMs, s);
    }
    return s;
  };
}

export function taskStateChangeEvent(d: DetailInput, nowMs: number, ids: Random, times?: IsoTimes): EcsEvent {
  const iso = times?.startTime === d.scenario.startTime ? times : new IsoTimes(d.scenario.startTime);
  const detail = taskDetail(d, iso.at);
  detail.updatedAt = iso.at(nowMs);
  return {
    version: '0',
    id: uuid(ids),
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: d.scenario.settings.account,
    time: isoSeconds(iso.startTime + nowMs),
    region: d.scenario.settings.region,
    resources: [d.identity.taskArn],
    detail,
  };
}
