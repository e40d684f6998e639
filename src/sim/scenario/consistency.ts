// Checks that relate the scenario to its task definition: launch type against
// network mode, names against containers, faults against the resources they
// break (consistency.faults.ts). Each names the field the user should change. A service may deploy
// further revisions (UpdateService); names may then match any of them.
import { noContainerNamed } from './container-name.ts';
import { usesFargateSpot } from './capacity.ts';
import { checkFault } from './consistency.faults.ts';
import { containersFitProblem, ec2SizeProblem, fargateSizeProblem } from './fargate-size.ts';
import { MAX_FARGATE_STOP_TIMEOUT_SECONDS, MIN_FARGATE_STOP_TIMEOUT_SECONDS } from './task-definition.schema.ts';
import type { Fields, Revision } from './service.ts';
import { ScenarioError, type LoadBalancer, type Scenario, type ServiceRegistry, type TaskDefinition } from './types.ts';

export interface Context {
  /** where the task definition sits in the file ('' for a bare definition) */
  at: string;
  launchTypeGiven: boolean;
  networkModeGiven: boolean;
  /** where launchType, loadBalancers and serviceRegistries were written; default: the top level */
  fields?: Fields;
  /** the task definition first, then those UpdateService deploys, in time order; default: the task definition */
  revisions?: Revision[];
}

const TOP_LEVEL: Fields = { launchType: 'launchType', capacityProviderStrategy: 'capacityProviderStrategy', loadBalancers: 'loadBalancers', serviceRegistries: 'serviceRegistries' };

