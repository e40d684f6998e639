// Everything a service run emitted, in time order, as AWS would print it:
// ECS Task State Change for every task, ECS Service Action and ECS Deployment
// State Change for the scheduler, ECS Container Instance State Change for the
// cluster's instances.
import { ec2InstanceIdOf, ecsArn, partitionOf, subnetOf } from '../ids.ts';
import { ZONE_COUNT } from '../scenario/placement-rules.ts';
import type { Scenario } from '../scenario/types.ts';
import type { CircuitBreaker } from '../../../machines/service.types.ts';
import { IsoTimes, taskStateChangeEvent, type EcsEvent } from '../project/events.ts';
import { describeTask } from '../project/describe-task.ts';
import type { DetailInput } from '../project/task-detail.ts';
import { eventIdStream } from '../project/observable.ts';
import type { ServiceSimulation } from './service-simulation.ts';
import { containerInstanceDetail, containerInstanceEvent, serviceArn, serviceEvent } from './service-events.ts';
import type { Frame, ServiceTask } from './service-task.ts';
import { describeMessages } from './service-messages.ts';


function detailInput(task: ServiceTask, f: Frame, version: number): DetailInput {
  return {
    scenario: task.scenario,
    identity: task.identity,
    stamps: f.stamps,
    version,
    lastStatus: f.lastStatus,
    // the frame keeps only what changes; the rest (shape, input) is the task's
    context: { ...task.world.snap.context, ...f.context },
    eniStatus: f.eniStatus,
    pulled: new Set(f.pulled),
    startedBy: task.deploymentId,
  };
}

export function serviceEvents(sim: ServiceSimulation): EcsEvent[] {
  return [...serviceEventStream(sim)];
}

/**
 * The same events one at a time: a run of tens of thousands of tasks holds
 * gigabytes of them at once. Those that happened by the call: a run still
 * going adds more while the page writes them out.
 */
export function* serviceEventStream(sim: ServiceSimulation, upTo = sim.occurrences.length): Generator<EcsEvent> {
  const ids = eventIdStream(sim.scenario, sim.actionsSalt);
  const start = sim.scenario.startTime;
  const iso = new IsoTimes(start);
  for (let k = 0; k < upTo; k++) {
    const o = sim.occurrences[k]!;
    yield o.kind === 'service'
      ? serviceEvent(sim.scenario, o.notice, start + o.t, ids)
      : o.kind === 'instance'
        ? containerInstanceEvent(sim.scenario, o.change, start + o.t, ids)
        : taskStateChangeEvent(detailInput(o.task, o.task.frames[o.frame]!, o.frame + 1), o.task.frames[o.frame]!.t, ids, iso);
  }
}

/** DescribeContainerInstances for the cluster's instances at the end of the run (none without `containerInstances`). */
export function describeContainerInstances(sim: ServiceSimulation): Record<string, unknown>[] {
  const fleet = sim.fleet;
  if (!fleet) return [];
  const counts = new Map(fleet.instances.map((i) => [i, { runningTasksCount: 0, pendingTasksCount: 0 }]));
  for (const t of sim.tasks) {
    const k = t.placed && counts.get(t.placed.instance);
    if (k && t.world.status === 'RUNNING') k.runningTasksCount++;
    else if (k && t.world.status === 'PENDING') k.pendingTasksCount++;
  }
  return fleet.instances.map((i) => {
    const { agentConnected, attributes, containerInstanceArn, ec2InstanceId, registeredResources, remainingResources, status, version, versionInfo } = containerInstanceDetail(
      sim.scenario,
      i,
      { version: i.version, remaining: fleet.remaining(i) },
    );
    // the ContainerInstance object: no clusterArn (the event's detail has one); registered before the run
    const registeredAt = sim.scenario.startTime / 1000;
    return { containerInstanceArn, ec2InstanceId, status, agentConnected, ...counts.get(i), version, versionInfo, registeredResources, remainingResources, attributes, registeredAt };
  });
}

/** DescribeTasks for every task of the service, at the end of the run. */
export function describeServiceTasks(sim: ServiceSimulation): Record<string, unknown>[] {
  return sim.tasks.map((t) => describeServiceTask(t));
}

/** DescribeTasks for one task of the service, as it is now (the page's task panel). */
export function describeServiceTask(task: ServiceTask): Record<string, unknown> {
  return describeTask(detailInput(task, task.current(), task.frames.length));
}

