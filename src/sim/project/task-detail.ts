// The Task object ECS shows the outside world, built from what the task
// knows. EventBridge `detail` and DescribeTasks differ only in the time format
// and a few fields (see events.ts, describe-task.ts).
import type { EniStatus, TaskStatus } from '../../../machines/status.ts';
import type { TaskContext } from '../../../machines/task.types.ts';
import type { TaskIdentity } from '../ids.ts';
import { FARGATE_PLATFORM_VERSION, type Scenario } from '../scenario/types.ts';
import { cpuUnits, memoryMiB } from '../scenario/fargate-size.ts';
import { taskReservation } from '../scenario/reservation.ts';

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

/** The task is on an instance (or has Fargate capacity): it did not have to wait, or the wait ended with a placement. */
export const placed = (c: Pick<TaskContext, 'capacity'>): boolean => c.capacity === null || c.capacity === 'PLACED';

export type TimeFormat = (virtualMs: number) => string | number;

/**
 * Fields are set in the order AWS prints them, and only when they have a
 * value (so no `undefined` to strip afterwards). Plain assignments, no spreads:
 * every event of every task goes through here.
 */
/** `updatedAt`: an event's (DescribeTasks has none), set where AWS's events print it, before taskArn. */
export function taskDetail(d: DetailInput, time: TimeFormat, updatedAt?: string): Record<string, unknown> {
  const { scenario: s, identity: id, stamps, context: c } = d;
  const eni = id.eni;
  // Before it is attached the interface has no ID, MAC or address to show:
  // the attachment lists only its subnet, and containers no interface.
  const attached = eni !== null && stamps.connectivityAt !== null;
  const defs = s.taskDefinition.containerDefinitions;
  const containers: Record<string, unknown>[] = [];
  for (const def of defs) {
    const v = c.containers[def.name]!;
    const ids = id.containers[def.name]!;
    const o: Record<string, unknown> = { containerArn: ids.containerArn, lastStatus: v.lastStatus, name: def.name, image: def.image };
    if (d.pulled.has(def.name)) o.imageDigest = ids.imageDigest;
    if (v.started) o.runtimeId = ids.runtimeId;
    o.taskArn = id.taskArn;
    if (v.exitCode !== null) o.exitCode = v.exitCode;
    if (v.reason) o.reason = v.reason;
    // a bridge container shows the ports Docker bound for it on the instance (a
    // dynamic one is how clients find it) from its start on, STOPPED too: the
    // agent reports what Docker says once and never clears it. On host Docker
    // reports none, so the agent sends none; an awsvpc task has its own interface.
    if (ids.hostPorts.length > 0 && v.started && s.taskDefinition.networkMode === 'bridge')
      o.networkBindings = def.portBindings.map((b, i) => ({ bindIP: '0.0.0.0', containerPort: b.containerPort, hostPort: ids.hostPorts[i], protocol: b.protocol }));
    o.networkInterfaces = attached ? [{ attachmentId: eni.attachmentId, privateIpv4Address: eni.privateIPv4Address }] : [];
    o.cpu = String(def.cpu);
    // the container's own limits, as strings like cpu (real events and DescribeTasks)
    if (def.memory !== null) o.memory = String(def.memory);
    if (def.memoryReservation !== null) o.memoryReservation = String(def.memoryReservation);
    containers.push(o);
  }
  const fargate = s.launchType === 'FARGATE';
  // Timestamps are set inline (no closure per call: every event comes here).
  const t: Record<string, unknown> = {};
  t.attachments =
    eni && d.eniStatus
      ? [
          {
            id: eni.attachmentId,
            type: 'eni',
            status: d.eniStatus,
            details: attached
              ? [
                  { name: 'subnetId', value: eni.subnetId },
                  { name: 'networkInterfaceId', value: eni.networkInterfaceId },
                  { name: 'macAddress', value: eni.macAddress },
                  { name: 'privateDnsName', value: eni.privateDnsName },
                  { name: 'privateIPv4Address', value: eni.privateIPv4Address },
                ]
              : [{ name: 'subnetId', value: eni.subnetId }],
          },
        ]
      : [];
  t.attributes = architecture(s);
  // A task still waiting for capacity is in no zone yet (its instance or its
  // Fargate ENI's subnet decides it). An ECS Anywhere task is in none at all:
  // its server is on premises, with no ecs.availability-zone attribute (our reading).
  if (placed(c) && s.launchType !== 'EXTERNAL') t.availabilityZone = id.availabilityZone;
  if (s.capacityProviderName) t.capacityProviderName = s.capacityProviderName;
  t.clusterArn = id.clusterArn;
  // a task still waiting for capacity has no instance yet
  if (id.containerInstanceArn && placed(c)) t.containerInstanceArn = id.containerInstanceArn;
  t.containers = containers;
  t.createdAt = time(stamps.createdAt);
  t.launchType = s.launchType;
  // AWS reports units whatever the definition said ("1 vCPU" → "1024", "2 GB" → "2048").
  // An EC2 definition with sizes on its containers only still gets a task size:
  // AWS's describe-tasks example (console-sample-app-static, cpu 10 and memory
  // 300 on its one container) shows "cpu": "10", "memory": "300". With several
  // containers we report what the task reserves, their sum (inferred).
  const size = s.taskDefinition.cpu && s.taskDefinition.memory ? null : taskReservation(s.taskDefinition);
  if (s.taskDefinition.cpu) t.cpu = String(cpuUnits(s.taskDefinition.cpu) ?? s.taskDefinition.cpu);
  else if (size!.cpu > 0) t.cpu = String(size!.cpu);
  if (s.taskDefinition.memory) t.memory = String(memoryMiB(s.taskDefinition.memory) ?? s.taskDefinition.memory);
  else if (size!.memory > 0) t.memory = String(size!.memory);
  t.desiredStatus = c.desiredStatus;
  // ECS Exec is not simulated: no task here has it turned on
  t.enableExecuteCommand = false;
  if (fargate) t.ephemeralStorage = { sizeInGiB: s.taskDefinition.ephemeralStorage?.sizeInGiB ?? FARGATE_EPHEMERAL_GIB };
  t.group = id.group;
  t.lastStatus = d.lastStatus;
  t.overrides = { containerOverrides: defs.map((x) => ({ name: x.name })) };
  // Every launch type: AWS's describe-tasks example shows an EC2 task
  // CONNECTED too. An awsvpc task connects when its ENI attaches; one without an
  // ENI when it is placed on an instance (inferred: AWS does not say when).
  // Before that the field is absent, as in AWS's run-task examples of a
  // PROVISIONING task: a consumer alerting on DISCONNECTED must not fire at
  // every start.
  if (stamps.connectivityAt !== null) {
    t.connectivity = 'CONNECTED';
    t.connectivityAt = time(stamps.connectivityAt);
  }
  // in the order of AWS's Fargate sample: startedAt between the two pull times,
  // startedBy after startedAt as in its EC2 sample (a golden file diffs keys too)
  if (stamps.pullStartedAt !== null) t.pullStartedAt = time(stamps.pullStartedAt);
  if (stamps.startedAt !== null) t.startedAt = time(stamps.startedAt);
  if (d.startedBy) t.startedBy = d.startedBy;
  if (stamps.pullStoppedAt !== null) t.pullStoppedAt = time(stamps.pullStoppedAt);
  if (stamps.stoppingAt !== null) t.stoppingAt = time(stamps.stoppingAt);
  if (stamps.executionStoppedAt !== null) t.executionStoppedAt = time(stamps.executionStoppedAt);
  if (stamps.stoppedAt !== null) t.stoppedAt = time(stamps.stoppedAt);
  if (c.stopCode) {
    t.stopCode = c.stopCode;
    t.stoppedReason = c.stoppedReason;
  }
  if (updatedAt !== undefined) t.updatedAt = updatedAt;
  t.taskArn = id.taskArn;
  t.taskDefinitionArn = id.taskDefinitionArn;
  t.version = d.version;
  // DescribeTasks adds platformFamily (describe-task.ts); real events do not carry it
  if (fargate) t.platformVersion = FARGATE_PLATFORM_VERSION;
  return t;
}

/** What a Fargate task has when its definition sets no ephemeralStorage. */
export const FARGATE_EPHEMERAL_GIB = 20;

/**
 * The task's `attributes`: its CPU architecture, on every launch type (AWS's
 * describe-tasks example shows it on an EC2 task, real events on Fargate).
 */
function architecture(s: Scenario): { name: string; value: string }[] {
  return [{ name: 'ecs.cpu-architecture', value: s.taskDefinition.runtimePlatform?.cpuArchitecture === 'ARM64' ? 'arm64' : 'x86_64' }];
}