export function checkScenario(s: Scenario, { at, launchTypeGiven, networkModeGiven, fields = TOP_LEVEL, revisions: given }: Context): void {
  const td = s.taskDefinition;
  const revisions = given ?? [{ taskDefinition: td, at, networkModeGiven, from: 0 }];
  const tdField = (path: string) => (at ? `${at}.${path}` : path);
  const containersOf = (among: Revision[]) => among.flatMap((r) => r.taskDefinition.containerDefinitions);
  const mustExist = (field: string, name: string, among = revisions, when = '') => {
    const names = [...new Set(containersOf(among).map((c) => c.name))];
    if (names.includes(name)) return;
    const where = among.length === 1 ? 'in the task definition' : `in any revision of the task definition${when}`;
    throw new ScenarioError(field, noContainerNamed(name, where, names));
  };

  // A defaulted FARGATE always has awsvpc (normaliseTaskDefinition checks it),
  // so this fires only for a launchType the user wrote.
  if (s.launchType === 'FARGATE' && td.networkMode !== 'awsvpc') {
    const why = networkModeGiven ? '' : ` (the EC2 default: ${tdField('networkMode')} is missing)`;
    throw new ScenarioError(fields.launchType, `FARGATE requires networkMode awsvpc, got ${td.networkMode}${why}`);
  }
  // RunTask refuses a launch type the definition was not registered for.
  // ECS Anywhere (EXTERNAL) runs bridge, host or none: there is no ENI to give the task.
  if (s.launchType === 'EXTERNAL' && td.networkMode === 'awsvpc') {
    throw new ScenarioError(fields.launchType, 'EXTERNAL (ECS Anywhere) does not support networkMode awsvpc; use bridge, host or none');
  }
  // nor service load balancing or service discovery (ECS Anywhere's unsupported features)
  if (s.launchType === 'EXTERNAL' && s.loadBalancers.length > 0)
    throw new ScenarioError(fields.loadBalancers, 'not on EXTERNAL (ECS Anywhere): its instances take no load balancer targets from ECS');
  if (s.launchType === 'EXTERNAL' && s.serviceRegistries.length > 0)
    throw new ScenarioError(fields.serviceRegistries, 'not on EXTERNAL (ECS Anywhere): ECS does not register its tasks in Cloud Map');
  // Cloud Map registers an awsvpc task's address, or (bridge, host) a container's
  // port (ServiceRegistry): a task with no network has neither.
  if (td.networkMode === 'none' && s.serviceRegistries.length > 0)
    throw new ScenarioError(fields.serviceRegistries, `must be empty with networkMode none (${tdField('networkMode')}): a task with no network has no address or port to register in Cloud Map`);
  if (td.requiresCompatibilities.length > 0 && !td.requiresCompatibilities.includes(s.launchType)) {
    // a strategy's provider that is neither FARGATE nor FARGATE_SPOT is an EC2 Auto Scaling group's: say where EC2 came from
    const given = fields.launchType.endsWith('capacityProviderStrategy') && s.launchType === 'EC2'
      ? 'EC2 (a capacity provider other than FARGATE and FARGATE_SPOT is an EC2 Auto Scaling group’s)'
      : launchTypeGiven ? s.launchType : `${s.launchType} (the default)`;
    throw new ScenarioError(fields.launchType, `${given} is not in ${tdField('requiresCompatibilities')} (${td.requiresCompatibilities.join(', ')})`);
  }
  // What runtimePlatform rules out (fargate-capacity-providers.html, RuntimePlatform)
  revisions.forEach((r) => {
    const platform = r.taskDefinition.runtimePlatform;
    if (!platform) return;
    const field = (path: string) => (r.at ? `${r.at}.${path}` : path);
    const windows = platform.operatingSystemFamily !== 'LINUX';
    if (windows && platform.cpuArchitecture === 'ARM64')
      throw new ScenarioError(field('runtimePlatform.cpuArchitecture'), `must be X86_64 for Windows containers (operatingSystemFamily ${platform.operatingSystemFamily}), got ARM64`);
    // a strategy written (a Spot notice alone in the timeline is refused with the notice, below)
    const onSpot = (s.capacityProviderName === 'FARGATE_SPOT' && s.launchTypeGiven) || (s.launchType === 'FARGATE' && usesFargateSpot(s));
    if (onSpot && (windows || platform.cpuArchitecture === 'ARM64'))
      throw new ScenarioError(
        fields.capacityProviderStrategy,
        `Fargate Spot runs only Linux X86_64 tasks, and ${field('runtimePlatform')} asks for ${windows ? platform.operatingSystemFamily : 'ARM64'}: use FARGATE`,
      );
  });
  if (s.containerInstances !== null) {
    // Only a service has neighbours on an instance; Fargate gives each task its own.
    if (s.service === null)
      throw new ScenarioError(
        'containerInstances',
        'only for services: instances are modelled for the tasks a service places (to make a single task wait for capacity, give it an Auto Scaling group capacityProviderStrategy and a PlaceTask fault)',
      );
    if (s.launchType !== 'EC2')
      throw new ScenarioError('containerInstances', `only for the EC2 launch type, got ${s.launchType}${s.launchType === 'FARGATE' ? ' (Fargate runs each task on capacity of its own)' : ''}`);
    // A fixed fleet or a growing one, not both: with an Auto Scaling group
    // provider a task that finds no room waits in PROVISIONING instead. (A
    // PlaceTask fault needs such a provider and says so itself.)
    if (s.capacityProviderName !== null)
      throw new ScenarioError(
        'containerInstances',
        `a fixed set of instances does not go with capacity provider ${s.capacityProviderName}: with an Auto Scaling group provider a task that finds no room waits in PROVISIONING while it scales out (PlaceTask); give one or the other`,
      );
  }
  // From here on each check is about fields of its own (a load balancer, a
  // revision's size, a timeline action, a fault): all their problems at once.
  // The load balancers against the service's own definition first: a wrong name there is
  // the load balancer's mistake, not that of every revision deployed later (not said again for each).
  const attachments = problemsOf([
    ...s.loadBalancers.map((lb, i) => () => {
      mustExist(`${fields.loadBalancers}[${i}].containerName`, lb.containerName, revisions.slice(0, 1));
      checkMapped(td, lb, `${fields.loadBalancers}[${i}].containerPort`);
      notRepeated(s.loadBalancers, i, fields.loadBalancers);
    }),
    ...s.serviceRegistries.map((r, i) => () => checkRegistry(td, r, `${fields.serviceRegistries}[${i}]`, modeWhere(tdField('networkMode'), networkModeGiven), (field, name) => mustExist(field, name, revisions.slice(0, 1)))),
  ]);
  allOf([
    () => attachments.length > 0 && refuse(attachments),
    ...revisions.map((r, n) => () => {
      const { cpu, memory, containerDefinitions } = r.taskDefinition;
      allOf([
        () => n > 0 && checkDeployedPlatform(r, s),
        () => n > 0 && attachments.length === 0 && checkDeployedAttachments(r, s, fields),
        () => {
          const size = (s.launchType === 'FARGATE' ? fargateSizeProblem(cpu, memory) : ec2SizeProblem(cpu, memory)) ?? containersFitProblem(cpu, memory, containerDefinitions);
          if (size) throw new ScenarioError(pathIn(r.at, size.field), size.problem);
        },
        () => s.launchType !== 'FARGATE' && checkMemoryGiven(r),
        // Fargate: 2 to 120 seconds (task definition parameters, facts §4).
        ...containerDefinitions.map((c, i) => () => {
          if (s.launchType !== 'FARGATE' || c.stopTimeout === null || (c.stopTimeout >= MIN_FARGATE_STOP_TIMEOUT_SECONDS && c.stopTimeout <= MAX_FARGATE_STOP_TIMEOUT_SECONDS)) return;
          throw new ScenarioError(pathIn(r.at, `containerDefinitions[${i}].stopTimeout`), `must be from ${MIN_FARGATE_STOP_TIMEOUT_SECONDS} to ${MAX_FARGATE_STOP_TIMEOUT_SECONDS} seconds on Fargate, got ${c.stopTimeout}`);
        }),
      ]);
    }),
    // called before the timeline is sorted, so indexes match the file
    ...s.timeline.map((a, i) => () => {
      // Spot interruptions reclaim Fargate Spot capacity (DG-FSPOT); EC2 Spot
      // instances drain their container instance instead, which we do not model.
      const spot = spotInterruptible(s);
      if (a.action === 'SpotInterruption' && !spot.ok) throw new ScenarioError(`timeline[${i}].action`, spot.why);
      if (a.action !== 'ContainerExit' && a.action !== 'HealthChecksFail') return;
      // a service task runs the initial revision or one deployed before the exit
      const running = revisions.filter((r) => r.from <= a.at);
      mustExist(`timeline[${i}].container`, a.container, running, ` deployed by ${a.at} s`);
      // an app with no check on it: the action could never act
      const checked = (r: Revision) => s.loadBalancers.some((lb) => lb.containerName === a.container) || r.taskDefinition.containerDefinitions.some((c) => c.name === a.container && c.healthCheck !== null);
      if (a.action === 'HealthChecksFail' && !running.some(checked))
        throw new ScenarioError(`timeline[${i}].container`, `container ${a.container} has no healthCheck, and no load balancer sends it traffic: HealthChecksFail would have no health check to fail`);
    }),
    // a fault may be about a load balancer or registry (RegisterTargets, HealthCheck): checked once they are right
    ...s.faults.map((f, i) => () => attachments.length === 0 && checkFault(f, `faults[${i}]`, { s, revisions, fields, launchTypeGiven, mustExist, containersOf })),
  ]);
}

