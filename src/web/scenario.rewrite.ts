// Rewrites of the scenario JSON that the settings make: which launch a task
// runs on, its network mode and size, and the faults the new setup can no
// longer have. Pure edits of a parsed scenario object (the text area stays the
// one source of truth; scenario.settings.ts applies and reloads).
import { cpuUnits, fittingFargateSize, memoryMiB } from '../sim/scenario/fargate-size.ts';
import { locateTaskDefinition } from '../sim/scenario/task-definition.ts';
import { textHash } from '../sim/ids.ts';
import { TARGET_GROUP_SETTINGS } from '../sim/scenario/load.warnings.ts';

export type Json = Record<string, unknown>;
export const isJson = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
export type Obj = Json & { taskDefinition: Json & { containerDefinitions?: Json[] } };

/** The text as a full scenario object: a bare task definition is wrapped. */
export function asScenarioObject(text: string): Obj {
  const raw = JSON.parse(text) as Json;
  return ('containerDefinitions' in raw ? { taskDefinition: raw } : raw) as Obj;
}

/** The launch a picker choice means: FARGATE_SPOT runs on Fargate. */
export const launchOf = (choice: string) => (choice === 'FARGATE_SPOT' ? 'FARGATE' : choice);

export const containerDefs = (o: Obj) => (o.taskDefinition.containerDefinitions ?? []) as Json[];
export const family = (o: Obj) => String(o.taskDefinition.family ?? 'task');

/**
 * The name of the n-th target group a setting adds, after the family: a
 * family may hold underscores and run to 255 characters, a target group's
 * name only letters, digits and hyphens, 32 at most, no hyphen at either end.
 */
export function targetGroupName(family: string, n: number): string {
  const suffix = `-${n}`;
  const base = family.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 32 - suffix.length).replace(/-+$/, '');
  return `${base || 'tg'}${suffix}`;
}

type Definition = Obj['taskDefinition'];
/** The task definitions a service deploys later (UpdateService), as objects to edit in place. */
export function revisions(o: Obj): Definition[] {
  return (Array.isArray(o.timeline) ? (o.timeline as Json[]) : []).flatMap((a) => {
    const raw = a.action === 'UpdateService' ? (a.taskDefinition as Json | undefined) : undefined;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
    // wherever the loader finds it (describe-task-definition output works there too)
    return [locateTaskDefinition({ taskDefinition: raw }).definition as Definition];
  });
}
/**
 * One definition made runnable on `launch`: its compatibilities list it. A
 * list that does not is replaced by it (switching back and forth must not
 * pile them up); a definition listing FARGATE stays awsvpc, so off Fargate
 * it stops listing it.
 */
function fitCompatibilities(td: Definition, launch: string) {
  const compat = td.requiresCompatibilities;
  if (Array.isArray(compat) && compat.length > 0 && !compat.includes(launch)) td.requiresCompatibilities = [launch];
  if (launch !== 'FARGATE' && Array.isArray(td.requiresCompatibilities)) td.requiresCompatibilities = (td.requiresCompatibilities as string[]).filter((c) => c !== 'FARGATE');
}
/** What a launch change did to the definition's requiresCompatibilities, and why; null when nothing. */
export function compatibilitiesChanged(was: unknown, now: unknown, launch: string): string | null {
  if (!Array.isArray(was) || JSON.stringify(now) === JSON.stringify(was)) return null;
  const why = [
    !was.includes(launch) && 'ECS runs a task only on a launch type its definition lists',
    was.includes('FARGATE') && launch !== 'FARGATE' && 'one that lists FARGATE must stay awsvpc, so off Fargate it lists it no more',
  ].filter(Boolean);
  return `requiresCompatibilities ${JSON.stringify(was)} changed to ${JSON.stringify(now)}: ${why.join('; ')}.`;
}
/** A network mode for one definition: in awsvpc and host mode a hostPort is the containerPort, so one that differs goes. */
export function setNetworkMode(td: Definition, mode: string): string {
  td.networkMode = mode;
  if (mode !== 'awsvpc' && mode !== 'host') return '';
  // awsvpc and host bind the container's own port: a hostPort is that port or left out
  const gone: string[] = [];
  for (const d of (td.containerDefinitions ?? []) as Json[])
    for (const m of Array.isArray(d.portMappings) ? (d.portMappings as Json[]) : [])
      if (m && m.hostPort !== undefined && m.hostPort !== m.containerPort) (gone.push(`${String(d.name)} ${String(m.containerPort)}→${String(m.hostPort)}`), delete m.hostPort);
  if (gone.length === 0) return '';
  return `hostPort removed from ${gone.length === 1 ? 'the port mapping' : 'the port mappings'} ${gone.join(', ')} (container containerPort→hostPort): in ${mode} network mode a container's hostPort is its containerPort, or left out.`;
}
/**
 * networkMode none: containers with no network map no port (RegisterTaskDefinition
 * refuses them), and the task has nothing for a target group to send to or for
 * Cloud Map to register, so those go. What went, in words ('' when nothing).
 */
