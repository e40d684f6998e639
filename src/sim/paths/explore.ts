// The production task machine, stepped purely (no actors, no clock) in a
// world that answers the way world.ts says. This wrapper is an ActorLogic, so
// xstate/graph traverses it like any machine; its snapshot adds what a path
// needs and a machine snapshot does not keep: the task states visited so far
// and the microsteps of the last step (the recorder sees every microstep, so
// the paths must too).
import type { AnyMachineSnapshot, InspectionEvent } from 'xstate';
import { quietScope } from '../quiet-scope.ts';
import type { TaskStatus } from '../../../machines/status.ts';
import { createTaskMachine, type TaskMachine } from '../../../machines/task.machine.ts';
import type { TaskContext, TaskInput, TaskShape } from '../../../machines/task.types.ts';
import { instantReplies, worldEvents, type WorldEvent, type WorldOptions } from './world.ts';

export interface Micro {
  value: TaskStatus;
  context: TaskContext;
}

export interface WorldState {
  task: AnyMachineSnapshot;
  /** task states in the order first entered (they only move forward) */
  visited: TaskStatus[];
  /** what the recorder would have seen during the step that led here */
  micro: Micro[];
}

/** Inputs only decide timings and faults, which the traversal chooses itself. */
export function neutralInput(shape: TaskShape, world: Pick<WorldOptions, 'targetGroupArns' | 'spotStopCode' | 'images' | 'launchType'>): TaskInput {
  return {
    shape,
    capacity: shape.capacity ? { availableAfterMs: null, timeoutMs: 0 } : null,
    eni: shape.eni ? { createMs: 0, attachMs: 0, attachTimeoutMs: 0, detachMs: 0, deleteMs: 0, failAttach: false, releaseBlocked: false } : null,
    targets: Array.from({ length: shape.targets }, (_, index) => ({
      index, targetGroupArn: world.targetGroupArns[index] ?? `target group ${index}`, registerMs: 0, healthyAfterMs: 0, unhealthyAfterMs: 0, failHealthChecks: false, recoversAfterMs: null, failsAfterMs: null, stopsAnsweringAfterMs: null, deregistrationDelayMs: 0, failRegister: false,
    })),
    registry: shape.registry ? { registerMs: 0, deregisterMs: 0, failRegister: false } : null,
    spotReclaimMs: 0,
    spotStopCode: world.spotStopCode,
    pullDelayMs: 0,
    secretsError: null,
    secretsBeforePulls: false,
    anyPullErrorStopsTask: world.launchType === 'FARGATE',
    secretsFailMs: 0,
    containers: shape.containers.map((c) => ({
      name: c.name, image: world.images[c.name] ?? c.name, pullMs: 0, startMs: 0, pullError: null, sigtermExitMs: 0, sigtermExitCode: 0, ignoreSigterm: false, stopTimeoutMs: 0, healthCheckMs: null, failHealthChecks: false, healthRecoversAfterMs: null, healthFailsAfterMs: null, stopsAnsweringAfterMs: null, healthJitterMs: 0, startTimeoutMs: null, exitsAfterMs: null, exitsWith: 0,
    })),
  };
}

const micro = (s: AnyMachineSnapshot): Micro => ({ value: s.value as TaskStatus, context: s.context as TaskContext });

export interface WorldLogic {
  machine: TaskMachine;
  getInitialSnapshot(): WorldState;
  transition(state: WorldState, event: WorldEvent): WorldState;
  events(state: WorldState): WorldEvent[];
}

export function createWorldLogic(shape: TaskShape, world: WorldOptions, inspect?: (ev: InspectionEvent) => void): WorldLogic {
  const machine = createTaskMachine(shape);
  const scope = quietScope(inspect);

  /** One event and the replies it causes in the same instant, in mailbox (FIFO) order. */
  function deliver(task: AnyMachineSnapshot, event: WorldEvent, seen: Micro[]): AnyMachineSnapshot {
    const queue = [event];
    while (queue.length && task.status === 'active') {
      const ev = queue.shift()!;
      const steps = machine.microstep(task as never, ev as never, scope) as AnyMachineSnapshot[];
      const next = steps.length ? steps[steps.length - 1]! : task;
      for (const s of steps) seen.push(micro(s));
      queue.push(...instantReplies(task.context as TaskContext, next.context as TaskContext, ev));
      task = next;
    }
    return task;
  }

  return {
    machine,
    getInitialSnapshot() {
      const task = machine.getInitialSnapshot(scope, neutralInput(shape, world) as never) as AnyMachineSnapshot;
      return { task, visited: [task.value as TaskStatus], micro: [micro(task)] };
    },
    transition(state, event) {
      const seen: Micro[] = [];
      const task = deliver(state.task, event, seen);
      const visited = [...state.visited];
      for (const m of seen) if (visited[visited.length - 1] !== m.value) visited.push(m.value);
      return { task, visited, micro: seen };
    },
    events(state) {
      if (state.task.status !== 'active') return [];
      return worldEvents(state.task.context as TaskContext, state.visited, world);
    },
  };
}