/**
 * Run checks that are about fields of their own, each to its first problem,
 * and refuse with every problem found: a file with a wrong size, a wrong
 * stopTimeout and a load balancer naming no container is fixed in one run.
 */
function allOf(checks: readonly (() => unknown)[]): void {
  const problems = problemsOf(checks);
  if (problems.length > 0) refuse(problems);
}

/** What `checks` find wrong, each to its first problem (anything but a ScenarioError is thrown on). */
function problemsOf(checks: readonly (() => unknown)[]): ScenarioError[] {
  const problems: ScenarioError[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      problems.push(...err.problems);
    }
  }
  return problems;
}

/**
 * Refuse with `problems`, each said once: the same words for several fields
 * (four Spot notices on an on-demand task, two actions naming one missing
 * container) are one mistake, said at the first with the others named.
 */
const refuse = (problems: readonly ScenarioError[]): never => {
  const same = new Map<string, ScenarioError[]>();
  for (const p of problems) same.set(p.problem, [...(same.get(p.problem) ?? []), p]);
  throw ScenarioError.of(
    [...same.values()].map(([first, ...others]) =>
      others.length === 0 ? first! : new ScenarioError(first!.field, `${first!.problem} (the same for ${others.map((o) => o.field).join(', ')})`, first!.line),
    ),
  );
};

