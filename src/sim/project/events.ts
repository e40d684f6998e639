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

export function taskStateChangeEvent(d: DetailInput, nowMs: number, ids: Random): EcsEvent {
  const start = d.scenario.startTime;
  const detail = taskDetail(d, (ms) => isoMs(start + ms));
  detail.updatedAt = isoMs(start + nowMs);
  return {
    version: '0',
    id: uuid(ids),
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: d.scenario.settings.account,
    time: isoSeconds(start + nowMs),
    region: d.scenario.settings.region,
    resources: [d.identity.taskArn],
    detail: dropUndefined(detail),
  };
}

/** The fields that have a value, in their order (copying beats `delete`, which slows the object down). */
export function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
