// The task machine's vocabulary: its child actors, guards (decisions from
// task.rules.ts) and actions (how it records what it learns and what it asks
// of its side steps).
import { assign, enqueueActions, setup } from 'xstate';
import { capacityMachine, type CapacityOutput } from './capacity.machine.ts';
import { containerMachine } from './container.machine.ts';
import { eniMachine } from './eni.machine.ts';
import { registryMachine } from './registry.machine.ts';
import { targetMachine } from './target.machine.ts';
import * as rules from './task.rules.ts';
import { containerActorId, targetActorId } from './task.rules.ts';
import { dependencyErrorReason } from './dependency-error.ts';
import type { CapacityState, HealthStatus, TargetState, TaskStatus } from './status.ts';
import type { ContainerOutput, ContainerView, StopRequest, TaskContext, TaskEvent, TaskInput } from './task.types.ts';

type Patch = (v: ContainerView) => Partial<ContainerView>;
function patchContainers(c: TaskContext, names: string[], patch: Patch): TaskContext['containers'] {
  const next = { ...c.containers };
  for (const n of names) {
    const v = next[n];
    if (v) next[n] = { ...v, ...patch(v) };
  }
  return next;
}

const stoppedPatch = (o: ContainerOutput): Patch => () => ({
  lastStatus: 'STOPPED',
  exitCode: o.exitCode,
  reason: o.reason,
  started: o.started,
});

/**
 * Why the task must stop after container `name` ended with `o`, or null. One
 * that never started stops it when it is essential. A non-essential one that
 * gave up on a dependency does not: the agent lets the task start without it;
 * nor does a failed pull on EC2, whose agent tries to run the container anyway
 * (its create fails, and only an essential container stops the task), while
 * on Fargate any failed pull stops it (our assumption: its agent is not public).
 */
function stopAfterExit(c: TaskContext, name: string, o: ContainerOutput): StopRequest | null {
  if (rules.isStopping(c)) return null;
  const essential = c.shape.containers.find((s) => s.name === name)?.essential ?? false;
  if (!o.started && o.reason) {
    const gaveUp = c.containers[name]?.dependencyError != null;
    const stops = essential || (!gaveUp && c.input.anyPullErrorStopsTask);
    return stops ? { stopCode: 'TaskFailedToStart', reason: o.reason } : null;
  }
  return essential ? { stopCode: 'EssentialContainerExited', reason: 'Essential container in task exited' } : null;
}

/**
 * The containers that must give up now (a dependency can never hold), each
 * with the reason the agent gives. One pass over the containers in the task
 * definition's order, as the agent's: one that gives up is seen by those after
 * it as never to start, in the same pass; those before it see it only once it
 * has STOPPED, when it meets START and COMPLETE (it has exit code 143).
 */
function giveUps(c: TaskContext): { name: string; reason: string }[] {
  if (rules.isStopping(c)) return [];
  const out: { name: string; reason: string }[] = [];
  let seen = c;
  for (const spec of c.shape.containers) {
    const broken = rules.brokenDependencyOf(seen, spec);
    if (!broken) continue;
    const reason = dependencyErrorReason(seen, broken);
    out.push({ name: spec.name, reason });
    seen = { ...seen, containers: { ...seen.containers, [spec.name]: { ...seen.containers[spec.name]!, dependencyError: reason } } };
  }
  return out;
}

/** Record the give-ups in the task's view and tell the containers. */
function giveUp(c: TaskContext, enqueue: Enqueue, gone: { name: string; reason: string }[]) {
  const containers = { ...c.containers };
  for (const g of gone) containers[g.name] = { ...containers[g.name]!, dependencyError: g.reason };
  enqueue.assign({ containers });
  for (const g of gone) tell(c, enqueue, containerActorId(g.name), { type: 'container.dependencyFailed', reason: g.reason });
}

/**
 * Ask a side step to act. With `sideSteps: 'world'` there are no child actors:
 * the simulated world reads the request from the context (the mirror says
 * `registering`, `DETACHING`, `stopRequested`, …) and answers with the same
 * events a child would send. The statechart is the same either way.
 */
function tell(c: TaskContext, enqueue: { sendTo: (to: string, event: { type: string }) => void }, to: string, event: { type: string; [k: string]: unknown }) {
  if (c.sideSteps === 'actors') enqueue.sendTo(to, event);
}