const pathIn = (at: string, path: string) => (at ? `${at}.${path}` : path);

/** Where the network mode comes from, for a message: the field, or the default when it is missing. */
const modeWhere = (field: string, given: boolean) => (given ? field : `the EC2 default: ${field} is missing`);

/** A revision UpdateService deploys must run where the service runs and carry its load balancers' containers. */
function checkDeployedPlatform({ taskDefinition: td, at, networkModeGiven }: Revision, s: Scenario): void {
  const lt = s.launchType;
  if (lt === 'FARGATE' && td.networkMode !== 'awsvpc') {
    const why = networkModeGiven ? '' : ' (the EC2 default: networkMode is missing)';
    throw new ScenarioError(pathIn(at, 'networkMode'), `the service's launch type FARGATE requires awsvpc, got ${td.networkMode}${why}`);
  }
  if (td.requiresCompatibilities.length > 0 && !td.requiresCompatibilities.includes(lt)) {
    throw new ScenarioError(
      pathIn(at, 'requiresCompatibilities'),
      `must include ${lt}, the service's launch type, got ${td.requiresCompatibilities.join(', ')}`,
    );
  }
}

/** A revision deployed later against the service's load balancers and registries (checked once those are right). */
function checkDeployedAttachments({ taskDefinition: td, at, networkModeGiven }: Revision, s: Scenario, fields: Fields): void {
  s.loadBalancers.forEach((lb, i) => {
    if (!hasContainer(td, lb.containerName)) {
      throw new ScenarioError(
        pathIn(at, 'containerDefinitions'),
        noContainerNamed(lb.containerName, `for ${fields.loadBalancers}[${i}]`, td.containerDefinitions.map((c) => c.name)),
      );
    }
    checkMapped(td, lb, pathIn(at, 'containerDefinitions'));
  });
  // a task with no network has no address or port for Cloud Map (as the first definition is checked)
  if (td.networkMode === 'none' && s.serviceRegistries.length > 0)
    throw new ScenarioError(pathIn(at, 'networkMode'), `must not be none while the service registers its tasks in Cloud Map (${fields.serviceRegistries}): a task with no network has no address or port to register`);
  s.serviceRegistries.forEach((r, i) =>
    checkRegistry(td, r, `${fields.serviceRegistries}[${i}]`, modeWhere(pathIn(at, 'networkMode'), networkModeGiven), (field, name) => {
      if (hasContainer(td, name)) return;
      throw new ScenarioError(pathIn(at, 'containerDefinitions'), noContainerNamed(name, `for ${field}`, td.containerDefinitions.map((c) => c.name)));
    }, pathIn(at, 'containerDefinitions')),
  );
}

/**
 * What a ServiceRegistry must name (API Reference, ServiceRegistry): a bridge or host task's
 * SRV record points at a container's host port, so containerName and containerPort are
 * required; an awsvpc task may give them or `port`, not both.
 */
