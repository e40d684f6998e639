// The lifecycle of one ECS task. Its top-level states are the eight lastStatus
// values; a state is skipped when the task has no work there (an `always`
// route picks the next state that has work). The side steps run as invoked
// child actors for the whole life of the task, so each keeps its own status;
// a service's tasks leave them to the simulated world (sideSteps 'world').
import { and } from 'xstate';
import { taskSetup } from './task.setup.ts';
import * as rules from './task.rules.ts';
import { SOURCES, type TaskStatus } from './status.ts';
import type { ContainerOutput, ContainerView, SideSteps, TaskContext, TaskShape } from './task.types.ts';
import { stateTeaching } from './task.teaching.ts';
import { CAPACITY_GAVE_UP_REASON, ENI_TIMEOUT_REASON } from './stop.teaching.ts';

type StopState = 'DEACTIVATING' | 'STOPPING' | 'DEPROVISIONING' | 'STOPPED';

/**
 * Where the stop path can lead from each state. Only routes a valid task can
 * take (the model-based tests prove each one reachable): from PROVISIONING the
 * ENI is released first, if there is one (a bridge or host task there is
 * waiting for capacity and has nothing to release); ACTIVATING always has
 * running containers and usually something registered.
 */
const STOP_ROUTES: Record<Exclude<TaskStatus, 'STOPPED'>, StopState[]> = {
  PROVISIONING: ['DEPROVISIONING', 'STOPPED'],
  PENDING: ['STOPPING', 'DEPROVISIONING', 'STOPPED'],
  ACTIVATING: ['DEACTIVATING', 'STOPPING'],
  RUNNING: ['DEACTIVATING', 'STOPPING'],
  DEACTIVATING: ['STOPPING', 'DEPROVISIONING', 'STOPPED'],
  STOPPING: ['DEPROVISIONING', 'STOPPED'],
  DEPROVISIONING: ['STOPPED'],
};

/**
 * The stop path out of `from`: one guarded route per later state, chosen by
 * rules.nextStopState. Leaving a state before RUNNING this way undoes only
 * what was done: AWS documents PENDING → STOPPED, and PROVISIONING →
 * DEPROVISIONING for an awsvpc interface that timed out; the rest is inferred. From RUNNING on, AWS documents the order
 * (DEACTIVATING) → STOPPING → (DEPROVISIONING), STOPPING included even when
 * no container runs any more; DEACTIVATING skips STOPPING only for a task
 * that failed in ACTIVATING with every container already stopped (inferred).
 */
function stopRoute(from: Exclude<TaskStatus, 'STOPPED'>) {
  return STOP_ROUTES[from].map((to) => {
    const { undoes, skipsStopping } = rules.stopRouteModel(from, to);
    return {
      target: to,
      guard: { type: 'isNextStopState' as const, params: { from, to } },
      // one transition, two causes: AWS documents the route for one of them, the other's is ours (the chart long-dashes it)
      meta: { inferred: undoes || skipsStopping, ...(PARTLY_OURS[`${from}->${to}`] ? { partlyOurs: PARTLY_OURS[`${from}->${to}`] } : {}) },
      description: skipsStopping
        ? `${ROUTE_WHY[to]}: the task never ran and no container runs any more, so STOPPING has no work (our model)`
        : from === 'PROVISIONING' && to === 'DEPROVISIONING'
          ? `${ROUTE_WHY[to]}: documented for an awsvpc task whose interface timed out (AWS’s awsvpc networking guide); the same route for a stop before the interface attached is our model`
          : from === 'PROVISIONING' && to === 'STOPPED'
            ? `${ROUTE_WHY[to]}: documented for a capacity wait that gives up; the same route for a stop during the wait is our model`
            : undoes
              ? `${ROUTE_WHY[to]}: a task stopped before RUNNING undoes only what was done (our model: AWS documents PENDING → STOPPED)`
              : ROUTE_WHY[to],
    };
  });
}

/** Stop routes AWS documents for one cause, which we take for another too: that other cause. */
const PARTLY_OURS: Record<string, string> = {
  'PROVISIONING->DEPROVISIONING': 'a stop before the interface attached',
  'PROVISIONING->STOPPED': 'a stop during the capacity wait',
};

const ROUTE_WHY = {
  DEACTIVATING: 'deregister and drain what was registered',
  STOPPING: 'stop the containers that run',
  DEPROVISIONING: 'release the network interface',
  STOPPED: 'nothing left to release',
} as const;

const teach = (s: TaskStatus) => stateTeaching[s];

