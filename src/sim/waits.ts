// Why a container has still not started when a run ends: the dependsOn it waits
// for, and why that has not held (yet, or ever). A task left in PENDING with no
// word of why looks like a bug of ours; the agent too waits for ever here.
import type { ContainerState } from '../../machines/status.ts';
import type { Scenario } from './scenario/types.ts';

interface Seen {
  name: string;
  state: ContainerState;
  exitCode: number | null;
  healthStatus: string;
}

/** How to end a container that runs on: the scenario's own ways. */
const HOW_TO_END = 'a RunContainer fault with exitCode 0 and afterSeconds, or a ContainerExit action, would';

/** Why the dependency has not held: in full, and in a few words. */
function why(s: Scenario, d: Seen, condition: string): { full: string; short: string } {
  const def = s.taskDefinition.containerDefinitions.find((c) => c.name === d.name);
  const forEver = def?.startTimeout == null ? `; ${d.name} has no startTimeout, so the agent waits for ever` : '';
  if (d.state === 'RUNNING' || d.state === 'STOPPING') {
    if (condition !== 'HEALTHY') return { full: `${d.name} still runs, and nothing in the scenario ends it (${HOW_TO_END})${forEver}`, short: `${d.name} still runs` };
    return d.healthStatus === 'UNHEALTHY'
      ? { full: `${d.name}'s health checks failed, and the agent waits on${forEver}`, short: `${d.name}'s health checks failed` }
      : { full: `${d.name}'s health checks have not passed yet${forEver}`, short: `${d.name} is not HEALTHY yet` };
  }
  // (a dependency that never ran has made its dependants give up: they do not wait)
  if (d.state === 'STOPPED') return { full: `${d.name} stopped without being HEALTHY: the agent waits for ever, its startTimeout no longer counting`, short: `${d.name} stopped unhealthy` };
  return { full: `${d.name} has not started either`, short: `${d.name} has not started` };
}

/**
 * Each container that has not started because a dependsOn condition does not
 * hold, naming the dependency and why, in a sentence (`line`) and in a few
 * words (`short`); none when nothing waits on a dependency. `containers` as
 * the run left them: a PENDING task with nothing more scheduled (what it says,
 * "nothing in the scenario ends it", holds only then).
 */
export function stillWaiting(s: Scenario, containers: readonly Seen[]): { line: string; short: string }[] {
  const byName = new Map(containers.map((c) => [c.name, c]));
  const out: { line: string; short: string }[] = [];
  for (const def of s.taskDefinition.containerDefinitions) {
    const c = byName.get(def.name);
    if (!c || (c.state !== 'NONE' && c.state !== 'PULLED')) continue;
    for (const dep of def.dependsOn) {
      const d = byName.get(dep.containerName);
      if (!d || holds(d, dep.condition)) continue;
      const w = why(s, d, dep.condition);
      out.push({ line: `${def.name} waits for ${dep.containerName} (${dep.condition}), its dependsOn: ${w.full}.`, short: `${def.name} waits for ${dep.containerName} (${dep.condition}): ${w.short}` });
      break;
    }
  }
  return out;
}

/** As the agent's dependency graph decides it (dependencyHolds in task.rules.ts), on what a run shows. */
function holds(d: Seen, condition: string): boolean {
  const stopped = d.state === 'STOPPED';
  if (condition === 'START') return stopped || d.state === 'RUNNING' || d.state === 'STOPPING';
  if (condition === 'COMPLETE') return stopped && d.exitCode !== null;
  if (condition === 'SUCCESS') return stopped && d.exitCode === 0;
  return d.healthStatus === 'HEALTHY';
}
