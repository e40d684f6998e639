// What a person did to a run on the page (Stop task, Exit container, Spot
// interruption, a desired count, a deploy, a crash), written into the
// scenario's timeline for Save JSON and Copy link: the file then replays what
// was seen, on the command line or in another browser. A timeline action fires
// after everything else due at its moment (VirtualClock.setTimeoutLast), as a
// click on the page paused there does, so a click at the very moment a
// container started replays after that start, not before it.
import { parseScenario } from '../sim/scenario/load.ts';
import type { Action, ConfigurationChange, Fault } from '../sim/scenario/types.ts';
import { locateTaskDefinition } from '../sim/scenario/task-definition.ts';
import { asScenarioObject, isJson, type Json } from './scenario.rewrite.ts';
import { formatSeconds } from './time.ts';
import { stopTaskLabel } from './action.label.ts';
import { msOfSeconds } from '../sim/clock.ts';

export interface PageAction {
  action: Action;
  /** a broken deploy's image fault, added with it */
  fault?: Fault;
  /**
   * a deploy from the page: the revision it copies (family:revision) and the
   * image it swaps in, if broken. The file gets that revision's definition as
   * the file wrote it, not the loader's reading of it (which drops what the
   * simulator does not model, and a file must keep).
   */
  deployed?: {
    from: string;
    /** the revision copied came from this entry of the loaded timeline (sorted by `at`), or -1 */
    timelineIndex: number;
    image: { container: string; image: string } | null;
  };
}

/** The file's own words for each revision a deploy may copy: the scenario's definition, then each deploy's. */
type Registered = Map<string, Json>;

/**
 * A deploy's definition as the file writes it: the one it copies, its image
 * swapped if broken, without a revision (the loader numbers it as ECS
 * registers it: next in its family, in the order of the timeline). Null when
 * the file has no words for the revision it copies (one the timeline deploys).
 */
function deployedDefinition(p: PageAction, registered: Registered, timeline: readonly Json[]): Json | null {
  const given = p.deployed && p.deployed.timelineIndex >= 0 ? timeline[p.deployed.timelineIndex]?.taskDefinition : undefined;
  // wherever the loader finds it in that entry (describe-task-definition output works there too)
  const fromTimeline = isJson(given) ? (locateTaskDefinition({ taskDefinition: given }).definition as Json) : undefined;
  const base = fromTimeline ?? (p.deployed ? registered.get(p.deployed.from) : undefined);
  if (!base || p.action.action !== 'UpdateService' || !p.action.taskDefinition) return null;
  const { revision: _revision, taskDefinitionArn: _arn, ...copy } = base;
  const swap = p.deployed!.image;
  const definitions = Array.isArray(copy.containerDefinitions) ? (copy.containerDefinitions as Json[]) : [];
  copy.containerDefinitions = definitions.map((c) => (swap && c.name === swap.container ? { ...c, image: swap.image } : c));
  const td = p.action.taskDefinition;
  registered.set(`${td.family}:${td.revision}`, copy);
  return copy;
}

/** An action as a scenario file writes it: only the fields that say something. */
function asTimelineEntry(a: Action, definition: Json | null): Json {
  // to the millisecond, as the loader reads it back (msOfSeconds): no float noise in the file
  const at = msOfSeconds(a.at) / 1000;
  const task = 'task' in a && typeof a.task === 'number' ? { task: a.task } : {};
  switch (a.action) {
    case 'StopTask':
      return { at, action: a.action, ...(a.reason ? { reason: a.reason } : {}), ...task };
    case 'ContainerExit':
      return { at, action: a.action, container: a.container, exitCode: a.exitCode, ...task };
    case 'SpotInterruption':
      return { at, action: a.action, ...task };
    case 'HealthChecksFail':
      return { at, action: a.action, container: a.container, ...task };
    case 'UpdateService':
      return {
        at,
        action: a.action,
        ...(a.desiredCount !== null ? { desiredCount: a.desiredCount } : {}),
        ...(definition ? { taskDefinition: definition } : {}),
        ...(a.forceNewDeployment ? { forceNewDeployment: true } : {}),
        ...(a.deploymentConfiguration ? { deploymentConfiguration: limitsGiven(a.deploymentConfiguration) } : {}),
      };
  }
}