export function dropNetworkUses(o: Obj): string {
  const mapped = containerDefs(o).filter((d) => Array.isArray(d.portMappings) && d.portMappings.length > 0);
  for (const d of mapped) delete d.portMappings;
  const targets = givenList(o, 'loadBalancers').length;
  const registries = givenList(o, 'serviceRegistries').length;
  if (targets) setFields(o, ['loadBalancers'], {});
  if (registries) setFields(o, ['serviceRegistries'], {});
  const settings = targets ? dropTargetGroupSettings(o) : '';
  const gone = [
    mapped.length > 0 && `the port mappings of ${mapped.map((d) => String(d.name)).join(', ')}`,
    targets > 0 && `the ${targets === 1 ? 'target group' : `${targets} target groups`}`,
    registries > 0 && 'the Cloud Map registry',
  ].filter(Boolean);
  if (gone.length === 0) return '';
  const list = gone.length === 1 ? gone[0] : `${gone.slice(0, -1).join(', ')} and ${gone.at(-1)}`;
  // one target group, or the registry, alone: "was"
  const one = gone.length === 1 && mapped.length === 0 && targets <= 1;
  return [`Network mode none: its containers have no network, so ${list} ${one ? 'was' : 'were'} removed.`, settings].filter(Boolean).join(' ');
}
/** A container's mapped containerPorts (a mapping given as a containerPortRange has none). */
const portsOf = (d: Json | undefined): number[] =>
  (d && Array.isArray(d.portMappings) ? (d.portMappings as { containerPort?: unknown }[]) : []).map((m) => m?.containerPort).filter((p): p is number => typeof p === 'number');

/**
 * The container a load balancer or an SRV record points at, and its port: the
 * first that maps one (or `prefer`, when it does). With none mapped, the first
 * container gets port 80 mapped (ECS refuses a port the container does not map):
 * `mapped` then says so, for the page to tell.
 */
export function mappedPort(o: Obj, prefer?: unknown): { name: string; port: number; mapped: boolean } {
  const defs = containerDefs(o);
  const chosen = defs.find((d) => d.name === prefer && portsOf(d).length > 0) ?? defs.find((d) => portsOf(d).length > 0) ?? defs[0];
  const name = String(chosen?.name ?? 'app');
  const port = portsOf(chosen)[0];
  if (port !== undefined) return { name, port, mapped: false };
  if (chosen) chosen.portMappings = [...(Array.isArray(chosen.portMappings) ? chosen.portMappings : []), { containerPort: 80 }];
  return { name, port: 80, mapped: chosen !== undefined };
}
/**
 * A bridge or host task's Cloud Map registry names the container and port its
 * SRV record points at (CreateService requires them there, and `port` is for
 * awsvpc only): fill in what is missing, keeping a container and port that
 * are right. What changed, in words ('' when nothing).
 */
export const HEX = '0123456789abcdef';
export const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * An id in the shape AWS gives one (a target group's 16 hex digits, a Cloud
 * Map service's srv- and 16 characters), the same for the same `name`: an
 * ARN a tool may check by its shape, written by a setting.
 */
export function awsLikeId(name: string, length: number, alphabet: string): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    let h = textHash(`${round}:${name}`);
    for (let k = 0; k < 6 && out.length < length; k++, h = Math.floor(h / alphabet.length)) out += alphabet[h % alphabet.length];
  }
  return out;
}

