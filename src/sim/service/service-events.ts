// `ECS Service Action`, `ECS Deployment State Change` and `ECS Container
// Instance State Change` events, shaped like AWS's samples in
// realworld/aws-doc-events/.
import type { ServiceNotice } from '../../../machines/service.types.ts';
import { ecsArn, uuid, zoneName } from '../ids.ts';
import { isoEvent, isoSeconds, type EcsEvent } from '../project/events.ts';
import type { Random } from '../random.ts';
import { RESERVED_HOST_PORTS, portName } from '../scenario/reservation.ts';
import type { Scenario } from '../scenario/types.ts';
import type { ContainerInstance } from './container-instances.ts';
import type { InstanceChange } from './service-simulation.ts';

export function serviceArn(s: Scenario): string {
  return ecsArn(s.settings, `service/${s.settings.cluster}/${s.service!.serviceName}`);
}

/** A capacity provider's ARN, as service action events name it (FARGATE_SPOT's too). */
export function capacityProviderArn(s: Scenario, name: string): string {
  return ecsArn(s.settings, `capacity-provider/${name}`);
}

export function serviceEvent(s: Scenario, n: ServiceNotice, epochMs: number, ids: Random): EcsEvent {
  const { region, account, cluster } = s.settings;
  const deployment = n.eventName.startsWith('SERVICE_DEPLOYMENT_');
  const detail: Record<string, unknown> = deployment
    ? { eventType: n.eventType, eventName: n.eventName, deploymentId: n.deploymentId, updatedAt: isoEvent(epochMs), reason: n.reason }
    : {
        eventType: n.eventType,
        eventName: n.eventName,
        clusterArn: ecsArn(s.settings, `cluster/${cluster}`),
        ...(n.containerInstanceArns ? { containerInstanceArns: n.containerInstanceArns, reason: n.reason } : {}),
        ...(n.capacityProviderArns ? { capacityProviderArns: n.capacityProviderArns, ...(n.reason ? { reason: n.reason } : {}) } : {}),
        createdAt: isoEvent(epochMs),
      };
  return {
    version: '0',
    id: uuid(ids),
    'detail-type': deployment ? 'ECS Deployment State Change' : 'ECS Service Action',
    source: 'aws.ecs',
    account,
    time: isoSeconds(epochMs),
    region,
    resources: [serviceArn(s)],
    detail,
  };
}

const integer = (name: string, integerValue: number) => ({ name, type: 'INTEGER', integerValue });
const stringSet = (name: string, stringSetValue: string[]) => ({ name, type: 'STRINGSET', stringSetValue });

/**
 * The container instance as DescribeContainerInstances and its state change
 * events show it. PORTS lists the host ports taken (the agent's own from the
 * start), as AWS does, not the free ones. Attributes: only the zone and the
 * OS (a real instance lists dozens of capabilities, which nothing here uses).
 */
export function containerInstanceDetail(s: Scenario, i: ContainerInstance, change: Omit<InstanceChange, 'instance'>): Record<string, unknown> {
  const { region, cluster } = s.settings;
  const r = change.remaining;
  return {
    agentConnected: true,
    attributes: [
      { name: 'ecs.availability-zone', value: zoneName(region, i.az) },
      { name: 'ecs.os-type', value: 'linux' },
    ],
    clusterArn: ecsArn(s.settings, `cluster/${cluster}`),
    containerInstanceArn: i.arn,
    ec2InstanceId: i.ec2InstanceId,
    registeredResources: [
      integer('CPU', i.cpu),
      integer('MEMORY', i.memory),
      stringSet('PORTS', RESERVED_HOST_PORTS.map(portName)),
      stringSet('PORTS_UDP', []),
    ],
    remainingResources: [integer('CPU', r.cpu), integer('MEMORY', r.memory), stringSet('PORTS', r.tcp), stringSet('PORTS_UDP', r.udp)],
    status: 'ACTIVE',
    version: change.version,
    versionInfo: AGENT_VERSION_INFO,
  };
}

/**
 * The agent and Docker an instance reports (AWS's sample has them; a consumer
 * may read them). Nothing here depends on them: fixed values of our choosing,
 * a recent agent's shape (docs/model.md).
 */
const AGENT_VERSION_INFO = { agentHash: '0000000', agentVersion: '1.89.0', dockerVersion: 'DockerVersion: 25.0.8' } as const;

/** `ECS Container Instance State Change`: placing or stopping a task changed what the instance has left (DG-EV). */
export function containerInstanceEvent(s: Scenario, change: InstanceChange, epochMs: number, ids: Random): EcsEvent {
  const { region, account } = s.settings;
  return {
    version: '0',
    id: uuid(ids),
    'detail-type': 'ECS Container Instance State Change',
    source: 'aws.ecs',
    account,
    time: isoSeconds(epochMs),
    region,
    resources: [change.instance.arn],
    detail: { ...containerInstanceDetail(s, change.instance, change), updatedAt: isoEvent(epochMs) },
  };
}
