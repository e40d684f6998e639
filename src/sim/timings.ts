// How long each side step takes and whether it fails: AWS's documented
// defaults where there are some (deregistration delay, stopTimeout, health
// check interval × threshold), realistic draws from the seeded source for the
// rest. Draws happen in a fixed order whatever the faults, so adding a fault
// does not shift every other timing of the run.
import { mixSeed, type Random } from './random.ts';
import type { Fault, LaunchType, Scenario } from './scenario/types.ts';
import type { ContainerInput, TaskInput, TaskShape } from '../../machines/task.types.ts';
import { placementOutcome } from '../../machines/capacity.machine.ts';
import { capacityWait } from './scenario/capacity.ts';
import { retrievedBeforePulls, secretsErrorOf, SECRETS_FAIL_MS } from './secrets.ts';
import { containerVerdicts, targetVerdicts, type Answering, type PassAfter } from './health-verdicts.ts';

const S = 1000;

/** Time the agent waits for an ENI attachment before failing the task (AGENT-1520: minutes). Inferred. */
export const ENI_ATTACH_TIMEOUT_MS = 180 * S;
export const DEFAULT_STOP_TIMEOUT_S = 30;
/** How long a task waits in PROVISIONING for capacity before ECS gives up: "between 10 and 30 minutes" (cluster auto scaling deep dive). */
export const CAPACITY_WAIT_MS = { min: 600 * S, max: 1800 * S } as const;
/** From connectivityAt to pullStartedAt on Fargate, as real events show it (see fargateAgentStartMs). */
export const FARGATE_AGENT_START_MS = { min: 8 * S, max: 16 * S } as const;
/**
 * On an instance, from PENDING to the first pull: the agent learns of the task
 * from ECS (its websocket) and begins. Not 0 (an EC2 task's pullStartedAt was
 * its createdAt, as no agent makes it); AWS's EC2 sample goes from createdAt
 * to startedAt in 1.1 s in all. Our model.
 */
export const AGENT_RECEIVE_MS = { min: 100, max: 600 } as const;
/** How long an image pull takes (realistic draws: our model). */
export const PULL_MS = { fargate: { min: 5 * S, max: 25 * S }, ec2: { min: 2 * S, max: 20 * S } } as const;
/** Fargate Spot: "a two-minute warning" before the capacity is reclaimed (DG-FSPOT). */
export const SPOT_RECLAIM_MS = 120 * S;

// Tasks of one revision share their shape (and so their statechart): same
// task definition, load balancer and registry arrays, and the same wait for
// capacity (a copy of the scenario with other faults or another launch type
// may ask first), same shape object.
const shapes = new WeakMap<Scenario['taskDefinition'], { from: Scenario; shape: TaskShape }>();

export function taskShape(s: Scenario): TaskShape {
  const hit = shapes.get(s.taskDefinition);
  if (hit && hit.from.loadBalancers === s.loadBalancers && hit.from.serviceRegistries === s.serviceRegistries && hit.shape.capacity === (capacityWait(s) !== null))
    return hit.shape;
  const shape = computeShape(s);
  shapes.set(s.taskDefinition, { from: s, shape });
  return shape;
}

function computeShape(s: Scenario): TaskShape {
  return {
    capacity: capacityWait(s) !== null,
    eni: s.taskDefinition.networkMode === 'awsvpc',
    targets: s.loadBalancers.length,
    registry: s.serviceRegistries.length > 0,
    containers: s.taskDefinition.containerDefinitions.map((c) => ({
      name: c.name,
      essential: c.essential,
      dependsOn: c.dependsOn,
      hasHealthCheck: c.healthCheck !== null,
      hasStartTimeout: c.startTimeout !== null,
    })),
  };
}

/**
 * The reason a failed pull gives, in the words of what pulls: Fargate
 * (platform 1.4, containerd) retries and resolves refs; on EC2 and ECS
 * Anywhere the agent passes on the Docker daemon's answer.
 */