export function fitRegistries(o: Obj): string {
  const mode = String(o.taskDefinition.networkMode ?? 'bridge');
  if (mode !== 'bridge' && mode !== 'host') return '';
  const right = (r: Json) => portsOf(containerDefs(o).find((d) => d.name === r.containerName)).includes(r.containerPort as number);
  const changed = givenList(o, 'serviceRegistries').filter((r) => isJson(r) && (!right(r) || r.port !== undefined));
  if (changed.length === 0) return '';
  const said: string[] = [];
  for (const r of changed) {
    delete r.port;
    if (right(r)) continue;
    const { name, port, mapped } = mappedPort(o, r.containerName);
    Object.assign(r, { containerName: name, containerPort: port });
    said.push(`names container ${name} and port ${port}${mapped ? ` (${name} mapped no port, so containerPort ${port} was added to it: change both to the port it listens on)` : ''}`);
  }
  const what = said.length ? `The Cloud Map registry now ${said.join('; ')}` : 'The Cloud Map registry’s port went';
  return `${what}: with networkMode ${mode} CreateService requires a container and the port it maps, and takes no port of its own (its SRV record points at the port the container maps).`;
}
/**
 * Set fields where the scenario gives them: a CreateService-style service
 * may hold its launch, load balancers and registries itself (given in both
 * places they must agree, so the other place loses them).
 */
export function setFields(o: Obj, keys: string[], values: Json) {
  const svc = isJson(o.service) ? o.service : null;
  const holder = svc && keys.some((k) => svc[k] !== undefined) ? svc : o;
  for (const x of [o, ...(svc ? [svc] : [])]) for (const k of keys) delete x[k];
  Object.assign(holder, values);
}
/** RunTask takes a launch type or a capacity provider strategy, not both. */
export const setLaunch = (o: Obj, launch: { launchType: string } | { capacityProviderStrategy: Json[] }) => setFields(o, ['launchType', 'capacityProviderStrategy'], launch);
/** The load balancers (or registries) the scenario gives, wherever it gives them. */
export const givenList = (o: Obj, key: string): Json[] => {
  const v = o[key] ?? (isJson(o.service) ? o.service[key] : undefined);
  return Array.isArray(v) ? (v as Json[]) : [];
};
/**
 * "What if it ran on …" (a launch type, or FARGATE_SPOT): make the definitions
 * compatible rather than show an error. Returns how many Spot notices it took
 * out of the timeline (only Fargate Spot tasks get them).
 */
export function runOn(o: Obj, choice: string): number {
  const launch = launchOf(choice);
  setLaunch(o, choice === 'FARGATE_SPOT' ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] } : { launchType: launch });
  for (const td of [o.taskDefinition, ...revisions(o)]) fitCompatibilities(td, launch);
  if (choice === 'FARGATE_SPOT' || !Array.isArray(o.timeline)) return 0;
  const before = (o.timeline as Json[]).length;
  o.timeline = (o.timeline as Json[]).filter((a) => a.action !== 'SpotInterruption');
  return before - (o.timeline as Json[]).length;
}
/** A Fargate size that holds the containers (their cpu and memory, or memoryReservation, summed), at least the size the definition gives. */
export function fargateSizeOf(td: Definition): { cpu: string; memory: string } {
  const sum = (f: (d: Json) => unknown) => ((td.containerDefinitions ?? []) as Json[]).reduce((n, d) => n + (Number(f(d)) || 0), 0);
  const given = (v: unknown, read: (x: string) => number | null) => (v == null ? 0 : (read(String(v)) ?? 0));
  return fittingFargateSize(Math.max(given(td.cpu, cpuUnits), sum((d) => d.cpu)), Math.max(given(td.memory, memoryMiB), sum((d) => d.memory ?? d.memoryReservation)));
}
/**
 * Faults the new setup cannot have: ENI faults need awsvpc, a capacity wait
 * an EC2 capacity provider (or, in a service, Fargate Spot), registration
 * faults something to register with, failing load balancer health checks a
 * load balancer. Returns the steps of the faults it removed.
 */
