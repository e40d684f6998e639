// The Task object ECS shows the outside world, built from what the task
// knows. EventBridge `detail` and DescribeTasks differ only in the time format
// and a few fields (see events.ts, describe-task.ts).
import type { EniStatus, TaskStatus } from '../../../machines/status.ts';
import type { TaskContext } from '../../../machines/task.types.ts';
import type { TaskIdentity } from '../ids.ts';
import type { Scenario } from '../scenario/types.ts';

/** Virtual ms since creation of each lifecycle timestamp, null until it happens. */
export interface TaskStamps {
  createdAt: number;
  connectivityAt: number | null;
  pullStartedAt: number | null;
  pullStoppedAt: number | null;
  startedAt: number | null;
  stoppingAt: number | null;
  executionStoppedAt: number | null;
  stoppedAt: number | null;
}

export const STAMP_ORDER = ['createdAt', 'pullStartedAt', 'pullStoppedAt', 'startedAt', 'stoppingAt', 'executionStoppedAt', 'stoppedAt'] as const;

export interface DetailInput {
  scenario: Scenario;
  identity: TaskIdentity;
  stamps: TaskStamps;
  version: number;
  lastStatus: TaskStatus;
  context: TaskContext;
  eniStatus: EniStatus | null;
  /** containers the agent has pulled (they have an image digest) and started (a runtime id) */
  pulled: Set<string>;
  startedBy: string | null;
}

export type TimeFormat = (virtualMs: number) => string | number;

export function taskDetail(d: DetailInput, time: TimeFormat): Record<string, unknown> {
  const { scenario: s, identity: id, stamps, context: c } = d;
  const eni = id.eni;
  const stamp = (k: keyof TaskStamps) => (stamps[k] === null ? undefined : time(stamps[k]!));
  const containers = s.taskDefinition.containerDefinitions.map((def) => {
    const v = c.containers[def.name]!;
    const ids = id.containers[def.name]!;
    return {
      containerArn: ids.containerArn,
      lastStatus: v.lastStatus,
      name: def.name,
      image: def.image,
      ...(d.pulled.has(def.name) ? { imageDigest: ids.imageDigest } : {}),
      ...(v.started ? { runtimeId: ids.runtimeId } : {}),
      taskArn: id.taskArn,
      ...(v.exitCode !== null ? { exitCode: v.exitCode } : {}),
      ...(v.reason ? { reason: v.reason } : {}),
      networkInterfaces: eni ? [{ attachmentId: eni.attachmentId, privateIpv4Address: eni.privateIPv4Address }] : [],
      cpu: String(def.cpu),
    };
  });
  const fargate = s.launchType === 'FARGATE';
  return {
    attachments:
      eni && d.eniStatus
        ? [
            {
              id: eni.attachmentId,
              type: 'eni',
              status: d.eniStatus,
              details: [
                { name: 'subnetId', value: eni.subnetId },
                { name: 'networkInterfaceId', value: eni.networkInterfaceId },
                { name: 'macAddress', value: eni.macAddress },
                { name: 'privateIPv4Address', value: eni.privateIPv4Address },
              ],
            },
          ]
        : [],
    availabilityZone: id.availabilityZone,
    clusterArn: id.clusterArn,
    ...(id.containerInstanceArn ? { containerInstanceArn: id.containerInstanceArn } : {}),
    containers,
    createdAt: stamp('createdAt'),
    launchType: s.launchType,
    ...(s.taskDefinition.cpu ? { cpu: s.taskDefinition.cpu } : {}),
    ...(s.taskDefinition.memory ? { memory: s.taskDefinition.memory } : {}),
    desiredStatus: c.desiredStatus,
    group: id.group,
    lastStatus: d.lastStatus,
    overrides: { containerOverrides: s.taskDefinition.containerDefinitions.map((x) => ({ name: x.name })) },
    ...(fargate ? { connectivity: stamps.connectivityAt === null ? 'DISCONNECTED' : 'CONNECTED', connectivityAt: stamp('connectivityAt') } : {}),
    pullStartedAt: stamp('pullStartedAt'),
    pullStoppedAt: stamp('pullStoppedAt'),
    startedAt: stamp('startedAt'),
    ...(d.startedBy ? { startedBy: d.startedBy } : {}),
    stoppingAt: stamp('stoppingAt'),
    executionStoppedAt: stamp('executionStoppedAt'),
    stoppedAt: stamp('stoppedAt'),
    ...(c.stopCode ? { stopCode: c.stopCode, stoppedReason: c.stoppedReason } : {}),
    taskArn: id.taskArn,
    taskDefinitionArn: id.taskDefinitionArn,
    version: d.version,
    ...(fargate ? { platformVersion: '1.4.0', platformFamily: 'Linux' } : {}),
  };
}