/**
 * What stopping means right now: desiredStatus STOPPED with the first stop code
 * and reason, and the containers that never started stopped with no signal.
 * Null when the task is already stopping (a second request changes nothing).
 */
function stopPlan(c: TaskContext, p: StopRequest): StopPlan | null {
  if (rules.isStopping(c)) return null;
  const unsignalled = rules.containersNeverStarted(c);
  const cancelPlacement = c.capacity === 'WAITING';
  // Never placed: its network interface was never begun (it is created for the
  // instance), so there is nothing to release and no DEPROVISIONING (facts §2:
  // a capacity wait ends PROVISIONING → STOPPED).
  const dropEni = c.eni === 'PRECREATED' && c.capacity !== null && c.capacity !== 'PLACED';
  return {
    patch: {
      desiredStatus: 'STOPPED',
      stopCode: p.stopCode,
      stoppedReason: p.reason,
      containers: patchContainers(c, unsignalled, () => ({ stopRequested: true })),
      ...(cancelPlacement ? { capacity: 'CANCELLED' as const } : {}),
      ...(dropEni ? { eni: 'DELETED' as const } : {}),
    },
    unsignalled,
    cancelPlacement,
    dropEni,
  };
}

interface StopPlan {
  patch: Partial<TaskContext>;
  unsignalled: string[];
  /** still waiting for capacity: stop waiting */
  cancelPlacement: boolean;
  /** never placed: drop the network interface that was never begun */
  dropEni: boolean;
}

type Enqueue = { assign: (patch: Partial<TaskContext>) => void; sendTo: (to: string, event: { type: string }) => void; cancel: (id: string) => void };

/** The id of the delayed failure of the secrets' retrieval. */
const SECRETS_ID = 'secrets';

/** The id of a container's delayed pull request. */
const pullId = (name: string) => `pull.${name}`;

/** Tell the side steps what a stop plan asks of them. */
function tellStop(c: TaskContext, enqueue: Enqueue, plan: StopPlan) {
  // a pull still to be requested (Fargate's agent coming up) is not requested any more
  if (c.sideSteps === 'actors' && c.input.pullDelayMs > 0) for (const n of plan.unsignalled) enqueue.cancel(pullId(n));
  // nor is a failing secret retrieval still to come
  if (c.sideSteps === 'actors' && c.input.secretsError !== null) enqueue.cancel(SECRETS_ID);
  for (const n of plan.unsignalled) tell(c, enqueue, containerActorId(n), { type: 'container.stopRequested' });
  if (plan.cancelPlacement) tell(c, enqueue, 'capacity', { type: 'capacity.cancelRequested' });
  if (plan.dropEni) tell(c, enqueue, 'eni', { type: 'eni.deleteRequested', neverCreated: true });
}

// Every route out of a state asks the same question of the same context, one
// guard after the other: remember the last answer (contexts are immutable, so
// an answer is never stale; one slot for every task, as the guards of one
// transition run together). A WeakMap keyed by the context was tried: 10,000
// service tasks took 15-20 % longer (bench service-10k).
let last: { from: TaskStatus; c: TaskContext; next: TaskStatus | null } | null = null;
function nextStopStateOnce(from: TaskStatus, c: TaskContext): TaskStatus | null {
  if (last?.c !== c || last.from !== from) last = { from, c, next: rules.nextStopState(from, c) };
  return last.next;
}