export function dropImpossibleFaults(o: Obj): string[] {
  return dropImpossible(o).map((g) => g.step);
}
/** dropImpossibleFaults, each fault removed with why. */
function dropImpossible(o: Obj): { step: string; reason: string }[] {
  if (!Array.isArray(o.faults)) return [];
  const awsvpc = o.taskDefinition.networkMode === 'awsvpc';
  // at the top or in a CreateService-style service
  const svc: Json = isJson(o.service) ? o.service : {};
  const given = (key: string) => (o[key] ?? svc[key]) as unknown;
  const strategy = given('capacityProviderStrategy');
  const ec2Provider = Array.isArray(strategy) && strategy.length > 0 && (strategy as Json[]).every((p) => !String(p.capacityProvider).startsWith('FARGATE'));
  // in a service, Fargate Spot can run out too
  const spotStrategy =
    isJson(o.service) && Array.isArray(strategy) && (strategy as Json[]).some((p) => p.capacityProvider === 'FARGATE_SPOT' && (Number(p.weight) > 0 || Number(p.base) > 0));
  const count = (key: string) => (Array.isArray(given(key)) ? (given(key) as unknown[]).length : 0);
  const targetGroups = count('loadBalancers');
  const registries = count('serviceRegistries');
  // a health check fault given by image fails the containers' own checks too: it stays while one running it has a healthCheck
  const ownCheck = (image: unknown) => [o.taskDefinition, ...revisions(o)].some((td) => ((td.containerDefinitions ?? []) as Json[]).some((c) => c.image === image && c.healthCheck != null));
  /** why the fault cannot happen now, or null */
  const why = (f: Json): string | null => {
    if ((f.step === 'AttachEni' || f.step === 'ReleaseEni') && !awsvpc) return NO_PLACE.AttachEni!;
    if (f.step === 'PlaceTask' && !ec2Provider && !spotStrategy) return NO_PLACE.PlaceTask!;
    if (f.step === 'RegisterTargets' && targetGroups === 0) return 'there is no target group left to register with';
    if (f.step === 'RegisterTargets' && typeof f.targetGroup === 'number' && f.targetGroup >= targetGroups) return `the target group it names (targetGroup ${f.targetGroup}) is gone`;
    if (f.step === 'RegisterInstance' && registries === 0) return NO_PLACE.RegisterInstance!;
    if (f.step === 'HealthCheck' && f.container == null && targetGroups === 0 && !(f.image != null && ownCheck(f.image))) return NO_PLACE.HealthCheck!;
    return null;
  };
  const gone = (o.faults as Json[]).flatMap((f) => {
    const reason = why(f);
    return reason ? [{ step: String(f.step), reason }] : [];
  });
  o.faults = (o.faults as Json[]).filter((f) => why(f) === null);
  return gone;
}
/** Why a fault of a step dropImpossibleFaults removes has no place in the new setup. */
const NO_PLACE: Record<string, string> = {
  AttachEni: 'only an awsvpc task has a network interface of its own',
  PlaceTask: 'only an EC2 capacity provider, or a service on Fargate Spot, waits for room',
  RegisterInstance: 'there is no Cloud Map registry to register with',
  HealthCheck: 'with no target group, no load balancer checks the task (a container healthCheck fault names its container)',
};
/**
 * dropImpossibleFaults, said: "RegisterTargets fault removed: there is no
 * target group left to register with." A fault box that unticks itself
 * unexplained reads as a slip of the page; '' when none went.
 */
export function dropImpossibleFaultsSaid(o: Obj): string {
  const said = new Set(dropImpossible(o).map((g) => `${g.step} fault removed: ${g.reason}.`));
  return [...said].join(' ');
}
/**
 * Once the page has taken the last target group away, the settings that only a
 * target group uses go with it (left, the loader notes that they change
 * nothing, and their control is disabled: only the JSON could remove them).
 * What went, in words ('' when nothing).
 */
