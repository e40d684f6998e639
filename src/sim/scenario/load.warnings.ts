// What a scenario that loads may still earn a warning for: a fault that
// changes nothing, settings nothing acts on, a revision no instance can
// place, a Windows task run as Linux. Each is one line of the warnings list
// (the CLI prints them on stderr; --strict makes them errors).
import type { Revision } from './service.ts';
import { portName, RESERVED_HOST_PORTS, taskReservation, type Reservation } from './reservation.ts';
import type { Scenario } from './types.ts';
import { isRecord } from './scenario-keys.ts';
import { DEFAULT_STOP_TIMEOUT_S } from '../timings.ts';
import { usesFargateSpot } from './capacity.ts';

/** Enough to see what is wrong (a generated file can repeat one slip 100,000 times): the first 20, and a count of the rest. */
const MAX_WARNINGS = 20;
export function firstWarnings(all: string[]): string[] {
  if (all.length <= MAX_WARNINGS) return all;
  return [...all.slice(0, MAX_WARNINGS), `… and ${(all.length - MAX_WARNINGS).toLocaleString('en-US')} more warnings`];
}

/**
 * Two RunContainer faults on one container (by its name, or its image): the
 * first in the file applies, and the other is dropped in silence unless said.
 */
export function overlappingCrashes(s: Scenario): string[] {
  const crashes = s.faults.flatMap((f, i) => (f.step === 'RunContainer' ? [{ f, i }] : []));
  if (crashes.length < 2) return [];
  const revisions = definitionsRun(s);
  const said = new Set<string>();
  for (const td of revisions)
    for (const c of td.containerDefinitions) {
      const hits = crashes.filter(({ f }) => f.container === c.name || f.image === c.image);
      // an exact copy is repeatedFaults' to report
      for (const { f, i } of hits.slice(1)) if (JSON.stringify(f) !== JSON.stringify(hits[0]!.f)) said.add(`faults[${i}] also crashes container ${c.name} (image ${c.image}), which faults[${hits[0]!.i}] crashes first: only that one applies to it.`);
    }
  return [...said];
}

/** A RetrieveSecrets fault without valueFrom fails each task on its first secret: one that picks a secret then changes nothing. */
export function anySecretMakesPicksMoot(faults: Scenario['faults']): string[] {
  const any = faults.findIndex((f) => f.step === 'RetrieveSecrets' && f.valueFrom === null);
  if (any < 0) return [];
  return faults.flatMap((f, i) =>
    f.step === 'RetrieveSecrets' && f.valueFrom !== null
      ? [`faults[${i}] picks the secret ${f.valueFrom}, but faults[${any}], with no valueFrom, already fails each task on the first secret it names: faults[${i}] changes nothing.`]
      : [],
  );
}

/** A fault given twice (the same step on the same target): harmless, but likely a slip worth a note. */
export function repeatedFaults(faults: readonly unknown[]): string[] {
  // one warning per fault repeated, naming every copy (a generated file may hold hundreds)
  const copies = new Map<string, number[]>();
  faults.forEach((f, i) => {
    const key = JSON.stringify(f);
    const at = copies.get(key);
    if (at) at.push(i);
    else copies.set(key, [i]);
  });
  return [...copies.values()]
    .filter((at) => at.length > 1)
    .map(([first, ...rest]) => {
      const named = rest.length <= 3 ? rest.map((i) => `faults[${i}]`).join(', ') : `faults[${rest[0]}], faults[${rest[1]}] and ${rest.length - 2} more`;
      return `${named} ${rest.length === 1 ? 'repeats' : 'repeat'} faults[${first}]: a fault applies once, so ${rest.length === 1 ? 'the copy changes' : 'the copies change'} nothing.`;
    });
}

/** The definitions a scenario runs: its own, and each an UpdateService deploys. */
const definitionsRun = (s: Scenario) => [s.taskDefinition, ...s.timeline.flatMap((a) => (a.action === 'UpdateService' && a.taskDefinition ? [a.taskDefinition] : []))];

/** The target group settings: a task with no target group has nothing they act on. */
export const TARGET_GROUP_SETTINGS = ['deregistrationDelaySeconds', 'healthCheckIntervalSeconds', 'healthyThresholdCount', 'unhealthyThresholdCount'];

/** Settings given that can change nothing in this scenario (--strict makes them errors, as its help says). */
export function mootSettings(scenario: Record<string, unknown>, s: Scenario): string[] {
  const given = isRecord(scenario.settings) ? scenario.settings : {};
  const out = s.loadBalancers.length > 0 ? [] : TARGET_GROUP_SETTINGS.filter((k) => k in given).map((k) => `settings.${k} changes nothing: the task has no target group (loadBalancers is empty)`);
  // without a launch type given, the cluster's default strategy may be Fargate Spot (paths explores it)
  const spot = s.capacityProviderName === 'FARGATE_SPOT' || usesFargateSpot(s) || !s.launchTypeGiven;
  if ('spotStopCode' in given && !spot) out.push(`settings.spotStopCode changes nothing: the task does not run on Fargate Spot (launch type ${s.launchType})`);
  // CreateService's grace period delays the heed paid to health checks: with none, it is "unused" (the API reference)
  const revisions = definitionsRun(s);
  const checked = s.loadBalancers.length > 0 || revisions.some((td) => td.containerDefinitions.some((c) => c.essential && c.healthCheck !== null));
  if (s.service && s.service.healthCheckGracePeriodSeconds > 0 && !checked)
    out.push('service.healthCheckGracePeriodSeconds changes nothing: the service has no health check to wait for (no load balancer, and no essential container with a healthCheck)');
  return out;
}

