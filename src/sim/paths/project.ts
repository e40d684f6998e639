// A lifecycle as the EventBridge `ECS Task State Change` events a consumer
// would receive: the same rule as the simulation's recorder (one event per
// microstep that changes the task's lastStatus, desiredStatus, or a
// container's lastStatus/exitCode; detail.version + 1 each time), each step
// at the time `run` would give it (timing.ts).
import { contentSalt, createIdentity, scenarioSalt, taskOrigin, textHash } from '../ids.ts';
import { IsoTimes, taskStateChangeEvent, type EcsEvent } from '../project/events.ts';
import { EniAsReported, executionStopped, observableKey } from '../project/observable.ts';
import { placed, type TaskStamps } from '../project/task-detail.ts';
import { createCountedRandom, createRandom, mixSeed } from '../random.ts';
import type { Scenario } from '../scenario/types.ts';
import type { Lifecycle } from './lifecycles.ts';
import { lifecycleTimes } from './timing.ts';
import { worldOptions } from './world.ts';

const EVENT_ID_SALT = 0x9a7d;
/** The lifecycle's timings: a stream of their own, so its names stay what they were. */
const TIMING_SALT = 0x9a71;
/** Keeps a lifecycle's task apart from the task `run` simulates with the same seed. */
const PATHS_SALT = 0x9a75;


/**
 * The random source a lifecycle's timings are drawn from (tests recompute
 * them with it): seeded by its steps whatever their order, so that every
 * order scenario-lifecycles.ts weighs takes the same durations.
 */
export const timingDraws = (scenario: Scenario, l: Pick<Lifecycle, 'steps'>) => () => createRandom(mixSeed(scenario.seed, TIMING_SALT, textHash([...l.steps].sort().join('\n'))));

/**
 * The scenario's content as paths reads it: not its timeline, nor its faults
 * (a PlaceTask fault adds a wait, which changes the lifecycles and so their
 * names anyway), but for what it takes from them (a StopTask's reason, the
 * exit codes given): a golden file of paths --format events must not churn
 * when someone edits a timeline meant for run, and events that differ must
 * not share ids.
 */
function pathsContentSalt(s: Scenario): number {
  let salt = pathsContents.get(s);
  if (salt === undefined) {
    const { stopReason, crashExitCodes = {}, sigtermExitCodes } = worldOptions(s);
    // (a crash's 1 is what paths gives when nothing is said; each container's first
    // code only, as before several were read: the lifecycles the other codes add are
    // told apart by their paths, and every other fixture keeps its ids)
    const crashes = Object.fromEntries(
      Object.entries(crashExitCodes)
        .map(([name, codes]) => [name, codes[0]!] as const)
        .filter(([, code]) => code !== 1),
    );
    pathsContents.set(s, (salt = contentSalt({ ...s, timeline: [], faults: [], warnings: [], read: { stopReason, crashes, sigtermExitCodes } } as Scenario)));
  }
  return salt;
}
const pathsContents = new WeakMap<Scenario, number>();

/**
 * `addresses`: those the listing's other tasks hold. Every lifecycle starts at
 * the same instant, so they run side by side: none may share another's
 * address (a consumer keying on it would mix two tasks up).
 */