/** The limits an UpdateService gives (what it leaves null is kept as it was). */
const limitsGiven = (c: ConfigurationChange): Json => ({
  ...(c.minimumHealthyPercent !== null ? { minimumHealthyPercent: c.minimumHealthyPercent } : {}),
  ...(c.maximumPercent !== null ? { maximumPercent: c.maximumPercent } : {}),
  ...(c.deploymentCircuitBreaker !== null ? { deploymentCircuitBreaker: c.deploymentCircuitBreaker as unknown as Json } : {}),
});

/** How the notice names an action: what its button says, and when. */
export function pageActionLabel({ action: a, fault }: PageAction): string {
  const when = ` at ${formatSeconds(a.at * 1000, true)}`;
  switch (a.action) {
    case 'StopTask':
      return `${stopTaskLabel(a.reason)}${when}`;
    case 'ContainerExit':
      return `${typeof a.task === 'number' ? `Crash a task (task ${a.task})` : `Exit container ${a.container} (code ${a.exitCode})`}${when}`;
    case 'SpotInterruption':
      return `Spot interruption${when}`;
    case 'HealthChecksFail':
      return `Fail health checks of ${a.container}${typeof a.task === 'number' ? ` (task ${a.task})` : ''}${when}`;
    case 'UpdateService':
      if (a.desiredCount !== null) return `Desired count ${a.desiredCount}${when}`;
      if (a.deploymentConfiguration) return `Deployment limits ${a.deploymentConfiguration.minimumHealthyPercent ?? '–'}/${a.deploymentConfiguration.maximumPercent ?? '–'}${when}`;
      if (a.taskDefinition) return `Deploy new revision ${a.taskDefinition.family}:${a.taskDefinition.revision}${fault ? ' (broken image)' : ''}${when}`;
      return `Force new deployment${when}`;
  }
}

/** The actions' labels, the first three and how many more past four: a long session's clicks in one sentence. */
export function pageActionLabels(performed: readonly PageAction[]): string[] {
  const labels = performed.map(pageActionLabel);
  return labels.length > 4 ? [...labels.slice(0, 3), `${labels.length - 3} more`] : labels;
}

export interface WithPageActions {
  text: string;
  /** the actions written into it */
  added: PageAction[];
  /** those it cannot hold, and why */
  left: PageAction[];
  why: string | null;
}

/**
 * The scenario text with the page's actions appended to its timeline (the
 * loader sorts it by `at`, stably: an action of the file at the same moment
 * came first on the page too) and their faults to its faults. A bare task
 * definition becomes a scenario around it. The text as it was when there is
 * nothing to add. The text must be a scenario that loads.
 */
export function withPageActions(text: string, performed: readonly PageAction[]): WithPageActions {
  if (performed.length === 0) return { text, added: [], left: [], why: null };
  const { family, revision } = parseScenario(text).taskDefinition;
  const initial = `${family}:${revision}`;
  const o = asScenarioObject(text) as Json;
  const registered: Registered = new Map([[initial, o.taskDefinition as Json]]);
  // in the order the loader reads them (by `at`, stably), as timelineIndex counts
  const given = (Array.isArray(o.timeline) ? (o.timeline as Json[]) : []).map((a, i) => ({ a, i })).sort((x, y) => Number(x.a.at) - Number(y.a.at) || x.i - y.i).map(({ a }) => a);
  const added: PageAction[] = [];
  const left: PageAction[] = [];
  const entries: Json[] = [];
  for (const p of performed) {
    const definition = p.deployed ? deployedDefinition(p, registered, given) : null;
    // a deploy without its definition would deploy something else: left out, and said
    if (p.deployed && !definition) left.push(p);
    else added.push(p), entries.push(asTimelineEntry(p.action, definition));
  }
  const lacking = left.length ? 'a copy of a revision the file has no words for' : null;
  if (added.length === 0) return { text, added, left, why: lacking };
  o.timeline = [...(Array.isArray(o.timeline) ? o.timeline : []), ...entries];
  const faults = added.flatMap((p) => (p.fault ? [p.fault] : []));
  if (faults.length) o.faults = [...(Array.isArray(o.faults) ? o.faults : []), ...faults];
  const result = `${JSON.stringify(o, null, 2)}\n`;
  // what is written must run: else the file is the scenario as typed, and says why
  try {
    parseScenario(result);
  } catch (err) {
    return { text, added: [], left: [...performed], why: `with them the scenario would not load (${err instanceof Error ? err.message : String(err)})` };
  }
  return { text: result, added, left, why: lacking };
}