/**
 * The service as DescribeServices shows it at the end of the run: its
 * configuration as CreateService took it, the counts of the service and of
 * each deployment (as the scheduler last reported them), task definitions as
 * ARNs, times in Unix seconds (as DescribeTasks).
 */
export function describeService(sim: ServiceSimulation): Record<string, unknown> {
  const s = sim.serviceSnapshot.context;
  const scenario = sim.scenario;
  const svc = scenario.service!;
  const unix = (ms: number) => (scenario.startTime + ms) / 1000;
  const tdArn = (familyRevision: string) => ecsArn(scenario.settings, `task-definition/${familyRevision}`);
  const last = sim.rows.at(-1);
  const counts = new Map(last?.deployments.map((d) => [d.id, d]) ?? []);
  const times = deploymentTimes(sim);
  // as CreateService took it: a strategy, or a launch type (none given: the
  // cluster's default strategy decides, and DescribeServices shows the provider it ran on)
  const given = svc.capacityProviderStrategy?.map((p) => ({ capacityProvider: p.capacityProvider, weight: p.weight, base: p.base }));
  const launch = given
    ? { capacityProviderStrategy: given }
    : scenario.capacityProviderName
      ? { capacityProviderStrategy: [{ capacityProvider: scenario.capacityProviderName, weight: 1, base: 0 }] }
      : { launchType: scenario.launchType };
  // as DescribeServices lists them: the PRIMARY first, then the older ones, newest first
  const listed = [...s.deployments.filter((d) => d.status === 'PRIMARY'), ...s.deployments.filter((d) => d.status !== 'PRIMARY').reverse()];
  const fargate = scenario.launchType === 'FARGATE';
  // where its awsvpc tasks get their interfaces: the cluster's subnet in each zone (security groups are not modelled)
  const network =
    scenario.taskDefinition.networkMode === 'awsvpc'
      ? { networkConfiguration: { awsvpcConfiguration: { subnets: Array.from({ length: ZONE_COUNT }, (_, z) => subnetOf(scenario.settings, z)), assignPublicIp: 'DISABLED' } } }
      : {};
  const deployments = listed.map((d) => {
    const k = counts.get(d.id);
    const running = k?.running ?? 0;
    const pending = k?.pending ?? 0;
    const at = times.get(d.id);
    return {
      id: d.id,
      status: d.status,
      taskDefinition: tdArn(d.taskDefinition),
      // the primary aims at the service's count; an older one keeps what it still runs
      desiredCount: d.status === 'PRIMARY' ? s.desiredCount : running + pending,
      pendingCount: pending,
      runningCount: running,
      failedTasks: d.failedTasks,
      createdAt: unix(at?.createdAt ?? 0),
      updatedAt: unix(at?.updatedAt ?? 0),
      ...launch,
      // a deployment names the platform version LATEST resolved to, as its tasks do (task-detail.ts)
      ...(fargate ? { platformVersion: '1.4.0', platformFamily: 'Linux' } : {}),
      ...network,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    };
  });
  const primary = s.deployments.find((d) => d.status === 'PRIMARY');
  // as it is now: an UpdateService may have changed it
  const dc = { minimumHealthyPercent: s.settings.minimumHealthyPercent, maximumPercent: s.settings.maximumPercent, deploymentCircuitBreaker: s.settings.circuitBreaker };
  return {
    serviceArn: serviceArn(scenario),
    serviceName: svc.serviceName,
    clusterArn: ecsArn(scenario.settings, `cluster/${scenario.settings.cluster}`),
    loadBalancers: svc.loadBalancers.map((lb) => ({ targetGroupArn: lb.targetGroupArn, containerName: lb.containerName, containerPort: lb.containerPort })),
    serviceRegistries: svc.serviceRegistries.map(({ registryArn, containerName, containerPort, port }) => ({ registryArn, containerName, containerPort, port })),
    status: 'ACTIVE',
    desiredCount: s.desiredCount,
    runningCount: deployments.reduce((n, d) => n + d.runningCount, 0),
    pendingCount: deployments.reduce((n, d) => n + d.pendingCount, 0),
    ...launch,
    // Fargate's platform as a service asks for it when it names none
    ...(fargate ? { platformVersion: 'LATEST', platformFamily: 'Linux' } : {}),
    ...(primary ? { taskDefinition: tdArn(primary.taskDefinition) } : {}),
    ...network,
    deploymentConfiguration: {
      // the two newer fields only when not the defaults (how AWS prints them is not in our sources)
      deploymentCircuitBreaker: circuitBreakerAsDescribed(dc.deploymentCircuitBreaker),
      maximumPercent: dc.maximumPercent,
      minimumHealthyPercent: dc.minimumHealthyPercent,
    },
    deployments,
    events: serviceMessages(sim),
    createdAt: unix(0),
    // as CreateService took them (a memberOf as its expression); Fargate takes none
    placementConstraints: fargate ? [] : svc.placementConstraints.map((c) => (c.type === 'memberOf' ? { type: c.type, expression: c.expression } : c)),
    placementStrategy: fargate ? [] : svc.placementStrategy,
    // in effect for load balancer and container health checks alike (CreateService)
    ...(svc.loadBalancers.length || containerHealthChecked(sim.scenario) ? { healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds } : {}),
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    // CreateService's defaults, which DescribeServices prints whether given or not
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    // behind a load balancer ECS calls it with its service-linked role
    ...(svc.loadBalancers.length ? { roleArn: `arn:${partitionOf(scenario.settings.region)}:iam::${scenario.settings.account}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS` } : {}),
  };
}