export function dropTargetGroupSettings(o: Obj): string {
  const settings = o.settings;
  if (givenList(o, 'loadBalancers').length > 0 || !isJson(settings)) return '';
  const gone = TARGET_GROUP_SETTINGS.filter((k) => k in settings);
  for (const k of gone) delete settings[k];
  if (gone.length === 0) return '';
  return `${gone.map((k) => `settings.${k}`).join(' and ')} removed with the target groups: ${gone.length === 1 ? 'it is a setting' : 'they are settings'} of a target group.`;
}
/**
 * Put the scenario on the picker's `choice` (a launch type, or FARGATE_SPOT),
 * adjusting the rest rather than showing an error: Fargate only runs awsvpc
 * tasks of a Fargate size and never waits for capacity; ECS Anywhere never runs
 * awsvpc and takes no load balancer or Cloud Map. Returns, in words, every field
 * changed besides the launch (switching back restores none of it). `mixed`: the
 * multi-provider strategy it replaces, described.
 */
export function switchLaunch(o: Obj, choice: string, mixed: string | null): string[] {
  const launch = launchOf(choice);
  const compatWas = o.taskDefinition.requiresCompatibilities;
  const spotNotices = runOn(o, choice);
  const compatNow = o.taskDefinition.requiresCompatibilities;
  const removed: string[] = [];
  const modeWas = o.taskDefinition.networkMode ?? 'bridge';
  let sized = false;
  let hostPorts = '';
  for (const td of [o.taskDefinition, ...revisions(o)]) {
    if (launch === 'FARGATE') {
      // (the task definition's own are said: a later revision's follow the same rule)
      const gone = setNetworkMode(td, 'awsvpc');
      if (td === o.taskDefinition) hostPorts = gone;
      if (td.cpu == null || td.memory == null) (Object.assign(td, fargateSizeOf(td)), (sized = true));
    }
    if (launch === 'EXTERNAL' && td.networkMode === 'awsvpc') setNetworkMode(td, 'bridge');
  }
  // a definition without networkMode runs bridge on EC2 and ECS Anywhere
  const modeNow = o.taskDefinition.networkMode ?? 'bridge';
  if (mixed) removed.push(`capacityProviderStrategy (${mixed}) replaced: every task now runs on ${choice}.`);
  const compat = compatibilitiesChanged(compatWas, compatNow, launch);
  if (compat) removed.push(compat);
  if (modeNow !== modeWas) removed.push(`networkMode ${modeWas} changed to ${modeNow}: ${modeNow === 'awsvpc' ? 'Fargate runs only awsvpc tasks' : 'ECS Anywhere does not run awsvpc'}.`);
  if (hostPorts) removed.push(hostPorts);
  if (sized) removed.push(`cpu and memory set to ${o.taskDefinition.cpu} and ${o.taskDefinition.memory}: a Fargate task needs a size.`);
  // container instances are EC2's
  if (spotNotices) removed.push(`SpotInterruption removed from the timeline: only Fargate Spot tasks get one.`);
  if (launch !== 'EC2' && o.containerInstances !== undefined) {
    delete o.containerInstances;
    removed.push(`containerInstances removed: ${launch === 'FARGATE' ? 'Fargate gives each task capacity of its own' : 'they are EC2 instances'}.`);
  }
  // ECS Anywhere takes no load balancer targets and registers nothing in Cloud Map
  if (launch === 'EXTERNAL') {
    const holders = [o, ...(isJson(o.service) ? [o.service] : [])];
    const had = (key: string) => holders.some((x) => Array.isArray(x[key]) && (x[key] as Json[]).length > 0);
    const gone = ['loadBalancers', 'serviceRegistries'].filter(had);
    for (const x of holders) for (const key of gone) delete x[key];
    if (gone.length) removed.push(`${gone.join(' and ')} removed: ECS Anywhere (EXTERNAL) supports neither load balancers nor Cloud Map.`);
    const settings = dropTargetGroupSettings(o);
    if (settings) removed.push(settings);
  }
  const faults = dropImpossibleFaults(o);
  if (faults.length) removed.push(`${[...new Set(faults)].join(' and ')} fault removed: it cannot happen on ${choice}.`);
  return removed;
}
