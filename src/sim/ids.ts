// Names and addresses the task would get from AWS (ARNs, ENI details), drawn
// from the seeded random source so a run is reproducible.
import { createRandom, mixSeed, type Random } from './random.ts';
import type { Scenario } from './scenario/types.ts';

export interface EniIdentity {
  attachmentId: string;
  subnetId: string;
  networkInterfaceId: string;
  macAddress: string;
  /** the interface's private DNS name, which AWS lists between the MAC and the address */
  privateDnsName: string;
  privateIPv4Address: string;
}

export interface TaskIdentity {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  availabilityZone: string;
  containerInstanceArn: string | null;
  group: string;
  containers: Record<string, { containerArn: string; runtimeId: string; imageDigest: string; hostPorts: number[] }>;
  eni: EniIdentity | null;
}

export const uuid = (r: Random) => {
  const h = r.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[r.between(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The partition of a region's ARNs: China and GovCloud regions have their own. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  // the isolated regions: us-iso-east-1 (aws-iso), us-isob-east-1 (aws-iso-b), eu-isoe-west-1 (aws-iso-e), us-isof-south-1 (aws-iso-f)
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region);
  if (iso) return iso[1] ? `aws-iso-${iso[1]}` : 'aws-iso';
  return 'aws';
}

/** An ECS ARN in the run's region and account, e.g. `cluster/default`. */
export function ecsArn(settings: { region: string; account: string }, resource: string): string {
  return `arn:${partitionOf(settings.region)}:ecs:${settings.region}:${settings.account}:${resource}`;
}

/**
 * A number from what tells one task from another in a scenario (its whole
 * task definition, where it runs, its service), so two scenarios run with one
 * seed do not share a task ARN or event ids: fixtures made from several
 * files stay apart. The timeline is left out: the same task stopped at
 * another moment keeps its names, for diffing two runs (its event ids
 * differ: see contentSalt).
 */
export function scenarioSalt(s: Scenario): number {
  let salt = salts.get(s);
  if (salt === undefined) {
    // the whole task definition (cpu, memory, ports, health checks…), how and
    // where it runs, what it registers with; not the timeline, faults, seed or start
    // and the instances it runs on: two fleets in one cluster name other instances
    const fleet = s.containerInstances ? [JSON.stringify(s.containerInstances)] : [];
    const key = [definitionSalt(s.taskDefinition), s.launchType, s.capacityProviderName ?? '', s.service?.serviceName ?? '', JSON.stringify(s.settings), JSON.stringify(s.loadBalancers), JSON.stringify(s.serviceRegistries), ...fleet].join('|');
    salts.set(s, (salt = textHash(key)));
  }
  return salt;
}
const salts = new WeakMap<Scenario, number>();
/** A service's tasks share their revision's definition object: hash each once. */
function definitionSalt(td: Scenario['taskDefinition']): number {
  let salt = definitions.get(td);
  if (salt === undefined) definitions.set(td, (salt = textHash(JSON.stringify(td))));
  return salt;
}
const definitions = new WeakMap<Scenario['taskDefinition'], number>();

/** A 32-bit hash of a string (FNV-1a). */
export function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A number from the whole scenario, timeline and faults included: event ids
 * mix it in, since another run's events are other events. A consumer that
 * drops repeated ids (EventBridge delivers at least once) must not drop the
 * events of a variant it was fed beside the original.
 */
export function contentSalt(s: Scenario): number {
  let salt = contents.get(s);
  if (salt === undefined) contents.set(s, (salt = textHash(JSON.stringify(s))));
  return salt;
}
const contents = new WeakMap<Scenario, number>();

/**
 * `r` with its hex digits mixed with a stream of `salt`: the same draws from
 * `r` (every timing drawn after them stays put), other names.
 */
export function salted(r: Random, salt: number): Random {
  const mask = maskOf(salt);
  let used = 0;
  return {
    next: () => r.next(),
    between: (min, max) => r.between(min, max),
    hex(length) {
      const a = r.hex(length);
      // eight digits at a time, as one 32-bit word (a run names every task, container and event)
      let out = '';
      for (let i = 0; i < length; i += 8) {
        const digits = Math.min(8, length - i);
        // a short last chunk is aligned to the word's top, the digits kept
        const word = ((parseInt(a.slice(i, i + digits), 16) << (4 * (8 - digits))) ^ mask[used++ % mask.length]!) >>> 0;
        out += (HEX_BYTE[word >>> 24]! + HEX_BYTE[(word >>> 16) & 255]! + HEX_BYTE[(word >>> 8) & 255]! + HEX_BYTE[word & 255]!).slice(0, digits);
      }
      return out;
    },
  };
}
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Each salt's mask, drawn once (a run names thousands of tasks with one salt). */
const masks = new Map<number, Uint32Array>();
function maskOf(salt: number): Uint32Array {
  let m = masks.get(salt);
  if (!m) {
    const r = createRandom(mixSeed(salt, 0x5a17));
    m = Uint32Array.from({ length: 257 }, () => r.between(0, 0xffffffff));
    if (masks.size > 64) masks.clear();
    masks.set(salt, m);
  }
  return m;
}

/** A deployment's id as ECS writes it (`ecs-svc/` and 19 digits), from the run's draws. */
export const drawDeploymentId = (r: Random) => `ecs-svc/${r.between(1e9, 9e9)}${r.between(1e8, 9e8)}`;
/** Deployment ids' own draws. */
const DEPLOYMENT_SALT = 0xd3f1;
/**
 * Where a service's deployment ids are drawn from: the seed and what the
 * service is (scenarioSalt: its name, cluster, definition…), so two services
 * run with one seed (or a standalone task's) never share a deployment id, while
 * another timeline keeps them. A stream apart from the run's draws: the
 * timings stay what they were.
 */
export const deploymentIds = (s: Scenario) => createRandom(mixSeed(s.seed, DEPLOYMENT_SALT, scenarioSalt(s)));
/** The id of a service's first deployment, as a run of the scenario draws it (lifecycle paths name it too). */
export const firstDeploymentId = (s: Scenario) => drawDeploymentId(deploymentIds(s));

/**
 * Who started a task, as its `group` and `startedBy` say. RunTask takes no
 * load balancer and no registry: a task with either is one a service runs, so
 * without a `service` it is named as a service called after its family would
 * start it (our model), lest a consumer that tells service tasks by their group
 * take it for a standalone one.
 */
export function taskOrigin(s: Scenario): { group: string; startedBy: string | null } {
  if (s.service) return { group: `service:${s.service.serviceName}`, startedBy: firstDeploymentId(s) };
  if (s.loadBalancers.length || s.serviceRegistries.length) return { group: `service:${s.taskDefinition.family}`, startedBy: firstDeploymentId(s) };
  return { group: `family:${s.taskDefinition.family}`, startedBy: null };
}

/**
 * One subnet per zone of the cluster, as a service's awsvpcConfiguration
 * names one per zone: zone z is 10.0.(64·z).0/18. Tasks of one cluster share
 * them, whichever file or run they come from.
 */
export function subnetOf(settings: Scenario['settings'], zone: number): string {
  return `subnet-${createRandom(mixSeed(textHash(`${settings.account}|${settings.region}|${settings.cluster}`), zone)).hex(17)}`;
}
/** Addresses of a /18 we hand out: 64 values of the third octet × 4-254. */
const HOSTS_PER_SUBNET = 64 * 251;
const addressIn = (zone: number, host: number) => {
  const k = host % HOSTS_PER_SUBNET;
  return `10.0.${zone * 64 + Math.floor(k / 251)}.${4 + (k % 251)}`;
};

/**
 * Where a service put the task: its zone, and its number in the service
 * (consecutive numbers get consecutive addresses from the service's base, so
 * tasks alive together never share one).
 */
export interface Placement {
  az: number;
  ordinal: number;
  /** where the service's numbering starts: drawn once per run (serviceAddressBase) */
  base: number;
}

/** A service's first address number: from its scenario as the run began (not a later revision's) and the seed. */
export const serviceAddressBase = (s: Scenario) => mixSeed(scenarioSalt(s), s.seed);

/**
 * The digest an image resolves to: the one it is pinned to (`name@sha256:…`),
 * else a number from the image's name alone, so two containers (or two tasks,
 * or two seeds) running one image report one digest, as a registry would.
 */
function imageDigest(image: string, r: Random): string {
  r.hex(64); // drawn for the digest before it followed the image: every later draw stays put
  const pinned = /@(sha256:[0-9a-f]{64})$/i.exec(image);
  return pinned ? pinned[1]!.toLowerCase() : `sha256:${createRandom(textHash(image)).hex(64)}`;
}

/** Fargate's runtime number: ten digits, within 32 bits. */
const RUNTIME_MIN = 1_000_000_000;
const RUNTIME_SPAN = 4_294_967_296 - RUNTIME_MIN;

export function createIdentity(s: Scenario, drawn: Random, group?: string, placement?: Placement): TaskIdentity {
  const salt = scenarioSalt(s);
  const r = salted(drawn, salt);
  const { region, cluster } = s.settings;
  const taskId = r.hex(32);
  const td = s.taskDefinition;
  const containers: TaskIdentity['containers'] = {};
  // the task's dynamic ports follow one another, past the static ones it binds itself
  const ports = dynamicPorts(td);
  for (const c of td.containerDefinitions) {
    const containerArn = ecsArn(s.settings, `container/${cluster}/${taskId}/${uuid(r)}`);
    const n = r.between(1000000000, 4294967295);
    containers[c.name] = {
      containerArn,
      // Fargate names a container `<task id>-<number>`; on EC2 and ECS Anywhere
      // it is the Docker container ID, 64 hex digits (drawn from the same
      // number, so every other ID stays what it was). Both mix in the
      // scenario's salt, as the other names do (`between` is not salted): two
      // tasks run with one seed must not share the number.
      runtimeId: s.launchType === 'FARGATE' ? `${taskId}-${RUNTIME_MIN + (((n ^ salt) >>> 0) % RUNTIME_SPAN)}` : createRandom((n ^ salt) >>> 0).hex(64),
      imageDigest: imageDigest(c.image, r),
      hostPorts: hostPorts(c, td.networkMode, n, ports),
    };
  }
  let eni: Omit<EniIdentity, 'subnetId' | 'privateIPv4Address' | 'privateDnsName'> | null = null;
  let host = 0;
  if (td.networkMode === 'awsvpc') {
    const attachmentId = uuid(r);
    r.hex(17); // drawn for the subnet before subnets followed the zone: every later draw stays put
    const networkInterfaceId = `eni-${r.hex(17)}`;
    const macAddress = Array.from({ length: 6 }, (_, i) => (i === 0 ? '0a' : r.hex(2))).join(':');
    // mixed with the scenario, so that two files run with one seed do not share an address
    host = mixSeed(salt, r.between(0, 255), r.between(4, 254));
    eni = { attachmentId, networkInterfaceId, macAddress };
  }
  const zone = r.between(0, 2);
  const az = placement?.az ?? zone;
  let addressed: EniIdentity | null = null;
  if (eni) {
    const privateIPv4Address = addressIn(az, placement ? placement.base + placement.ordinal : host);
    addressed = { ...eni, subnetId: subnetOf(s.settings, az), privateIPv4Address, privateDnsName: privateDnsName(privateIPv4Address, region) };
  }
  return {
    taskArn: ecsArn(s.settings, `task/${cluster}/${taskId}`),
    clusterArn: ecsArn(s.settings, `cluster/${cluster}`),
    taskDefinitionArn: ecsArn(s.settings, `task-definition/${td.family}:${td.revision}`),
    availabilityZone: zoneName(region, az),
    containerInstanceArn: s.launchType === 'FARGATE' ? null : ecsArn(s.settings, `container-instance/${cluster}/${r.hex(32)}`),
    group: group ?? `family:${td.family}`,
    containers,
    eni: addressed,
  };
}

/**
 * The host port each port mapping binds: the one given, the containerPort in
 * host mode, or in bridge mode, for a hostPort left out or 0, one the agent
 * picks from the ephemeral range (32768-60999 on Linux): in order from the
 * bottom after the last it gave, so on an instance whose agent has started a
 * few hundred containers, low in the range (our model of how many). Mixed
 * from the container's drawn number, so no other name moves. None in awsvpc,
 * whose task has an interface of its own.
 */
function hostPorts(c: Scenario['taskDefinition']['containerDefinitions'][number], mode: string, n: number, next: (n: number) => number): number[] {
  if (mode !== 'bridge' && mode !== 'host') return [];
  return c.portBindings.map((b) => b.hostPort ?? (mode === 'host' ? b.containerPort : next(n)));
}

/** The next dynamic port of a task, starting (from the first container's number) where its instance's agent has got to. */
function dynamicPorts(td: Scenario['taskDefinition']): (n: number) => number {
  const taken = new Set(td.containerDefinitions.flatMap((c) => c.portBindings.flatMap((b) => (b.hostPort ? [b.hostPort] : []))));
  let port: number | null = null;
  return (n) => {
    port ??= DYNAMIC_PORTS.min + (mixSeed(n) % AGENT_PORTS_GIVEN) - 1;
    do port = port >= DYNAMIC_PORTS.max ? DYNAMIC_PORTS.min : port + 1;
    while (taken.has(port));
    return port;
  };
}
/** How many dynamic ports an instance's agent has given before the task's (see hostPorts). */
const AGENT_PORTS_GIVEN = 1000;

/**
 * The EC2 instance behind a container instance that no fleet describes (an
 * EC2 task without `containerInstances`): named from its ARN, so the same
 * instance always has the same `i-` id and no random draw moves.
 */
export function ec2InstanceIdOf(containerInstanceArn: string): string {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return `i-${(hex(textHash(containerInstanceArn)) + hex(textHash(`${containerInstanceArn}#`)) + hex(textHash(`#${containerInstanceArn}`))).slice(0, 17)}`;
}

/** `arn:…:targetgroup/web/0123` → `web` */
export function targetGroupName(arn: string): string {
  const m = /targetgroup\/([^/]+)/.exec(arn);
  return m?.[1] ?? arn;
}

/** Docker's ephemeral range on Linux, where a bridge mapping without a hostPort binds. */
export const DYNAMIC_PORTS = { min: 32768, max: 60999 } as const;

/** The bridge mappings that bind a dynamic host port, as [container, mapping] in order. */
export function dynamicBindings(td: Scenario['taskDefinition']): [string, number][] {
  if (td.networkMode !== 'bridge') return [];
  return td.containerDefinitions.flatMap((c) => c.portBindings.flatMap((b, i): [string, number][] => (b.hostPort === null ? [[c.name, i]] : [])));
}

/**
 * EC2's private DNS name for an address: `ip-10-0-1-184.ec2.internal` in
 * us-east-1, `ip-10-0-4-128.us-west-2.compute.internal` elsewhere (as real
 * DescribeTasks output and task state change events show it).
 */
export function privateDnsName(ip: string, region: string): string {
  const host = `ip-${ip.replaceAll('.', '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

/** The name of zone `az` (0, 1, 2) of a region: us-east-1a, … */
export const zoneName = (region: string, az: number) => `${region}${'abc'[az]}`;