export function lifecycleEvents(scenario: Scenario, l: Lifecycle, addresses?: Set<string>): EcsEvent[] {
  // a service's task is in the service's group, as the service simulation puts it
  const { group, startedBy } = taskOrigin(scenario);
  const content = pathsContentSalt(scenario);
  // Each lifecycle is a task of its own (its own ARN, ENI, containers): a
  // consumer that keys on the task ARN and detail.version keeps them apart.
  // A Spot lifecycle ran on Fargate Spot: a task launched by the cluster's default strategy,
  // or one of a service whose strategy spreads its tasks over FARGATE and FARGATE_SPOT.
  if (scenario.capacityProviderName !== 'FARGATE_SPOT' && l.events.some((e) => e.type === 'task.spotInterrupted')) scenario = { ...scenario, capacityProviderName: 'FARGATE_SPOT' };
  // Names from what the lifecycle is (its steps), not from its place in a
  // list: another --distinct mode, or another scenario, numbers lifecycles
  // differently, and a task ARN or an event id must never stand for two
  // different lifecycles (nor for a run's task) in fixtures fed together.
  const lifecycle = textHash(l.steps.join('\n'));
  let identity = createIdentity(scenario, createRandom(mixSeed(scenario.seed, PATHS_SALT, lifecycle)), group);
  // taken: names drawn again from the next stream (a lifecycle alone keeps its first)
  let again = 0;
  while (identity.eni && addresses?.has(identity.eni.privateIPv4Address) && again < 63)
    identity = createIdentity(scenario, createRandom(mixSeed(scenario.seed, PATHS_SALT, lifecycle, ++again)), group);
  if (identity.eni) addresses?.add(identity.eni.privateIPv4Address);
  // the names drawn again are another task: its events get other ids (one id, one payload, in fixtures fed together)
  const ids = createCountedRandom(mixSeed(scenario.seed ^ EVENT_ID_SALT, lifecycle, scenarioSalt(scenario), content, again));
  const stamps: TaskStamps = {
    createdAt: 0, connectivityAt: null, pullStartedAt: null, pullStoppedAt: null,
    startedAt: null, stoppingAt: null, executionStoppedAt: null, stoppedAt: null,
  };
  const pulled = new Set<string>();
  const times = lifecycleTimes(scenario, l, timingDraws(scenario, l));
  const iso = new IsoTimes(scenario.startTime);
  const events: EcsEvent[] = [];
  let lastKey = '';
  let version = 0;
  const eni = new EniAsReported();
  /** a microstep already seen was in PENDING (or beyond): the task has entered it */
  let pendingSeen = false;
  l.states.forEach((state, k) => {
    const t = times.at[k]!;
    for (const m of state.micro) {
      const c = m.context;
      if (identity.eni ? c.eni === 'ATTACHED' : placed(c)) stamps.connectivityAt ??= t;
      // When the pulls began (on Fargate once its agent came up, a while into
      // PENDING; a task stopped before then never pulled) and when the last
      // ended, as `run` stamps them: the event entering PENDING comes just
      // before the first pull, even on EC2 where it begins in that instant.
      const { pullsBeganAt: began, pullsEndedAt: ended } = times;
      if (began !== null && (began < t || (began === t && pendingSeen))) stamps.pullStartedAt ??= began;
      if (m.value !== 'PROVISIONING') pendingSeen = true;
      // pulls cut short (a stop, a secret that is not there) end as the first of their containers
      // stops, in its own step of the instant, as `run` stamps them: not in the task's step before it
      const unsignalled = Object.values(c.containers).filter((v) => v.stopRequested && !v.started);
      const cutNotYet = unsignalled.length > 0 && unsignalled.every((v) => v.lastStatus !== 'STOPPED');
      if (stamps.pullStartedAt !== null && ended !== null && (ended < t || (ended === t && !cutNotYet))) stamps.pullStoppedAt ??= ended;
      for (const [name, v] of Object.entries(c.containers)) if (v.started) pulled.add(name);
      if (m.value === 'RUNNING') stamps.startedAt ??= t;
      if (c.desiredStatus === 'STOPPED') stamps.stoppingAt ??= t;
      if (executionStopped(c)) stamps.executionStoppedAt ??= t;
      if (m.value === 'STOPPED') stamps.stoppedAt ??= t;
      const key = observableKey(m.value, c);
      if (key === lastKey) continue;
      lastKey = key;
      version += 1;
      const detail = { scenario, identity, stamps, version, lastStatus: m.value, context: c, eniStatus: eni.shown(m.value, c.eni), pulled, startedBy };
      events.push(taskStateChangeEvent(detail, t, ids, iso));
    }
  });
  return events;
}
