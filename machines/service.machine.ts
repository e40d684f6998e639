// The ECS service scheduler (replica strategy): keeps desiredCount tasks of
// the primary deployment running, rolls deployments within
// minimumHealthyPercent / maximumPercent, trips the circuit breaker, throttles
// launches after failed starts. It decides; the simulated world runs the
// tasks (each one the task statechart) and reports their counts on every
// scheduler tick. Commands leave as emitted events.
import { emit, enqueueActions, not, setup } from 'xstate';
import { deploy, deploymentWanted, reconcile, UNTHROTTLED } from './service.rules.ts';
import type { ServiceContext, ServiceEmitted, ServiceEvent, ServiceInput } from './service.types.ts';

const DG_SVC = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html';

export const serviceMachine = setup({
  types: {
    context: {} as ServiceContext & { steady: boolean },
    input: {} as ServiceInput,
    events: {} as ServiceEvent,
    emitted: {} as ServiceEmitted,
  },
  guards: {
    isSteady: ({ context }) => context.steady,
    /** An UpdateService that deploys, or changes desiredCount: the scheduler has tasks to move. */
    movesTasks: ({ context, event }) =>
      event.type === 'service.updated' && (deploymentWanted(context.deployments, event) !== null || (event.desiredCount ?? context.desiredCount) !== context.desiredCount),
  },
  actions: {
    reconcile: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'scheduler.tick') return;
      const plan = reconcile({ ...context, now: event.now, counts: event.counts });
      enqueue.assign({
        now: event.now,
        counts: event.counts,
        deployments: plan.deployments,
        consecutiveFailures: plan.consecutiveFailures,
        launchNotBefore: plan.launchNotBefore,
        impairedNoticed: plan.impairedNoticed,
        deploymentsMade: plan.deploymentsMade,
        steady: plan.steady,
      });
      if (plan.notices.length) enqueue.emit({ type: 'service.notice', notices: plan.notices });
      if (plan.stops.length) enqueue.emit({ type: 'service.stop', stops: plan.stops });
      if (plan.launches.length) enqueue.emit({ type: 'service.launch', launches: plan.launches });
    }),
    applyUpdate: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'service.updated') return;
      // a new deploymentConfiguration applies at once, to the deployment in
      // progress too (how a 100/100 stall is undone; our model), and starts none
      const patch: Partial<ServiceContext> = {
        desiredCount: event.desiredCount ?? context.desiredCount,
        ...(event.configuration ? { settings: { ...context.settings, ...event.configuration } } : {}),
      };
      const taskDefinition = deploymentWanted(context.deployments, event);
      if (taskDefinition !== null) {
        const d = deploy(context, taskDefinition, event.deploymentId);
        // "If you update your service to use a new task definition, your service
        // returns to a normal, non-throttled state immediately" (DG-THR)
        Object.assign(patch, { deployments: d.deployments, deploymentsMade: d.deploymentsMade, ...UNTHROTTLED });
        enqueue.emit({ type: 'service.notice', notices: d.notices });
      }
      enqueue.assign({ ...patch, steady: context.steady && taskDefinition === null && patch.desiredCount === context.desiredCount });
    }),
  },
}).createMachine({
  id: 'service',
  description: 'An ECS replica service: the scheduler that starts, replaces, scales and redeploys its tasks.',
  context: ({ input }) => ({
    settings: input.settings,
    desiredCount: input.desiredCount,
    deployments: [],
    counts: {},
    deploymentIds: input.deploymentIds,
    deploymentsMade: 0,
    consecutiveFailures: 0,
    launchNotBefore: 0,
    impairedNoticed: false,
    now: 0,
    steady: false,
  }),
  initial: 'RECONCILING',
  on: {
    // Only an update that moves tasks leaves STEADY. New limits alone (a
    // deploymentConfiguration) change nothing that runs: a steady service
    // stays steady, says so no second time, and a deployment under way goes
    // on under them from the next look (our model: AWS documents no event for it).
    'service.updated': [
      { guard: 'movesTasks', target: '.RECONCILING', actions: 'applyUpdate' },
      { actions: 'applyUpdate', description: 'New limits alone: applied from the next look, with no event (our model).', meta: { inferred: true } },
    ],
  },
  states: {
    RECONCILING: {
      description:
        'The scheduler compares what runs with what should: it launches tasks of the primary deployment, stops surplus and old ones within minimumHealthyPercent and maximumPercent, and replaces tasks that stopped. (Our model: the state’s name, as AWS names no scheduler states, and a look once a second.)',
      // the scheduler's work is documented; the state and its cadence are ours
      meta: { source: DG_SVC, inferred: true, partly: true },
      on: { 'scheduler.tick': { actions: 'reconcile' } },
      always: { guard: 'isSteady', target: 'STEADY' },
    },
    STEADY: {
      description:
        'desiredCount tasks of the primary deployment run and are healthy; nothing to do until something changes. (Our model: the state’s name; AWS documents only the SERVICE_STEADY_STATE event it emits.)',
      meta: { source: DG_SVC, inferred: true, partly: true },
      entry: emit({ type: 'service.notice', notices: [{ eventName: 'SERVICE_STEADY_STATE', eventType: 'INFO' }] }),
      on: { 'scheduler.tick': { actions: 'reconcile' } },
      always: { guard: not('isSteady'), target: 'RECONCILING' },
    },
  },
});