function checkRegistry(
  td: TaskDefinition,
  r: ServiceRegistry,
  at: string,
  modeField: string,
  mustExist: (field: string, name: string) => void,
  /** a deployed revision: blame its containers, not the registry */
  revisionField?: string,
): void {
  const pair = r.containerName !== undefined || r.containerPort !== undefined;
  if (pair && r.containerName === undefined) throw new ScenarioError(`${at}.containerName`, 'required with containerPort: they name a container and the port it maps, together');
  if (pair && r.containerPort === undefined) throw new ScenarioError(`${at}.containerPort`, 'required with containerName: they name a container and the port it maps, together');
  const mode = td.networkMode;
  if (r.port !== undefined && mode !== 'awsvpc')
    throw new ScenarioError(`${at}.port`, `is for awsvpc tasks only, and this one is ${mode} (${modeField}): give containerName and containerPort instead`);
  if (r.port !== undefined && pair) throw new ScenarioError(`${at}.port`, 'give either port or containerName and containerPort, not both');
  if (!pair && (mode === 'bridge' || mode === 'host'))
    throw new ScenarioError(
      `${at}.containerName`,
      `required with networkMode ${mode} (${modeField}), as is containerPort: Cloud Map registers the host port a container's port is mapped to`,
    );
  if (r.containerName === undefined || r.containerPort === undefined) return;
  mustExist(`${at}.containerName`, r.containerName);
  const forWhom = revisionField ? ` for ${at}` : '';
  const unmapped = notMapped(td, r.containerName, r.containerPort, forWhom);
  if (unmapped === null) return;
  const needs = unmapped.inRange ? 'a port mapped as a containerPort' : 'a port from the task definition';
  throw new ScenarioError(revisionField ?? `${at}.containerPort`, `${unmapped.why}: service discovery needs ${needs}`);
}

/**
 * A target is the task's address and port in one target group: a second entry
 * naming the same group, container and port would be the same target, yet the
 * simulator would run it as two (registered twice, healthy at two moments).
 * The same group on another port is another target, and stays.
 */
function notRepeated(lbs: readonly LoadBalancer[], i: number, field: string): void {
  const lb = lbs[i]!;
  const first = lbs.findIndex((o) => o.targetGroupArn === lb.targetGroupArn && o.containerName === lb.containerName && o.containerPort === lb.containerPort);
  if (first < i)
    throw new ScenarioError(`${field}[${i}]`, `the same target group, container and port as ${field}[${first}]: a task is one target there, not two (remove the repeat)`);
}

/** ECS refuses a load balancer on a port the container does not map ("did not have a container port … defined"). */
function checkMapped(td: TaskDefinition, lb: { containerName: string; containerPort: number }, field: string): void {
  const unmapped = notMapped(td, lb.containerName, lb.containerPort, '');
  if (unmapped !== null) throw new ScenarioError(field, `${unmapped.why}: a load balancer needs a mapped containerPort`);
}

/**
 * Why `port` is no containerPort of the container, or null when it is one. The
 * LoadBalancer and ServiceRegistry references want "a containerPort in the task
 * definition": a port inside a containerPortRange is mapped, but not as one, and
 * nothing documents a target or a record on it, so it is refused, saying so.
 */
function notMapped(td: TaskDefinition, name: string, port: number, forWhom: string): { why: string; inRange: boolean } | null {
  const c = td.containerDefinitions.find((d) => d.name === name);
  const ports = c?.portMappings ?? [];
  if (ports.includes(port)) return null;
  const ranges = c?.portRanges ?? [];
  const within = ranges.find((r) => r.first <= port && port <= r.last);
  if (within) return { why: `container ${name} maps port ${port}${forWhom} only within containerPortRange ${JSON.stringify(within.text)} (portMappings[${within.index}]), not as a containerPort`, inRange: true };
  const kinds = [
    ...(ports.length ? [`containerPort ${ports.join(', ')}`] : []),
    ...(ranges.length ? [`containerPortRange ${ranges.map((r) => JSON.stringify(r.text)).join(', ')}`] : []),
  ];
  const has = kinds.length ? `its portMappings have ${kinds.join(' and ')}` : 'it has no portMappings';
  return { why: `container ${name} does not map port ${port}${forWhom} (${has})`, inRange: false };
}

const hasContainer = (td: TaskDefinition, name: string) => td.containerDefinitions.some((c) => c.name === name);