function buildConfig(shape: TaskShape, sideSteps: SideSteps) {
  type In = { context: TaskContext };
  const invokes = [
    ...(shape.capacity ? [{ id: 'capacity', src: 'capacity' as const, input: ({ context }: In) => context.input.capacity! }] : []),
    ...(shape.eni ? [{ id: 'eni', src: 'eni' as const, input: ({ context }: In) => context.input.eni! }] : []),
    ...Array.from({ length: shape.targets }, (_, i) => ({ id: rules.targetActorId(i), src: 'target' as const, input: ({ context }: In) => context.input.targets[i]! })),
    ...(shape.registry ? [{ id: 'registry', src: 'registry' as const, input: ({ context }: In) => context.input.registry! }] : []),
    ...shape.containers.map((c) => ({
      id: rules.containerActorId(c.name),
      src: 'container' as const,
      input: ({ context }: In) => context.input.containers.find((i) => i.name === c.name)!,
    })),
  ];
  // A side step that finishes reports `xstate.done.actor.<id>`, whether it is
  // an invoked actor or played by the world: handle it in `on`, not `onDone`.
  const done = (id: string) => `xstate.done.actor.${id}` as const;
  const doneHandlers = {
    // The capacity wait reports how it ended as its output: the task handles
    // it as the world's own capacity.placed / capacity.unavailable.
    ...(shape.capacity ? { [done('capacity')]: { actions: 'reportCapacityOutcome' as const } } : {}),
    ...(shape.eni ? { [done('eni')]: { actions: { type: 'markEni' as const, params: { status: 'DELETED' as const } } } } : {}),
    ...Object.fromEntries(
      Array.from({ length: shape.targets }, (_, i) => [done(rules.targetActorId(i)), { actions: { type: 'markTarget' as const, params: { index: i, state: 'unused' as const } } }]),
    ),
    // (a failed registration ends the actor too: it stays FAILED, nothing was removed)
    ...(shape.registry
      ? { [done('registry')]: { actions: { type: 'markRegistry' as const, params: ({ context }: In) => ({ state: context.registry === 'FAILED' ? ('FAILED' as const) : ('DEREGISTERED' as const) }) } } }
      : {}),
    ...Object.fromEntries(
      shape.containers.map((c) => [
        done(rules.containerActorId(c.name)),
        { actions: { type: 'containerExited' as const, params: ({ event }: { event: { output?: unknown } }) => ({ name: c.name, output: event.output as ContainerOutput }) } },
      ]),
    ),
  };
  return taskSetup.createMachine({
    id: 'task',
    description: 'One Amazon ECS task, from RunTask to STOPPED.',
    context: ({ input }) => ({
      shape: input.shape,
      sideSteps,
      input,
      desiredStatus: 'RUNNING',
      stopCode: null,
      stoppedReason: null,
      capacity: input.shape.capacity ? 'WAITING' : null,
      eni: input.shape.eni ? 'PRECREATED' : null,
      targets: Array.from({ length: input.shape.targets }, () => 'notRegistered' as const),
      registry: input.shape.registry ? 'NOT_REGISTERED' : null,
      ran: false,
      spot: 'NONE',
      containers: Object.fromEntries(
        input.shape.containers.map((c) => [
          c.name,
          { lastStatus: 'PENDING', started: false, exitCode: null, reason: null, healthStatus: 'UNKNOWN', permitted: false, stopRequested: false, startTimedOut: false, dependencyError: null } satisfies ContainerView,
        ]),
      ),
    }),
    invoke: sideSteps === 'actors' ? invokes : [],
    initial: shape.eni || shape.capacity ? 'PROVISIONING' : 'PENDING',
    on: {
      ...doneHandlers,
      'task.stopRequested': {
        guard: 'isDesiredRunning',
        actions: { type: 'requestStop', params: ({ event }) => ({ stopCode: event.stopCode ?? 'UserInitiated', reason: event.reason ?? 'Task stopped by user' }) },
      },
      'task.spotInterrupted': [
        {
          guard: 'isDesiredRunning',
          actions: [{ type: 'requestStop', params: ({ context }) => ({ stopCode: context.input.spotStopCode, reason: 'Your Spot Task was interrupted.' }) }, 'noticeSpot'],
          meta: { source: SOURCES.fargateSpot },
          description: 'Fargate Spot reclaims the capacity: a two-minute warning as a task state change, and SIGTERM (AWS’s Fargate Spot guide).',
        },
        {
          guard: 'isFirstNoticeWhileStopping',
          actions: 'noticeSpot',
          meta: { source: SOURCES.fargateSpot, inferred: true },
          description:
            'The task is already stopping: its first stop code and reason stay, but the capacity still goes in two minutes, so SIGTERM comes now rather than after the drain (our model).',
        },
      ],
      'task.capacityReclaimed': {
        guard: 'spotNoticed',
        actions: 'reclaimCapacity',
        meta: { source: SOURCES.fargateSpot, inferred: true },
        description:
          'Two minutes after the Spot notice the capacity is gone: every drain ends and every container still running is killed (SIGKILL, exit code 137), whatever the dependsOn order (our model: AWS documents the two minutes, not what is cut short).',
      },
      'capacity.placed': { actions: { type: 'markCapacity', params: { state: 'PLACED' } } },
      'capacity.unavailable': {
        actions: [
          { type: 'markCapacity', params: { state: 'UNAVAILABLE' } },
          {
            type: 'requestStop',
            params: { stopCode: 'TaskFailedToStart', reason: CAPACITY_GAVE_UP_REASON },
          },
        ],
        meta: { inferred: true, ours: 'the stoppedReason: AWS documents none for this give-up' },
        description: 'ECS gives up waiting for capacity. The stop code is TaskFailedToStart, as for any task that never reached RUNNING; AWS documents no reason for this give-up: we borrow the one RunTask fails with when Fargate has no capacity (our choice).',
      },
      'eni.attached': { actions: { type: 'markEni', params: { status: 'ATTACHED' } } },
      'eni.failed': {
        actions: [
          { type: 'markEni', params: { status: 'FAILED' } },
          { type: 'requestStop', params: { stopCode: 'TaskFailedToStart', reason: ENI_TIMEOUT_REASON } },
        ],
      },
      'target.registered': { actions: { type: 'markTarget', params: ({ event }) => ({ index: event.index, state: 'initial' }) } },
      'target.healthy': { actions: { type: 'markTarget', params: ({ event }) => ({ index: event.index, state: 'healthy' }) } },
      'target.unhealthy': { actions: { type: 'markTarget', params: ({ event }) => ({ index: event.index, state: 'unhealthy' }) } },
      'target.failed': {
        actions: [
          { type: 'markTarget', params: ({ event }) => ({ index: event.index, state: 'unused' }) },
          {
            type: 'requestStop',
            params: ({ context, event }) => ({
              stopCode: 'TaskFailedToStart',
              reason: `ResourceInitializationError: failed to register the task with target group ${context.input.targets[event.index]?.targetGroupArn ?? event.index}`,
            }),
          },
        ],
        meta: { inferred: true, ours: 'that a failed registration stops the task' },
        description:
          'The target could not be registered with its target group: the task fails to start (TaskFailedToStart). AWS gives ResourceInitializationError when the resources of a task cannot be set up; the words after it are our model.',
      },
      'registry.registered': { actions: { type: 'markRegistry', params: { state: 'REGISTERED' } } },
      'registry.failed': {
        actions: [
          { type: 'markRegistry', params: { state: 'FAILED' } },
          { type: 'requestStop', params: { stopCode: 'TaskFailedToStart', reason: 'ResourceInitializationError: failed to register the service discovery instance' } },
        ],
        meta: { inferred: true, ours: 'that a failed registration stops the task' },
        description:
          'The Cloud Map instance could not be registered: the task fails to start (TaskFailedToStart). AWS gives ResourceInitializationError when the resources of a task cannot be set up; the words after it are our model.',
      },
      'container.started': { actions: { type: 'markContainerStarted', params: ({ event }) => ({ name: event.name }) } },
      'container.healthy': { actions: { type: 'markContainerHealth', params: ({ event }) => ({ name: event.name, healthStatus: 'HEALTHY' }) } },
      'container.unhealthy': {
        actions: { type: 'markContainerHealth', params: ({ event }) => ({ name: event.name, healthStatus: 'UNHEALTHY' }) },
        // AWS says what startTimeout does; that nothing else ends the wait is read from the agent's code
        meta: { inferred: true, ours: 'that a dependant waits for ever without a startTimeout' },
        description:
          'A container’s health checks failed: one waiting for it to be HEALTHY (dependsOn) waits on, until its startTimeout if it has one, else for ever (our model, read from the agent’s code: its dependency graph gives up on nothing else).',
      },
      'container.startTimedOut': {
        actions: [{ type: 'markContainerStartTimedOut', params: ({ event }) => ({ name: event.name }) }, 'checkDependencies'],
        meta: { inferred: true, ours: 'the startTimeout counted from the container’s start, as the agent’s code counts it' },
        description:
          'The container has run for its startTimeout: a container still waiting on it (dependsOn COMPLETE, SUCCESS or HEALTHY) gives up (STOPPED, exit code 143, as the agent does), and the task stops if that container is essential (AWS: the task stops; counting from its start is our model, read from the agent’s code).',
      },
    },
    states: {
      PROVISIONING: {
        ...teach('PROVISIONING'),
        always: [...stopRoute('PROVISIONING'), { target: 'PENDING', guard: 'provisioned', description: 'placed, with its ENI attached when it has one' }],
      },
      PENDING: {
        ...teach('PENDING'),
        entry: ['requestPulls'],
        on: {
          // after the task is stopped, or once a container has started or ended, too late to fail for a secret
          'task.secretsFailed': {
            guard: 'secretsPending',
            actions: { type: 'requestStop', params: ({ event }) => ({ stopCode: 'TaskFailedToStart', reason: event.reason }) },
            meta: { source: SOURCES.secretNotFound, inferred: true, ours: 'when the secrets are retrieved, and on Fargate before any pull' },
            description:
              'A secret the task definition names (Secrets Manager or SSM Parameter Store) is not there: the task fails to start (TaskFailedToStart) before any container is created, on Fargate before any image is pulled. AWS documents the error; that Fargate retrieves the secrets before the pulls, and how long the retrieval takes, is our model.',
          },
        },
        always: [
          ...stopRoute('PENDING'),
          { target: 'ACTIVATING', guard: and(['allContainersStarted', 'needsRegistration']), description: 'every container started; targets or a Cloud Map instance to register' },
          { target: 'RUNNING', guard: 'allContainersStarted', description: 'every container started, nothing to register' },
          { guard: 'hasContainersReadyToStart', actions: 'permitReady' },
        ],
      },
      ACTIVATING: {
        ...teach('ACTIVATING'),
        entry: 'requestRegistration',
        always: [...stopRoute('ACTIVATING'), { target: 'RUNNING', guard: 'allRegistered', description: 'every target and the Cloud Map instance registered' }],
      },
      RUNNING: {
        ...teach('RUNNING'),
        entry: 'markRan',
        always: stopRoute('RUNNING'),
      },
      DEACTIVATING: {
        ...teach('DEACTIVATING'),
        entry: 'requestDeregistration',
        always: [
          ...stopRoute('DEACTIVATING'),
          {
            guard: and(['essentialExited', 'hasContainersReadyToSignal']),
            actions: 'signalReady',
            description:
              'An essential container has exited: the agent stops the other containers at once (SIGTERM, in the reverse order of dependsOn), as its Task does for any essential container stopped; it knows nothing of the drain, which goes on (our model, read from the agent’s code: AWS documents only that the other containers are stopped, and that ECS waits for the drain before the SIGTERM of a stop it drives).',
            meta: { source: SOURCES.agentTask, inferred: true },
          },
          {
            guard: and(['capacityGoing', 'hasContainersReadyToSignal']),
            actions: 'signalReady',
            description:
              'Fargate Spot: SIGTERM comes with the two-minute warning (AWS’s Fargate Spot guide), once the targets are deregistered (AWS’s What’s New of February 2023); they drain on until the capacity goes.',
            // documented, if only in an announcement (docs/model.md lists it): the drain cut short at the reclaim is the part that is ours, marked where it ends
            meta: { source: SOURCES.spotDeregistersFirst },
          },
        ],
      },
      STOPPING: {
        ...teach('STOPPING'),
        always: [...stopRoute('STOPPING'), { guard: 'hasContainersReadyToSignal', actions: 'signalReady' }],
      },
      DEPROVISIONING: {
        ...teach('DEPROVISIONING'),
        entry: 'requestEniDelete',
        always: stopRoute('DEPROVISIONING'),
      },
      STOPPED: {
        ...teach('STOPPED'),
        type: 'final',
      },
    },
  });
}

