// Each fault against what it breaks: a container, an image or a secret the
// task definitions name, an ENI (awsvpc only), a target group, a registry, a
// health check, room on an Auto Scaling group or Fargate Spot capacity. Each
// refusal names the field to change. checkScenario calls this per fault.
import { usesFargateSpot } from './capacity.ts';
import type { Fields, Revision } from './service.ts';
import { ScenarioError, type ContainerDefinition, type Fault, type Scenario } from './types.ts';
import { picks } from '../secrets.ts';

export interface FaultContext {
  s: Scenario;
  /** the task definition first, then those UpdateService deploys */
  revisions: Revision[];
  /** where launchType, loadBalancers and serviceRegistries were written */
  fields: Fields;
  launchTypeGiven: boolean;
  /** refuse `field` unless a container of the revisions is called `name` */
  mustExist(field: string, name: string): void;
  containersOf(among: Revision[]): ContainerDefinition[];
}

/** `field`: where the fault sits in the file (faults[2]). */
export function checkFault(f: Fault, field: string, { s, revisions, fields, launchTypeGiven, mustExist, containersOf }: FaultContext): void {
  const td = s.taskDefinition;
  switch (f.step) {
    case 'PullImage':
    case 'RunContainer':
      if (f.container !== null) return mustExist(`${field}.container`, f.container);
      if (f.image != null) {
        const images = [...new Set(containersOf(revisions).map((c) => c.image))];
        if (!images.includes(f.image)) {
          throw new ScenarioError(`${field}.image`, `no container uses image "${f.image}" (images: ${images.join(', ')})`);
        }
      }
      return;
    case 'StopContainer':
      return mustExist(`${field}.container`, f.container);
    case 'RetrieveSecrets': {
      // the agent retrieves only what the containers name: without a secret there is nothing to fail
      const named = [...new Set(containersOf(revisions).flatMap((c) => c.secrets.map((x) => x.valueFrom)))];
      if (named.length === 0)
        throw new ScenarioError(
          `${field}.step`,
          `RetrieveSecrets needs a container with secrets (such as "secrets": [{ "name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:${s.settings.region}:${s.settings.account}:parameter/db/password" }]): this task definition names none in containerDefinitions[].secrets, so there is no secret to miss (repositoryCredentials and a log driver's secretOptions are not simulated)`,
        );
      if (f.valueFrom !== null && !named.some((v) => picks([f.valueFrom], v)))
        throw new ScenarioError(`${field}.valueFrom`, `no container has a secret from "${f.valueFrom}" (valueFrom given: ${named.join(', ')})`);
      return;
    }
    case 'PlaceTask':
      // In a service on FARGATE_SPOT, Spot capacity runs out from fromSeconds (capacity.ts).
      if (usesFargateSpot(s) && s.launchType === 'FARGATE') {
        if (f.capacityAfterSeconds !== null && f.capacityAfterSeconds <= f.fromSeconds)
          throw new ScenarioError(`${field}.capacityAfterSeconds`, `must be after fromSeconds (${f.fromSeconds}), got ${f.capacityAfterSeconds}: Spot capacity comes back after it ran out`);
        return;
      }
      // Only an Auto Scaling group capacity provider with managed scaling
      // holds a task in PROVISIONING for capacity; with a launch type, or on
      // Fargate, RunTask fails at once and no task exists.
      // on-demand Fargate may run out too (services retry), but that is not modelled
      if (s.service && s.launchType === 'FARGATE') {
        const zeroSpot = s.service.capacityProviderStrategy?.some((p) => p.capacityProvider === 'FARGATE_SPOT');
        throw new ScenarioError(
          `${field}.step`,
          zeroSpot
            ? 'PlaceTask in a Fargate service means Fargate Spot runs out, but the strategy gives FARGATE_SPOT no weight or base, so no task runs there: give it a weight or base above 0'
            : 'PlaceTask in a Fargate service means Fargate Spot runs out: give the service a capacityProviderStrategy with FARGATE_SPOT (on-demand Fargate running out is not modelled)',
        );
      }
      if (s.capacityProviderName === 'FARGATE_SPOT')
        throw new ScenarioError(
          `${field}.step`,
          'PlaceTask on Fargate Spot needs a service: RunTask fails at once ("Capacity is unavailable at this time") and no task is created, while a service on FARGATE_SPOT retries until Spot capacity is back',
        );
      if (s.launchType !== 'EC2' || s.capacityProviderName === null) {
        const got = s.capacityProviderName !== null ? `capacity provider ${s.capacityProviderName}` : launchTypeGiven ? `launchType ${s.launchType}` : `launchType ${s.launchType} (the default for this task definition)`;
        throw new ScenarioError(
          `${field}.step`,
          `PlaceTask needs an Auto Scaling group capacity provider (capacityProviderStrategy such as [{ "capacityProvider": "my-asg", "weight": 1 }]) or a service on FARGATE_SPOT, got ${got}: otherwise RunTask fails at once and no task is created`,
        );
      }
      if (f.fromSeconds !== 0)
        throw new ScenarioError(`${field}.fromSeconds`, `is for Fargate Spot capacity that runs out during a service's run; on an Auto Scaling group provider the room is missing from the start (got ${f.fromSeconds})`);
      return;
    case 'AttachEni':
      if (td.networkMode !== 'awsvpc') {
        throw new ScenarioError(`${field}.step`, `AttachEni needs networkMode awsvpc, got ${td.networkMode} (no ENI to attach)`);
      }
      return;
    case 'ReleaseEni':
      if (td.networkMode !== 'awsvpc') {
        throw new ScenarioError(`${field}.step`, `ReleaseEni needs networkMode awsvpc, got ${td.networkMode} (no ENI to release)`);
      }
      return;
    case 'RegisterTargets':
      if (s.loadBalancers.length === 0) {
        throw new ScenarioError(`${field}.step`, `RegisterTargets needs at least one load balancer (${fields.loadBalancers} is empty)`);
      }
      if (f.targetGroup !== null && f.targetGroup >= s.loadBalancers.length) {
        throw new ScenarioError(
          `${field}.targetGroup`,
          `no target group ${f.targetGroup}: ${fields.loadBalancers} has ${s.loadBalancers.length} (indexes 0 to ${s.loadBalancers.length - 1})`,
        );
      }
      return;
    case 'RegisterInstance':
      if (s.serviceRegistries.length === 0) {
        throw new ScenarioError(`${field}.step`, `RegisterInstance needs a service registry (${fields.serviceRegistries} is empty)`);
      }
      return;
    case 'HealthCheck':
      if (f.image != null) {
        const image = f.image;
        const checked = containersOf(revisions).filter((c) => c.image === image && (c.healthCheck || s.loadBalancers.some((lb) => lb.containerName === c.name)));
        if (checked.length === 0) {
          const images = [...new Set(containersOf(revisions).map((c) => c.image))];
          throw new ScenarioError(
            `${field}.image`,
            images.includes(image)
              ? `nothing checks the health of a container running "${image}": give it a healthCheck, or put it behind a load balancer`
              : `no container uses image "${image}" (images: ${images.join(', ')})`,
          );
        }
      } else if (f.container !== null) {
        const name = f.container;
        mustExist(`${field}.container`, name);
        if (!containersOf(revisions).some((c) => c.name === name && c.healthCheck)) {
          throw new ScenarioError(`${field}.container`, `container "${name}" has no healthCheck to fail`);
        }
      } else if (s.loadBalancers.length === 0) {
        throw new ScenarioError(
          `${field}.container`,
          `required when there is no load balancer: name a container with a healthCheck, or add ${fields.loadBalancers}`,
        );
      }
      if (f.failAfterSeconds != null) {
        // Where two faults break one check, timings.ts heeds checks that never pass, then a slow
        // start, then the earlier failure: refused when that leaves this fault no check of its own,
        // for it would do nothing, silently (a fault on part of its checks is fine: a new revision
        // that fails its checks while the old one goes bad, say)
        const mine = checksBroken(f, revisions, s.loadBalancers);
        const own = s.faults.indexOf(f);
        const before = (g: HealthCheckFault) => g.passAfterSeconds !== null || g.failAfterSeconds == null || g.failAfterSeconds <= f.failAfterSeconds!;
        const ahead = s.faults.flatMap((g, k) => (k !== own && g.step === 'HealthCheck' && before(g) ? [{ g, k, checks: checksBroken(g, revisions, s.loadBalancers) }] : []));
        const left = [...mine].filter((c) => !ahead.some((a) => a.checks.has(c)));
        const first = ahead.find((a) => [...mine].some((c) => a.checks.has(c)));
        if (mine.size > 0 && left.length === 0 && first) {
          const { g, k } = first;
          throw new ScenarioError(
            `${field}.failAfterSeconds`,
            g.passAfterSeconds !== null
              ? `faults[${k}] makes the same health checks a slow start (passAfterSeconds), which takes precedence, so this one would do nothing: remove one of the two faults`
              : g.failAfterSeconds != null
                ? `faults[${k}] already makes the same health checks fail after ${g.failAfterSeconds} s, so this one would do nothing: keep one of the two faults`
                : `faults[${k}] makes the same health checks fail from the start, so this one would do nothing: remove one of the two faults`,
          );
        }
      }
      return;
  }
}

type HealthCheckFault = Extract<Fault, { step: 'HealthCheck' }>;

/**
 * The checks a HealthCheck fault breaks (as timings.ts matches them), named per revision:
 * each load balancer's target (`lb 0 of 1`), each container's own healthCheck (`own web of 1`).
 */
function checksBroken(f: HealthCheckFault, revisions: Revision[], loadBalancers: Scenario['loadBalancers']): Set<string> {
  const out = new Set<string>();
  const image = f.image ?? null;
  revisions.forEach((r, k) => {
    const defs = r.taskDefinition.containerDefinitions;
    if (f.container === null)
      loadBalancers.forEach((lb, i) => {
        if (image === null || defs.find((d) => d.name === lb.containerName)?.image === image) out.add(`lb ${i} of ${k}`);
      });
    for (const c of defs) if (c.healthCheck && (f.container === c.name || (image !== null && c.image === image))) out.add(`own ${c.name} of ${k}`);
  });
  return out;
}