export const taskSetup = setup({
  types: {
    context: {} as TaskContext,
    input: {} as TaskInput,
    events: {} as TaskEvent,
  },
  actors: { capacity: capacityMachine, eni: eniMachine, target: targetMachine, registry: registryMachine, container: containerMachine },
  delays: {
    spotReclaim: ({ context }) => context.input.spotReclaimMs,
  },
  guards: {
    isDesiredRunning: ({ context }) => !rules.isStopping(context),
    /** A secret's retrieval can still fail the task: nothing stopped it, and no container has started or ended. */
    secretsPending: ({ context }) => !rules.isStopping(context) && rules.noContainerTouched(context),
    provisioned: ({ context }) => rules.provisioned(context),
    allContainersStarted: ({ context }) => rules.allContainersStarted(context),
    needsRegistration: ({ context }) => rules.needsRegistration(context),
    allRegistered: ({ context }) => rules.allRegistered(context),
    hasContainersReadyToStart: ({ context }) => !rules.isStopping(context) && rules.anyReadyToStart(context),
    hasContainersReadyToSignal: ({ context }) => rules.anyReadyToSignal(context),
    /** An essential container has exited: the agent stops the others at once. */
    essentialExited: ({ context }) => rules.essentialExited(context),
    /** A Spot notice came: the capacity goes in two minutes, whatever stopped the task first. */
    capacityGoing: ({ context }) => context.spot !== 'NONE',
    /** The two minutes since a Spot notice are up: only a task that had the notice loses its capacity, once. */
    spotNoticed: ({ context }) => context.spot === 'NOTICED',
    /** A Spot notice to a task already stopping for another reason, the first notice it gets. */
    isFirstNoticeWhileStopping: ({ context }) => rules.isStopping(context) && context.spot === 'NONE',
    /** The stop path leads from `from` to `to` now. */
    isNextStopState: ({ context }, p: { from: TaskStatus; to: TaskStatus }) => nextStopStateOnce(p.from, context) === p.to,
  },
  actions: {
    /**
     * desiredStatus becomes STOPPED once, with the first stop code and reason;
     * containers that never started are stopped with no signal.
     */
    requestStop: enqueueActions(({ context, enqueue }, params: StopRequest) => {
      const plan = stopPlan(context, params);
      if (!plan) return;
      enqueue.assign(plan.patch);
      tellStop(context, enqueue, plan);
    }),
    /**
     * A container ended: record it, then stop the task if the agent would
     * (essential exit, failed start), or else let the containers that waited
     * on it in vain give up (which may end others' waits in turn).
     */
    containerExited: enqueueActions(({ context, enqueue }, params: { name: string; output: ContainerOutput }) => {
      const stop = stopAfterExit(context, params.name, params.output);
      const recorded = { ...context, containers: patchContainers(context, [params.name], stoppedPatch(params.output)) };
      const plan = stop && stopPlan(recorded, stop);
      enqueue.assign({ containers: recorded.containers, ...plan?.patch });
      if (plan) return tellStop(context, enqueue, plan);
      const gone = giveUps(recorded);
      if (gone.length > 0) giveUp(recorded, enqueue, gone);
    }),
    /** Health or a startTimeout changed: a container waiting on it may now never start, and gives up. */
    checkDependencies: enqueueActions(({ context, enqueue }) => {
      const gone = giveUps(context);
      if (gone.length > 0) giveUp(context, enqueue, gone);
    }),
    reportCapacityOutcome: enqueueActions(({ event, enqueue }) => {
      const outcome = (event as { output?: CapacityOutput }).output?.outcome;
      if (outcome === 'PLACED') enqueue.raise({ type: 'capacity.placed' });
      else if (outcome === 'UNAVAILABLE') enqueue.raise({ type: 'capacity.unavailable' });
    }),
    requestPulls: enqueueActions(({ context, enqueue }) => {
      if (context.sideSteps !== 'actors') return;
      const delay = context.input.pullDelayMs;
      // A secret that is not there fails the task before any container is
      // created (the RetrieveSecrets fault); on Fargate no pull even begins
      const secretsError = context.input.secretsError;
      if (secretsError !== null) {
        enqueue.raise({ type: 'task.secretsFailed', reason: secretsError }, { delay: delay + context.input.secretsFailMs, id: SECRETS_ID });
        if (context.input.secretsBeforePulls) return;
      }
      // One id per container, so that a stop before the pulls begin can cancel them.
      // A container with dependsOn is pulled only once they hold (permitReady).
      for (const s of context.shape.containers)
        if (!rules.pulledWhenPermitted(context.shape, s.name)) enqueue.sendTo(containerActorId(s.name), { type: 'container.pullRequested' }, delay > 0 ? { delay, id: pullId(s.name) } : undefined);
    }),
    /**
     * Let the containers whose dependsOn conditions hold start. The agent
     * pulls the image of a container with dependsOn only now, not with the
     * others (its ECS_PULL_DEPENDENT_CONTAINERS_UPFRONT defaults to false).
     */
    permitReady: enqueueActions(({ context, enqueue }) => {
      const ready = rules.containersReadyToStart(context);
      enqueue.assign({ containers: patchContainers(context, ready, () => ({ permitted: true })) });
      for (const n of ready) {
        tell(context, enqueue, containerActorId(n), { type: 'container.startPermitted' });
        if (rules.pulledWhenPermitted(context.shape, n)) tell(context, enqueue, containerActorId(n), { type: 'container.pullRequested' });
      }
    }),
    signalReady: enqueueActions(({ context, enqueue }) => {
      const ready = rules.containersReadyToSignal(context);
      enqueue.assign({ containers: patchContainers(context, ready, () => ({ stopRequested: true })) });
      for (const n of ready) tell(context, enqueue, containerActorId(n), { type: 'container.stopRequested' });
    }),
    requestRegistration: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({
        targets: context.targets.map(() => 'registering' as const),
        registry: context.registry === null ? null : 'REGISTERING',
      });
      context.targets.forEach((_, i) => tell(context, enqueue, targetActorId(i), { type: 'target.registerRequested' }));
      if (context.registry !== null) tell(context, enqueue, 'registry', { type: 'registry.registerRequested' });
    }),
    requestDeregistration: enqueueActions(({ context, enqueue }) => {
      const registryLive = rules.isRegistryLive(context.registry);
      enqueue.assign({
        targets: context.targets.map((t) => (rules.isTargetLive(t) ? 'draining' : t)),
        registry: registryLive ? 'DEREGISTERING' : context.registry,
      });
      context.targets.forEach((t, i) => {
        if (rules.isTargetLive(t)) tell(context, enqueue, targetActorId(i), { type: 'target.deregisterRequested' });
      });
      if (registryLive) tell(context, enqueue, 'registry', { type: 'registry.deregisterRequested' });
    }),
    /** The Spot notice: the capacity is reclaimed spotReclaimMs from now (a timer of the task's own). */
    noticeSpot: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ spot: 'NOTICED' });
      if (context.sideSteps === 'actors') enqueue.raise({ type: 'task.capacityReclaimed' }, { delay: 'spotReclaim', id: 'spotReclaim' });
    }),
    /**
     * The capacity is gone: drains end, and every container still running is
     * killed, signalled or not, whatever the dependsOn order (inferred).
     */
    reclaimCapacity: enqueueActions(({ context, enqueue }) => {
      const running = context.shape.containers.filter((s) => context.containers[s.name]!.lastStatus === 'RUNNING').map((s) => s.name);
      enqueue.assign({ spot: 'RECLAIMED', containers: patchContainers(context, running, () => ({ stopRequested: true })) });
      // the containers first: their ends reach the task before the drains', so it
      // records them still in DEACTIVATING, not a STOPPING with a container "running"
      for (const n of running) tell(context, enqueue, containerActorId(n), { type: 'container.capacityReclaimed' });
      context.targets.forEach((t, i) => {
        if (t === 'draining') tell(context, enqueue, targetActorId(i), { type: 'target.capacityReclaimed' });
      });
    }),
    requestEniDelete: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ eni: 'DETACHING' });
      tell(context, enqueue, 'eni', { type: 'eni.deleteRequested' });
    }),
    markCapacity: assign((_, params: { state: CapacityState }) => ({ capacity: params.state })),
    markEni: assign((_, params: { status: TaskContext['eni'] }) => ({ eni: params.status })),
    markTarget: assign(({ context }, params: { index: number; state: TargetState }) => ({
      targets: context.targets.map((t, i) => (i === params.index ? params.state : t)),
    })),
    markRegistry: assign((_, params: { state: TaskContext['registry'] }) => ({ registry: params.state })),
    markRan: assign({ ran: true }),
    markContainerStarted: assign(({ context }, params: { name: string }) => ({
      containers: patchContainers(context, [params.name], () => ({ lastStatus: 'RUNNING', started: true })),
    })),
    markContainerStartTimedOut: assign(({ context }, params: { name: string }) => ({
      containers: patchContainers(context, [params.name], () => ({ startTimedOut: true })),
    })),
    markContainerHealth: assign(({ context }, params: { name: string; healthStatus: HealthStatus }) => ({
      containers: patchContainers(context, [params.name], () => ({ healthStatus: params.healthStatus })),
    })),
  },
});