export function pullErrorFor(image: string, launchType: LaunchType): string {
  const ref = imageReference(image);
  if (launchType === 'FARGATE') return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${ref.full}: ${ref.full}: not found`;
  return `CannotPullContainerError: Error response from daemon: manifest for ${ref.familiar} not found: manifest unknown: manifest unknown`;
}

/**
 * An image name as the puller reports it. Docker says `nginx:latest` (the tag
 * added when none is given); containerd, which pulls on Fargate, resolves
 * Docker Hub's short names in full: `docker.io/library/nginx:latest`.
 */
export function imageReference(image: string): { familiar: string; full: string } {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  // a registry host has a dot or a port, or is localhost; anything else is Docker Hub
  const hub = first === '' || !(first.includes('.') || first.includes(':') || first === 'localhost');
  const last = image.slice(image.lastIndexOf('/') + 1);
  const tagged = image.includes('@') || last.includes(':') ? image : `${image}:latest`;
  const hubPath = hub ? tagged : first === 'docker.io' || first === 'index.docker.io' ? tagged.slice(slash + 1) : null;
  const full = hubPath === null ? tagged : hubPath.includes('/') ? `docker.io/${hubPath}` : `docker.io/library/${hubPath}`;
  // Docker names Hub images in their short form: docker.io/library/nginx is nginx
  return { familiar: full.replace(/^docker\.io\/(library\/)?/, ''), full };
}

/**
 * When the deleted IAM role or its permissions come back (the ReleaseEni fault ends), in ms
 * from the start of the run, for every task of it; null: no such fault, or never.
 */
export function releaseRestoredAtMs(s: Scenario): number | null {
  const f = s.faults.find((x) => x.step === 'ReleaseEni');
  return f?.step === 'ReleaseEni' && f.restoredAfterSeconds !== null ? f.restoredAfterSeconds * S : null;
}

/** A task created once ECS has its role back releases its interface as usual. */
function releaseBlocked(s: Scenario, createdAtMs: number): boolean {
  const restoredAt = releaseRestoredAtMs(s);
  return s.faults.some((f) => f.step === 'ReleaseEni') && (restoredAt === null || restoredAt > createdAtMs);
}

const imageOf = (s: Scenario, container: string) => s.taskDefinition.containerDefinitions.find((c) => c.name === container)?.image;

/** The scenario has a fault at `step` (that `match` accepts: it sees that step's own fields, typed). */
function hasFault<K extends Fault['step']>(s: Scenario, step: K, match?: (f: Extract<Fault, { step: K }>) => boolean): boolean {
  return s.faults.some((f) => f.step === step && (match === undefined || match(f as Extract<Fault, { step: K }>)));
}

/**
 * How the HealthCheck faults that `match` leave the checks: undefined when
 * none does (they pass from the start), null when one never lets them pass,
 * else the longest slow start (ms).
 */
function healthPassAfter(s: Scenario, match: (f: Extract<Fault, { step: 'HealthCheck' }>) => boolean): PassAfter {
  let out: PassAfter = undefined;
  for (const f of s.faults) {
    // an app that goes bad answers at first: its checks are healthFailAfter's
    if (f.step !== 'HealthCheck' || !match(f) || f.failAfterSeconds != null) continue;
    if (f.passAfterSeconds === null) return null;
    out = Math.max(out ?? 0, f.passAfterSeconds * S);
  }
  return out;
}

/**
 * When the app stops answering the checks that `match` (ms after it starts):
 * the earliest failAfterSeconds of those HealthCheck faults, null when none
 * gives one. Only read when no fault on them is a slow start or never passes
 * (consistency.faults.ts refuses a slow start and a failure on the same checks).
 */
function healthFailAfter(s: Scenario, match: (f: Extract<Fault, { step: 'HealthCheck' }>) => boolean): number | null {
  const at = s.faults.flatMap((f) => (f.step === 'HealthCheck' && f.failAfterSeconds != null && match(f) ? [f.failAfterSeconds * S] : []));
  return at.length > 0 ? Math.min(...at) : null;
}

/** The HealthCheck faults on the load balancer's checks of a target on `containerName`: all of them, or those on the image it runs. */
const lbChecks = (s: Scenario, containerName: string) => (f: Extract<Fault, { step: 'HealthCheck' }>) =>
  f.container === null && (f.image == null || f.image === imageOf(s, containerName));

/** The HealthCheck faults on a container's own healthCheck: by its name, or by the image it runs. */
const ownChecksOf = (c: Scenario['taskDefinition']['containerDefinitions'][number]) => (f: Extract<Fault, { step: 'HealthCheck' }>) =>
  f.container === c.name || (f.image != null && f.image === c.image && c.healthCheck !== null);

/**
 * When the app stops answering the checks a HealthCheck fault with failAfterSeconds breaks, in ms
 * after they began: each target's (from its registration), each container's own (from its start);
 * null, or left out, where it never does (a slow start or checks that never pass act instead).
 */
function goingBadAfterMs(s: Scenario): { targets: (number | null)[]; containers: Map<string, number> } {
  const at = (match: (f: Extract<Fault, { step: 'HealthCheck' }>) => boolean) => (healthPassAfter(s, match) === undefined ? healthFailAfter(s, match) : null);
  const containers = new Map<string, number>();
  for (const c of s.taskDefinition.containerDefinitions) {
    const ms = c.healthCheck ? at(ownChecksOf(c)) : null;
    if (ms !== null) containers.set(c.name, ms);
  }
  return { targets: s.loadBalancers.map((lb) => at(lbChecks(s, lb.containerName))), containers };
}

/**
 * When each target's app and each container's app (with a healthCheck)
 * answers its checks, as the HealthCheck faults say: what a HealthChecksFail
 * action cuts short. A slow start or checks that never pass leave no room for
 * a failAfterSeconds (consistency.faults.ts), as goingBadAfterMs reads them.
 */
export function answeringOf(s: Scenario): { targets: Answering[]; containers: Map<string, Answering> } {
  const of = (match: (f: Extract<Fault, { step: 'HealthCheck' }>) => boolean): Answering => {
    const passAfter = healthPassAfter(s, match);
    return { passAfter, failAfterMs: passAfter === undefined ? healthFailAfter(s, match) : null };
  };
  const containers = new Map<string, Answering>();
  for (const c of s.taskDefinition.containerDefinitions) if (c.healthCheck) containers.set(c.name, of(ownChecksOf(c)));
  return { targets: s.loadBalancers.map((lb) => of(lbChecks(s, lb.containerName))), containers };
}

/** A target's health verdicts. A slow start, or an app going bad, counts from its registration, which follows the last container's start, within seconds unless a container waits on another (our simplification). */
function targetHealth(st: Scenario['settings'], passAfter: PassAfter, failAfterMs: number | null) {
  const interval = st.healthCheckIntervalSeconds * S;
  const v = targetVerdicts(interval, st.healthyThresholdCount, st.unhealthyThresholdCount, passAfter, failAfterMs);
  return {
    healthyAfterMs: v.fails ? st.healthyThresholdCount * interval : v.firstMs,
    // the threshold's failures, later when the app answered some checks first
    unhealthyAfterMs: v.fails ? v.firstMs : st.unhealthyThresholdCount * interval,
    failHealthChecks: v.fails,
    recoversAfterMs: v.recoversAfterMs,
    failsAfterMs: v.failsAfterMs,
  };
}

/** `createdAtMs`: when the task is created in the run (a service starts tasks all along). */
export function taskInput(s: Scenario, r: Random, createdAtMs = 0): TaskInput {
  const shape = taskShape(s);
  const fargate = s.launchType === 'FARGATE';
  const st = s.settings;

  const eniDraw = { createMs: r.between(500, 1500), attachMs: r.between(4 * S, 12 * S), detachMs: r.between(2 * S, 6 * S), deleteMs: r.between(500, 2000) };
  const eni = shape.eni ? { ...eniDraw, attachTimeoutMs: ENI_ATTACH_TIMEOUT_MS, failAttach: hasFault(s, 'AttachEni'), releaseBlocked: releaseBlocked(s, createdAtMs) } : null;

  const goingBad = goingBadAfterMs(s);
  const targets = s.loadBalancers.map((lb, index) => ({
    index,
    targetGroupArn: lb.targetGroupArn,
    registerMs: r.between(200, 800),
    // the load balancer's checks: all of them, or those of a target whose container runs the image
    ...targetHealth(st, healthPassAfter(s, lbChecks(s, lb.containerName)), healthFailAfter(s, lbChecks(s, lb.containerName))),
    stopsAnsweringAfterMs: goingBad.targets[index] ?? null,
    deregistrationDelayMs: st.deregistrationDelaySeconds * S,
    failRegister: hasFault(s, 'RegisterTargets', (f) => f.targetGroup === null || f.targetGroup === index),
  }));

  const registryDraw = { registerMs: r.between(500, 2000), deregisterMs: r.between(500, 2000) };
  const registry = shape.registry ? { ...registryDraw, failRegister: hasFault(s, 'RegisterInstance') } : null;

  const containers = s.taskDefinition.containerDefinitions.map((c): ContainerInput => {
    const draw = {
      pullMs: fargate ? r.between(PULL_MS.fargate.min, PULL_MS.fargate.max) : r.between(PULL_MS.ec2.min, PULL_MS.ec2.max),
      // drawn, not used (creating the container is part of startMs): kept so the draws after it, and every seeded run, stay where they were
      createMs: r.between(200, 800),
      startMs: r.between(300, 1500),
      sigtermExitMs: r.between(200, 2000),
      healthJitterMs: r.between(0, 1000),
    };
    const ownChecks = ownChecksOf(c);
    const passAfter = healthPassAfter(s, ownChecks);
    const stop = s.faults.find((f): f is Extract<Fault, { step: 'StopContainer' }> => f.step === 'StopContainer' && f.container === c.name);
    const crash = s.faults.find((f): f is Extract<Fault, { step: 'RunContainer' }> => f.step === 'RunContainer' && (f.container === c.name || f.image === c.image));
    const hc = c.healthCheck;
    // Docker runs a check every interval from the start, the first one interval after it.
    const health = hc ? containerVerdicts(hc.intervalSeconds * S, hc.retries, hc.startPeriodSeconds * S, passAfter, healthFailAfter(s, ownChecks)) : null;
    return {
      name: c.name,
      image: c.image,
      pullMs: draw.pullMs,
      startMs: draw.startMs,
      pullError: hasFault(s, 'PullImage', (f) => f.container === c.name || f.image === c.image) ? pullErrorFor(c.image, s.launchType) : null,
      sigtermExitMs: draw.sigtermExitMs,
      ignoreSigterm: stop !== undefined && stop.exitCode === null,
      sigtermExitCode: stop?.exitCode ?? 0,
      stopTimeoutMs: (c.stopTimeout ?? DEFAULT_STOP_TIMEOUT_S) * S,
      healthCheckMs: health ? health.firstMs + draw.healthJitterMs : null,
      failHealthChecks: health?.fails ?? false,
      healthRecoversAfterMs: health?.recoversAfterMs ?? null,
      healthFailsAfterMs: health?.failsAfterMs ?? null,
      stopsAnsweringAfterMs: goingBad.containers.get(c.name) ?? null,
      healthJitterMs: draw.healthJitterMs,
      startTimeoutMs: c.startTimeout === null ? null : c.startTimeout * S,
      exitsAfterMs: crash ? crash.afterSeconds * S : null,
      exitsWith: crash?.exitCode ?? 0,
    };
  });

  const pulls = sharedImagePulls(s.taskDefinition.containerDefinitions, containers);

  // Drawn last, and only when waiting: every other timing stays what it was without the fault.
  const placeTask = capacityWait(s);
  // The room arrives for the cluster at capacityAfterSeconds into the run: a
  // task created later is placed at once (our model of the scale-out).
  const roomAt = placeTask?.capacityAfterSeconds == null ? null : placeTask.capacityAfterSeconds * S;
  const capacity = placeTask
    ? { availableAfterMs: roomAt === null ? null : Math.max(0, roomAt - createdAtMs), timeoutMs: r.between(CAPACITY_WAIT_MS.min, CAPACITY_WAIT_MS.max) }
    : null;
  // The ENI is created for the instance the task was placed on: not before it exists.
  const placed = capacity ? placementOutcome(capacity) : null;
  const eniAfterPlacement = eni && placed ? { ...eni, createMs: placed.placed ? placed.ms + eni.createMs : null } : eni;

  return {
    shape, capacity, eni: eniAfterPlacement, targets, registry, containers: pulls, spotReclaimMs: SPOT_RECLAIM_MS, spotStopCode: s.settings.spotStopCode ?? 'SpotInterruption',
    pullDelayMs: fargate ? fargateAgentStartMs(eniDraw) : agentReceiveMs(eniDraw),
    secretsError: secretsErrorOf(s),
    secretsBeforePulls: retrievedBeforePulls(s.launchType),
    anyPullErrorStopsTask: s.launchType === 'FARGATE',
    // mixed, not drawn (as fargateAgentStartMs): a draw more would move every later task's timings
    secretsFailMs: SECRETS_FAIL_MS.min + (mixSeed(eniDraw.attachMs, eniDraw.deleteMs, 0x5ec) % (SECRETS_FAIL_MS.max - SECRETS_FAIL_MS.min + 1)),
  };
}

/** Mixed, not drawn, as fargateAgentStartMs is: see AGENT_RECEIVE_MS. */
function agentReceiveMs(eni: { createMs: number; attachMs: number; detachMs: number; deleteMs: number }): number {
  return AGENT_RECEIVE_MS.min + (mixSeed(eni.deleteMs, eni.detachMs, eni.createMs, 0xec2) % (AGENT_RECEIVE_MS.max - AGENT_RECEIVE_MS.min + 1));
}

/**
 * On Fargate the first pull starts 8 to 16 s after the interface attached
 * (connectivityAt to pullStartedAt in AWS's sample and in real events: 8, 10,
 * 14, 16 s): the task's own agent comes up first. Our model of the cause.
 * Mixed from the interface's draws rather than drawn: a draw more would move
 * every later draw of the task's stream, and so every timing a seed gave
 * before this step was modelled.
 */
function fargateAgentStartMs(eni: { createMs: number; attachMs: number; detachMs: number; deleteMs: number }): number {
  return FARGATE_AGENT_START_MS.min + (mixSeed(eni.createMs, eni.attachMs, eni.detachMs, eni.deleteMs) % (FARGATE_AGENT_START_MS.max - FARGATE_AGENT_START_MS.min + 1));
}

/** The shortest pull of an image whose layers are already there: the manifest is checked, nothing downloaded (our model). */
export const CACHED_PULL_MIN_MS = 200;

/**
 * An image is downloaded once per task. A container pulling the same image as
 * one that pulls at once (no dependsOn) ends its pull with it: one download.
 * One whose pull waits on a container of that image (its dependsOn, at any
 * depth: that one has been pulled by then) finds the layers there, and its
 * pull only checks the manifest: a twenty-fifth of its draw, at least 200 ms
 * (a migration run from the app's own image is pulled once, not twice). A
 * failing pull and a working one are not one download: each keeps its own.
 * Our model; no draw is added, so every other timing stays where it was.
 */
function sharedImagePulls(defs: Scenario['taskDefinition']['containerDefinitions'], inputs: ContainerInput[]): ContainerInput[] {
  // the usual task has no two containers of one image: nothing to share, nothing made (10,000 tasks of a service draw this)
  if (defs.length < 2 || new Set(defs.map((d) => d.image)).size === defs.length) return inputs;
  const first = new Map<string, number>();
  defs.forEach((d, i) => {
    if (d.dependsOn.length === 0 && !first.has(d.image)) first.set(d.image, i);
  });
  const at = new Map(defs.map((d, i) => [d.name, i]));
  const waitsOnImage = (i: number, image: string, seen: Set<number>): boolean =>
    defs[i]!.dependsOn.some((x) => {
      const j = at.get(x.containerName);
      if (j === undefined || seen.has(j)) return false;
      seen.add(j);
      return defs[j]!.image === image || waitsOnImage(j, image, seen);
    });
  return inputs.map((ci, i) => {
    const d = defs[i]!;
    const f = first.get(d.image);
    if (f === undefined || f === i || (inputs[f]!.pullError === null) !== (ci.pullError === null)) return ci;
    if (d.dependsOn.length === 0) return { ...ci, pullMs: inputs[f]!.pullMs };
    return waitsOnImage(i, d.image, new Set([i])) ? { ...ci, pullMs: Math.max(CACHED_PULL_MIN_MS, Math.round(ci.pullMs / 25)) } : ci;
  });
}