/** The service's event log as DescribeServices gives it (`events`): newest first, the 100 most recent. */
export function serviceMessages(sim: ServiceSimulation) {
  const svc = sim.scenario.service!;
  const names = {
    serviceName: svc.serviceName,
    taskId: (i: number) => sim.tasks[i]!.identity.taskArn.split('/').at(-1)!,
    targetGroupArn: (i: number) => svc.loadBalancers[i]!.targetGroupArn,
    targetOf: (task: number, targetGroup: number) => targetOf(sim, task, targetGroup),
  };
  return describeMessages(sim.messages.newestFirst(), names, sim.scenario.seed, sim.scenario.startTime, serviceArn(sim.scenario));
}

/** Some revision of the run, the first or one UpdateService deploys, has a container health check. */
function containerHealthChecked(s: Scenario): boolean {
  const revisions = [s.taskDefinition, ...s.timeline.flatMap((a) => (a.action === 'UpdateService' && a.taskDefinition ? [a.taskDefinition] : []))];
  return revisions.some((td) => td.containerDefinitions.some((c) => c.healthCheck));
}

/** Where a target group sends to a task: its EC2 instance, if any, and the host port its container port is bound to (bridge, host) or the container port (awsvpc). */
function targetOf(sim: ServiceSimulation, index: number, targetGroup: number): { instance: string | null; port: number } {
  const lb = sim.scenario.service!.loadBalancers[targetGroup]!;
  const task = sim.tasks[index]!;
  const id = task.identity;
  const mapping = task.scenario.taskDefinition.containerDefinitions.find((c) => c.name === lb.containerName)?.portBindings.findIndex((b) => b.containerPort === lb.containerPort) ?? -1;
  const port = id.containers[lb.containerName]?.hostPorts[mapping] ?? lb.containerPort;
  if (id.containerInstanceArn === null) return { instance: null, port };
  return { instance: task.placed?.instance.ec2InstanceId ?? ec2InstanceIdOf(id.containerInstanceArn), port };
}

/**
 * When each deployment was made (its SERVICE_DEPLOYMENT_IN_PROGRESS event, or
 * else its first appearance in the scheduler's reports, a look later), and
 * when its status or counts last changed.
 */
function deploymentTimes(sim: ServiceSimulation): Map<string, { createdAt: number; updatedAt: number }> {
  const out = new Map<string, { createdAt: number; updatedAt: number; key: string }>();
  for (const o of sim.occurrences)
    if (o.kind === 'service' && o.notice.deploymentId && !out.has(o.notice.deploymentId)) out.set(o.notice.deploymentId, { createdAt: o.t, updatedAt: o.t, key: '' });
  for (const row of sim.rows)
    for (const d of row.deployments) {
      const key = `${d.status} ${d.rolloutState} ${d.pending} ${d.running}`;
      const seen = out.get(d.id);
      if (!seen) out.set(d.id, { createdAt: row.t, updatedAt: row.t, key });
      else if (seen.key !== key) (seen.updatedAt = row.t), (seen.key = key);
    }
  return out;
}

/** DescribeServices' deploymentCircuitBreaker: enable and rollback, and the newer fields when they differ from the defaults. */
function circuitBreakerAsDescribed(cb: CircuitBreaker) {
  return {
    enable: cb.enable,
    rollback: cb.rollback,
    ...(cb.resetOnHealthyTask ? {} : { resetOnHealthyTask: false }),
    ...(cb.thresholdConfiguration ? { thresholdConfiguration: cb.thresholdConfiguration } : {}),
  };
}