/**
 * Whether the task can get a Fargate Spot interruption: on Fargate, unless
 * its capacity provider says on-demand FARGATE. (Launched by launchType
 * FARGATE, the provider is not said: we let it be Spot.)
 */
export function spotInterruptible(
  s: Pick<Scenario, 'launchType' | 'capacityProviderName' | 'launchTypeGiven'> & Partial<Pick<Scenario, 'service' | 'taskDefinition'>>,
): { ok: true } | { ok: false; why: string } {
  if (s.launchType !== 'FARGATE') {
    // named by a capacityProviderStrategy (an Auto Scaling group's provider), not by launchType
    const on = s.capacityProviderName !== null ? `capacity provider ${s.capacityProviderName} runs it on EC2` : `launchType is ${s.launchType}`;
    return { ok: false, why: `SpotInterruption is for Fargate Spot tasks, but ${on}${s.launchType === 'EC2' ? ' (an EC2 Spot instance interruption is not simulated)' : ''}` };
  }
  // Fargate Spot runs only Linux X86_64 tasks (fargate-capacity-providers.html)
  const platform = s.taskDefinition?.runtimePlatform;
  if (platform && (platform.cpuArchitecture === 'ARM64' || platform.operatingSystemFamily !== 'LINUX'))
    return { ok: false, why: `SpotInterruption is for Fargate Spot tasks, and Fargate Spot runs only Linux X86_64 tasks: this one is ${platform.operatingSystemFamily === 'LINUX' ? 'ARM64' : platform.operatingSystemFamily} (runtimePlatform)` };
  // a service spread over several providers: those of its tasks on FARGATE_SPOT can be interrupted
  if (usesFargateSpot(s)) return { ok: true };
  if (s.capacityProviderName === 'FARGATE') return { ok: false, why: 'SpotInterruption is for Fargate Spot tasks, but the capacity provider is FARGATE (on-demand)' };
  // A named launch type runs on-demand; with none, the cluster's default strategy may be Fargate Spot.
  if (s.capacityProviderName === null && s.launchTypeGiven)
    return { ok: false, why: 'SpotInterruption is for Fargate Spot tasks, but launchType FARGATE runs on-demand: give capacityProviderStrategy [{ "capacityProvider": "FARGATE_SPOT", "weight": 1 }] instead' };
  return { ok: true };
}

/**
 * A Spot notice sent to a task already running (the page's button). The
 * loader decided at launch where a task with neither launch type nor strategy
 * runs: on Fargate Spot only when its timeline holds a Spot notice, else
 * on-demand FARGATE (its events carry no capacityProviderName). Interrupting
 * it now would contradict the events it already emitted.
 */
export function liveSpotInterruptible(s: Pick<Scenario, 'launchType' | 'capacityProviderName' | 'launchTypeGiven'>): { ok: true } | { ok: false; why: string } {
  const rule = spotInterruptible(s);
  if (!rule.ok || s.capacityProviderName === 'FARGATE_SPOT') return rule;
  return {
    ok: false,
    why: 'SpotInterruption is for Fargate Spot tasks, and this one runs on-demand (no launch type or strategy was given, and the cluster default put it on FARGATE): pick FARGATE_SPOT as the launch type, or give capacityProviderStrategy [{ "capacityProvider": "FARGATE_SPOT", "weight": 1 }]',
  };
}

/**
 * EC2 and ECS Anywhere place a task by its memory: without a task-level
 * memory, every container must give memory or memoryReservation
 * (ContainerDefinition.memory; RegisterTaskDefinition refuses it otherwise).
 */
function checkMemoryGiven(r: Revision): void {
  const td = r.taskDefinition;
  if (td.memory !== null) return;
  const i = td.containerDefinitions.findIndex((c) => !c.memory && !c.memoryReservation);
  if (i < 0) return;
  throw new ScenarioError(
    pathIn(r.at, `containerDefinitions[${i}].memory`),
    `required off Fargate when the task has no task-level memory: give memory or memoryReservation in MiB (container ${td.containerDefinitions[i]!.name})`,
  );
}
