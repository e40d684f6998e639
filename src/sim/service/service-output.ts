// Everything a service run emitted, in time order, as AWS would print it:
// ECS Task State Change for every task, ECS Service Action and ECS Deployment
// State Change for the scheduler.
import { IsoTimes, taskStateChangeEvent, type EcsEvent } from '../project/events.ts';
import { describeTask } from '../project/describe-task.ts';
import type { DetailInput } from '../project/task-detail.ts';
import { eventIdStream } from '../project/observable.ts';
import type { ServiceSimulation } from './service-simulation.ts';
import { serviceEvent } from './service-events.ts';
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
  const ids = eventIdStream(sim.scenario.seed);
  const start = sim.scenario.startTime;
  const iso = new IsoTimes(start);
  return sim.occurrences.map((o) =>
    o.kind === 'service'
      ? serviceEvent(sim.scenario, o.notice, start + o.t, ids)
      : taskStateChangeEvent(detailInput(o.task, o.task.frames[o.frame]!, o.frame + 1), o.task.frames[o.frame]!.t, ids, iso),
  );
}

/** DescribeTasks for every task of the service, at the end of the run. */
export function describeServiceTasks(sim: ServiceSimulation): Record<string, unknown>[] {
  return sim.tasks.map((t) => describeTask(detailInput(t, t.current(), t.frames.length)));
}