/** CloudWatch alarms that fail a deployment: the simulator has no metrics, so none ever fires. */
export function deploymentAlarms(scenario: Record<string, unknown>): string[] {
  const service = scenario.service as { deploymentConfiguration?: { alarms?: { enable?: unknown } } } | null | undefined;
  return service?.deploymentConfiguration?.alarms?.enable === true
    ? ['service.deploymentConfiguration.alarms: CloudWatch alarms are not simulated; no alarm ever fires, so only the circuit breaker fails a deployment']
    : [];
}

/**
 * stopTimeout 0 off Fargate (refused there): the ECS agent takes 0 as unset
 * and waits its own default (`if apiTimeoutStopContainer <= 0` in
 * amazon-ecs-agent's task engine), so it is made unset here too, and said.
 */
export function zeroStopTimeouts(revisions: Revision[]): string[] {
  return revisions.flatMap((r) =>
    r.taskDefinition.containerDefinitions.flatMap((c, i) => {
      if (c.stopTimeout !== 0) return [];
      c.stopTimeout = null;
      return [`${r.at ? `${r.at}.` : ''}containerDefinitions[${i}].stopTimeout 0: the ECS agent takes 0 as not set and waits its default, ${DEFAULT_STOP_TIMEOUT_S} s (ECS_CONTAINER_STOP_TIMEOUT), before SIGKILL`];
    }),
  );
}

/** A Windows task runs here as a Linux one would: say so, since its output claims Linux. */
export function windowsAsLinux(revisions: Revision[]): string[] {
  return revisions.flatMap((r) => {
    const os = r.taskDefinition.runtimePlatform?.operatingSystemFamily ?? 'LINUX';
    return os === 'LINUX' ? [] : [`${r.at ? `${r.at}.` : ''}runtimePlatform.operatingSystemFamily ${os}: Windows tasks are not modelled; this one runs, and is shown, as a Linux task`];
  });
}

/**
 * Older definitions (aws-samples' tomcat and kibana) give an awsvpc mapping a
 * hostPort unlike its containerPort. They still load, as such inputs are
 * real, but the task's own interface takes the containerPort: say so.
 */
export function awsvpcHostPorts(revisions: Revision[]): string[] {
  return revisions.flatMap((r) =>
    r.taskDefinition.networkMode !== 'awsvpc'
      ? []
      : r.taskDefinition.containerDefinitions.flatMap((c, i) =>
          c.portBindings
            .filter((b) => b.hostPort !== null && b.hostPort !== b.containerPort)
            .map(
              (b) =>
                `${r.at ? `${r.at}.` : ''}containerDefinitions[${i}].portMappings[${b.index}].hostPort ${b.hostPort} is ignored: an awsvpc task has its own network interface, where container ${c.name} listens on ${b.containerPort} (RegisterTaskDefinition now refuses a hostPort unlike the containerPort here)`,
            ),
        ),
  );
}

/** Whether the file gave a placement strategy or constraints (a default strategy needs no warning). */
export function placementGiven(scenario: Record<string, unknown>): { strategy: boolean; constraints: boolean } {
  const own = isRecord(scenario.service) ? scenario.service : {};
  // an empty list, as create-service skeletons and describe-services output carry it, gives nothing
  const given = (x: unknown) => x != null && !(Array.isArray(x) && x.length === 0);
  return { strategy: given(own.placementStrategy), constraints: given(own.placementConstraints) };
}

/** A revision bigger than every container instance is valid (AWS registers it) but can never run: say so up front. */
export function neverPlaced(s: Scenario, revisions: Revision[]): string[] {
  const ci = s.containerInstances;
  const whereOf = (r: Revision) => `${r.at || 'taskDefinition'} (${r.taskDefinition.family}:${r.taskDefinition.revision})`;
  const keptPorts = (need: Reservation) => need.ports.filter((p) => RESERVED_HOST_PORTS.includes(p)).map(portName);
  const keptWords = (kept: string[]) => `binds host port ${kept.join(', ')}, which every container instance keeps for the host and the agent (ECS_RESERVED_PORTS)`;
  // Without instances there is always room, but no instance has these ports:
  // ECS would never place the task, so the run that places it says so.
  if (!ci)
    return revisions.flatMap((r) => {
      const kept = keptPorts(taskReservation(r.taskDefinition));
      return kept.length ? [`${whereOf(r)} ${keptWords(kept)}: ECS would never place it. Without containerInstances the simulator places it all the same; give them to see it wait (RESOURCE:PORTS)`] : [];
    });
  const sizes = ci.groups.map((g) => `${g.cpu} CPU units, ${g.memory} MiB`).join('; ');
  return revisions.flatMap((r) => {
    const need = taskReservation(r.taskDefinition);
    const kept = keptPorts(need);
    // too big for every size: name what it asks for that no instance has
    const tooBig = ci.groups.every((g) => need.cpu > g.cpu || need.memory > g.memory);
    const short = [ci.groups.every((g) => need.cpu > g.cpu) ? `${need.cpu} CPU units` : '', ci.groups.every((g) => need.memory > g.memory) ? `${need.memory} MiB` : ''].filter(Boolean);
    const asks = short.length ? short.join(' and ') : `${need.cpu} CPU units and ${need.memory} MiB together`;
    return [
      ...(tooBig ? [`${whereOf(r)} needs ${asks}, more than ${ci.groups.length === 1 ? 'a' : 'any'} container instance registers (${sizes}): no task of it can ever be placed`] : []),
      ...(kept.length ? [`${whereOf(r)} ${keptWords(kept)}: no task of it can ever be placed`] : []),
    ];
  });
}
