// Everything a service run emitted, in time order, as AWS would print it:
// ECS Task State Change for every task, ECS Service Action and ECS Deployment
// State Change for the scheduler, ECS Container Instance State Change for the
// cluster's instances.
import { IsoTimes, taskStateChangeEvent, type EcsEvent } from '../project/events.ts';
import { describeTask } from '../project/describe-task.ts';
import type { DetailInput } from '../project/task-detail.ts';
import { eventIdStream } from '../project/observable.ts';
import type { ServiceSimulation } from './service-simulation.ts';
import { containerInstanceDetail, containerInstanceEvent, serviceEvent } from './service-events.ts';
import type { Frame, ServiceTask } from './service-task.ts';


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

/** The same events one at a time: a run of tens of thousands of tasks holds gigabytes of them at once. */
export function* serviceEventStream(sim: ServiceSimulation): Generator<EcsEvent> {
  const ids = eventIdStream(sim.scenario.seed);
  const start = sim.scenario.startTime;
  const iso = new IsoTimes(start);
  for (const o of sim.occurrences)
    yield o.kind === 'service'
      ? serviceEvent(sim.scenario, o.notice, start + o.t, ids)
      : o.kind === 'instance'
        ? containerInstanceEvent(sim.scenario, o.change, start + o.t, ids)
        : taskStateChangeEvent(detailInput(o.task, o.task.frames[o.frame]!, o.frame + 1), o.task.frames[o.frame]!.t, ids, iso);
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
    const { agentConnected, attributes, containerInstanceArn, ec2InstanceId, registeredResources, remainingResources, status, version } = containerInstanceDetail(
      sim.scenario,
      i,
      { version: i.version, remaining: fleet.remaining(i) },
    );
    // the ContainerInstance object: no clusterArn (the event's detail has one); registered before the run
    const registeredAt = sim.scenario.startTime / 1000;
    return { containerInstanceArn, ec2InstanceId, status, agentConnected, ...counts.get(i), version, registeredResources, remainingResources, attributes, registeredAt };
  });
}

/** DescribeTasks for every task of the service, at the end of the run. */
export function describeServiceTasks(sim: ServiceSimulation): Record<string, unknown>[] {
  return sim.tasks.map((t) => describeTask(detailInput(t, t.current(), t.frames.length)));
}

/**
 * The service as DescribeServices shows it at the end of the run: counts of
 * the service and of each deployment (as the scheduler last reported them),
 * task definitions as ARNs.
 */
export function describeService(sim: ServiceSimulation): Record<string, unknown> {
  const s = sim.serviceSnapshot.context;
  const svc = sim.scenario.service!;
  const { region, account, cluster } = sim.scenario.settings;
  const last = sim.rows.at(-1);
  const counts = new Map(last?.deployments.map((d) => [d.id, d]) ?? []);
  const deployments = s.deployments.map((d) => {
    const k = counts.get(d.id);
    return {
      id: d.id,
      status: d.status,
      taskDefinition: `arn:aws:ecs:${region}:${account}:task-definition/${d.taskDefinition}`,
      runningCount: k?.running ?? 0,
      pendingCount: k?.pending ?? 0,
      failedTasks: d.failedTasks,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    };
  });
  return {
    serviceName: sim.scenario.service!.serviceName,
    clusterArn: `arn:aws:ecs:${region}:${account}:cluster/${cluster}`,
    status: 'ACTIVE',
    desiredCount: s.desiredCount,
    runningCount: deployments.reduce((n, d) => n + d.runningCount, 0),
    pendingCount: deployments.reduce((n, d) => n + d.pendingCount, 0),
    deployments,
    // as CreateService took them (a memberOf as its expression)
    placementStrategy: svc.placementStrategy,
    placementConstraints: svc.placementConstraints.map((c) => (c.type === 'memberOf' ? { type: c.type, expression: c.expression } : c)),
  };
}
