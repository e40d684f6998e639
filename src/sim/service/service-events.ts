// `ECS Service Action` and `ECS Deployment State Change` events, shaped like
// AWS's samples in realworld/aws-doc-events/.
import type { ServiceNotice } from '../../../machines/service.types.ts';
import { uuid } from '../ids.ts';
import { isoMs, isoSeconds, type EcsEvent } from '../project/events.ts';
import type { Random } from '../random.ts';
import type { Scenario } from '../scenario/types.ts';

export function serviceArn(s: Scenario): string {
  const { region, account, cluster } = s.settings;
  return `arn:aws:ecs:${region}:${account}:service/${cluster}/${s.service!.serviceName}`;
}

export function serviceEvent(s: Scenario, n: ServiceNotice, epochMs: number, ids: Random): EcsEvent {
  const { region, account, cluster } = s.settings;
  const deployment = n.eventName.startsWith('SERVICE_DEPLOYMENT_');
  const detail: Record<string, unknown> = deployment
    ? { eventType: n.eventType, eventName: n.eventName, deploymentId: n.deploymentId, updatedAt: isoMs(epochMs), reason: n.reason }
    : {
        eventType: n.eventType,
        eventName: n.eventName,
        clusterArn: `arn:aws:ecs:${region}:${account}:cluster/${cluster}`,
        ...(n.containerInstanceArns ? { containerInstanceArns: n.containerInstanceArns, reason: n.reason } : {}),
        createdAt: isoMs(epochMs),
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
