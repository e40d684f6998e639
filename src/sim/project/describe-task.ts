// The DescribeTasks `Task` object (SDK): Unix-seconds timestamps, the task's
// and each container's healthStatus, and `version` equal to the last event's.
import type { HealthStatus } from '../../../machines/status.ts';
import type { TaskContext } from '../../../machines/task.types.ts';
import { taskDetail, type DetailInput } from './task-detail.ts';

/** Task health: UNHEALTHY if an essential container is, HEALTHY if every essential container with a check is, else UNKNOWN. */
export function taskHealth(c: TaskContext): HealthStatus {
  const checked = c.shape.containers.filter((s) => s.essential && s.hasHealthCheck).map((s) => c.containers[s.name]!);
  if (checked.some((v) => v.healthStatus === 'UNHEALTHY')) return 'UNHEALTHY';
  if (checked.length > 0 && checked.every((v) => v.healthStatus === 'HEALTHY')) return 'HEALTHY';
  return 'UNKNOWN';
}

interface NetworkBinding { bindIP: string; containerPort: number; hostPort: number; protocol: string }

/**
 * The fields of the DescribeTasks Task that callers read (the CLI's "where it
 * ran", tests); the object has every other field AWS prints too, untyped.
 */
export interface DescribedTask {
  readonly [field: string]: unknown;
  taskArn: string;
  group: string;
  version: number;
  lastStatus: string;
  launchType?: string;
  platformVersion?: string;
  availabilityZone?: string;
  containerInstanceArn?: string;
  attachments: { type: string; status: string; details: { name: string; value: string }[] }[];
  containers: { name: string; networkBindings: NetworkBinding[] }[];
}

export function describeTask(d: DetailInput): DescribedTask {
  const start = d.scenario.startTime;
  const task = taskDetail(d, (ms) => (start + ms) / 1000);
  // the API names the attachment type in full where events say "eni"
  for (const a of task.attachments as { type: string }[]) if (a.type === 'eni') a.type = 'ElasticNetworkInterface';
  // the API names the platform family where events do not
  if (d.scenario.launchType === 'FARGATE') task.platformFamily = 'Linux';
  task.healthStatus = taskHealth(d.context);
  // Empty lists the API prints and events leave out (aws-cli's describe-tasks
  // and run-task examples): a strict schema built from them expects these keys.
  task.containers = (task.containers as Record<string, unknown>[]).map((c) => ({
    ...c,
    networkBindings: c.networkBindings ?? [],
    healthStatus: d.context.containers[c.name as string]!.healthStatus,
  }));
  task.overrides = { ...(task.overrides as object), inferenceAcceleratorOverrides: [] };
  if (task.ephemeralStorage) task.fargateEphemeralStorage = task.ephemeralStorage;
  task.tags = [];
  // taskDetail sets these fields under the names AWS prints (checked against the SDK's shape in test/sim/project)
  return task as DescribedTask;
}