export type TaskMachine = ReturnType<typeof buildConfig>;

const CACHED_MACHINES = 64;
const cache = new Map<string, TaskMachine>();
// The same shape object (taskShape shares one per revision) finds its machine
// without serialising the shape again.
const byShape = { actors: new WeakMap<TaskShape, TaskMachine>(), world: new WeakMap<TaskShape, TaskMachine>() };

/**
 * The task statechart for one configuration (the invoked side steps depend on
 * it). `sideSteps: 'world'` leaves the side steps to the simulated world (no
 * child actors): same states, guards and actions. Cached per shape and mode.
 */
export function createTaskMachine(shape: TaskShape, sideSteps: SideSteps = 'actors'): TaskMachine {
  const seen = byShape[sideSteps].get(shape);
  if (seen) return seen;
  // ECS registers no task definition without an essential container, and the
  // stop routes count on one (a task in ACTIVATING always has one running):
  // such a shape would hang, not stop, so it is refused here, loudly
  if (!shape.containers.some((c) => c.essential)) throw new Error('createTaskMachine: a task needs at least one essential container');
  const key = sideSteps + JSON.stringify(shape);
  let m = cache.get(key);
  if (!m) {
    m = buildConfig(shape, sideSteps);
    // a page session may paste many configurations: keep the latest few
    if (cache.size >= CACHED_MACHINES) cache.delete(cache.keys().next().value!);
    cache.set(key, m);
  }
  byShape[sideSteps].set(shape, m);
  return m;
}

