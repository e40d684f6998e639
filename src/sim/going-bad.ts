// The moment an app that goes bad (a HealthCheck fault with failAfterSeconds)
// stops answering: nothing of the task changes then, only its checks begin to
// fail, and the verdict comes a few checks later. Said in the trace so that a
// person sees why a target turns unhealthy a minute after the moment, not at it.
import type { Scenario } from './scenario/types.ts';
import type { VirtualClock } from './clock.ts';
import type { Recorder } from './recorder.ts';
import { goingBadAfterMs } from './timings.ts';

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

/** Watch the trace: once the checks of a target (registered) or a container (started) begin, note when its app stops answering. */
export function watchGoingBad(scenario: Scenario, recorder: Recorder, clock: VirtualClock): void {
  const { targets, containers } = goingBadAfterMs(scenario);
  if (targets.every((t) => t === null) && containers.size === 0) return;
  const st = scenario.settings;
  // the timer of each check whose onset is due, cleared once its checks end (a drain, a stop): a run waits for no note that cannot come
  const due = new Map<string, number>();
  const start = (actor: string, ms: number, note: string) => {
    due.set(actor, clock.setTimeout(() => (due.delete(actor), recorder.note({ actor: 'world', from: null, to: 'app stops answering', note })), ms));
  };
  recorder.subscribe(() => {
    const e = recorder.trace.at(-1)!;
    if (e.from === e.to || e.actor === 'world') return;
    const timer = due.get(e.actor);
    if (timer !== undefined && ['draining', 'unused', 'STOPPING', 'STOPPED'].includes(e.to)) return (clock.clearTimeout(timer), void due.delete(e.actor));
    if (e.actor.startsWith('target-') && e.to === 'initial') {
      const i = Number(e.actor.slice('target-'.length));
      const ms = targets[i];
      if (ms == null) return;
      const lb = scenario.loadBalancers[i]!;
      start(
        e.actor,
        ms,
        `the app in container ${lb.containerName} stops answering the load balancer's health checks, ${seconds(ms)} after ${e.actor} was registered (failAfterSeconds): the target turns unhealthy after ${st.unhealthyThresholdCount} failed checks in a row, one every ${st.healthCheckIntervalSeconds} s`,
      );
    } else if (e.actor.startsWith('container-') && e.to === 'RUNNING') {
      const name = e.actor.slice('container-'.length);
      const ms = containers.get(name);
      const hc = scenario.taskDefinition.containerDefinitions.find((c) => c.name === name)?.healthCheck;
      if (ms === undefined || !hc) return;
      start(
        e.actor,
        ms,
        `the app in container ${name} stops answering its own health check, ${seconds(ms)} after it started (failAfterSeconds): UNHEALTHY after ${hc.retries} failed checks in a row (retries), one every ${hc.intervalSeconds} s`,
      );
    }
  });
}
