// The moment an app that goes bad (a HealthCheck fault with failAfterSeconds)
// stops answering: nothing of the task changes then, only its checks begin to
// fail, and the verdict comes a few checks later. Said in the trace so that a
// person sees why a target turns unhealthy a minute after the moment, not at it
// (a service's task says it in its side steps' log: world-task.ts).
import type { TaskInput } from '../../machines/task.types.ts';
import type { Scenario } from './scenario/types.ts';
import type { VirtualClock } from './clock.ts';
import type { Recorder } from './recorder.ts';

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

/** The moment's words, for the checks of `actor` (target-0, container-web), `ms` after they began. */
export function stopsAnsweringNote(scenario: Scenario, actor: string, ms: number): string {
  if (actor.startsWith('target-')) {
    const st = scenario.settings;
    const lb = scenario.loadBalancers[Number(actor.slice('target-'.length))];
    return `the app in container ${lb?.containerName} stops answering the load balancer's health checks, ${seconds(ms)} after ${actor} was registered (failAfterSeconds): the target turns unhealthy after ${st.unhealthyThresholdCount} failed checks in a row, one every ${st.healthCheckIntervalSeconds} s`;
  }
  const name = actor.slice('container-'.length);
  const hc = scenario.taskDefinition.containerDefinitions.find((c) => c.name === name)?.healthCheck;
  return `the app in container ${name} stops answering its own health check, ${seconds(ms)} after it started (failAfterSeconds): UNHEALTHY after ${hc?.retries} failed checks in a row (retries), one every ${hc?.intervalSeconds} s`;
}

/**
 * Watch the trace: once the checks of a target (registered) or a container
 * (started) begin, note when its app stops answering. Returns what forgets an
 * actor's moment: a HealthChecksFail stopped its app first.
 */
export function watchGoingBad(scenario: Scenario, input: TaskInput, recorder: Recorder, clock: VirtualClock): (actor: string) => void {
  const after = new Map<string, number>();
  input.targets.forEach((t) => t.stopsAnsweringAfterMs !== null && after.set(`target-${t.index}`, t.stopsAnsweringAfterMs));
  input.containers.forEach((c) => c.stopsAnsweringAfterMs !== null && after.set(`container-${c.name}`, c.stopsAnsweringAfterMs));
  if (after.size === 0) return () => {};
  // the timer of each check whose moment is due, cleared once its checks end (a drain, a stop): nothing is said of checks that ended
  const due = new Map<string, number>();
  // each watched side step's status now: the moment is said on its lane, its status unchanged (as a container's health verdict is)
  const now = new Map<string, string>();
  recorder.subscribe(() => {
    const e = recorder.trace.at(-1)!;
    const ms = after.get(e.actor);
    if (ms === undefined || e.from === e.to) return;
    now.set(e.actor, e.to);
    const timer = due.get(e.actor);
    if (timer !== undefined && ['draining', 'unused', 'STOPPING', 'STOPPED'].includes(e.to)) return (clock.clearTimeout(timer), void due.delete(e.actor));
    // the checks begin: a target's at its registration, a container's at its start
    if (e.to !== 'initial' && e.to !== 'RUNNING') return;
    const note = stopsAnsweringNote(scenario, e.actor, ms);
    const say = () => {
      due.delete(e.actor);
      const status = now.get(e.actor)!;
      recorder.note({ actor: e.actor, from: status, to: status, note });
    };
    due.set(e.actor, clock.setTimeout(say, ms));
  });
  return (actor) => {
    after.delete(actor);
    const timer = due.get(actor);
    if (timer !== undefined) clock.clearTimeout(timer), due.delete(actor);
  };
}
