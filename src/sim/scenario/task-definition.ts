// Finds the task definition in whatever the user handed us and normalises it.
// Accepted shapes:
//   1. a scenario: { taskDefinition: {...}, launchType, timeline, ... }
//   2. a bare task definition (register-task-definition input): { family, containerDefinitions, ... }
//   3. describe-task-definition output: { taskDefinition: {..., taskDefinitionArn, revision}, tags }
//   4. a scenario whose taskDefinition is describe-task-definition output (taskDefinition.taskDefinition)
// Shape 3 needs no case of its own: it is a scenario with nothing but a task
// definition (`tags` and the describe-only fields are stripped as unmodelled).
// Field names in messages follow the file as written (`containerDefinitions[0]`
// for a bare definition, `taskDefinition.taskDefinition…` when nested).
import { foreignShape } from './foreign-shapes.ts';
import { misspelt } from './typos.ts';
import { noContainerNamed } from './container-name.ts';
import { fieldPath, parseOrThrow } from './errors.ts';
import { MAX_PORT_RANGES, taskDefinitionSchema } from './task-definition.schema.ts';
import { ScenarioError, type ContainerDefinition, type NetworkMode, type TaskDefinition } from './types.ts';
import { DYNAMIC_PORTS } from '../ids.ts';

const DYNAMIC_PORT_COUNT = DYNAMIC_PORTS.max - DYNAMIC_PORTS.min + 1;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface Located {
  /** the raw task definition */
  definition: unknown;
  /** where it sits in the file, as a path prefix ('' for a bare definition) */
  at: string;
  /** the object holding the scenario keys (the definition itself when bare) */
  scenario: Json;
}

export function locateTaskDefinition(raw: Json): Located {
  if ('taskDefinition' in raw) {
    const inner = raw.taskDefinition;
    if (isObject(inner) && isObject(inner.taskDefinition) && !('containerDefinitions' in inner)) {
      return { definition: inner.taskDefinition, at: 'taskDefinition.taskDefinition', scenario: raw };
    }
    // Terraform's attributes put where the definition goes: named, as they are on their own
    const foreign = isObject(inner) && !('containerDefinitions' in inner) ? foreignShape(inner) : null;
    if (foreign) throw new ScenarioError('taskDefinition', `must be a task definition: ${foreign}`);
    return { definition: inner, at: 'taskDefinition', scenario: raw };
  }
  // A bare definition has none of the scenario keys (timeline, faults, …), but
  // when someone adds them beside containerDefinitions they mean them.
  if ('containerDefinitions' in raw) return { definition: raw, at: '', scenario: raw };
  // a CloudFormation resource: its Properties are in CloudFormation's PascalCase, not the API's JSON
  if (raw.Type === 'AWS::ECS::TaskDefinition')
    throw new ScenarioError(
      'taskDefinition',
      'required: this is a CloudFormation resource (Type AWS::ECS::TaskDefinition), whose Properties spell fields as CloudFormation does (ContainerDefinitions); give the registered definition instead: aws ecs describe-task-definition --task-definition <family> prints it',
    );
  const foreign = foreignShape(raw);
  if (foreign) throw new ScenarioError('taskDefinition', `required: ${foreign}`);
  // CreateService's taskDefinition, put under "service": it names what the service runs, but here the scenario's does
  if (isObject(raw.service) && raw.service.taskDefinition !== undefined)
    throw new ScenarioError('taskDefinition', 'required at the top level of the scenario: service.taskDefinition is not read (the service runs the scenario\'s "taskDefinition"), so move the definition up');
  // a bare definition with its key misspelt says so, rather than "taskDefinition: required"
  const typo = Object.keys(raw).find((k) => misspelt(k, ['containerDefinitions', 'taskDefinition']));
  throw new ScenarioError(
    'taskDefinition',
    `required: give a scenario with a "taskDefinition", or a task definition with "containerDefinitions"${typo ? ` (did you mean ${misspelt(typo, ['containerDefinitions', 'taskDefinition'])}? found ${typo})` : ''}`,
  );
}

/**
 * describe-task-definition output names the definition twice: by `family` and
 * `revision`, and by its ARN. A dump trimmed to the ARN keeps its name, so its
 * events carry the revision it was registered as, not 1.
 */
export function namedByArn(definition: unknown): unknown {
  if (!isObject(definition) || typeof definition.taskDefinitionArn !== 'string') return definition;
  const m = /:task-definition\/([A-Za-z0-9_-]{1,255}):([1-9]\d{0,9})$/.exec(definition.taskDefinitionArn);
  if (!m) return definition;
  const family = definition.family ?? m[1];
  // another family's revision number would name a definition that is not this one
  const revision = definition.revision ?? (family === m[1] ? Number(m[2]) : undefined);
  return { ...definition, family, revision };
}

/** Notes on how the definition is named: RegisterTaskDefinition requires a family, and an ARN naming another one is likely a slip. */
export function namingWarnings(definition: unknown, at: string): string[] {
  if (!isObject(definition)) return [];
  const field = (key: string) => fieldPath(at, [key]);
  if (definition.family == null) return [`${field('family')}: missing (RegisterTaskDefinition requires one), so the task's family is "task" (task-definition/task:1, group family:task).`];
  const arn = typeof definition.taskDefinitionArn === 'string' ? /:task-definition\/([^:/]+):(\d+)$/.exec(definition.taskDefinitionArn) : null;
  if (arn && arn[1] !== definition.family)
    return [`${field('taskDefinitionArn')} names family ${JSON.stringify(arn[1])}, but family is ${JSON.stringify(definition.family)}: the task uses ${JSON.stringify(definition.family)}.`];
  if (arn && definition.revision != null && String(definition.revision) !== arn[2])
    return [`${field('taskDefinitionArn')} names revision ${arn[2]}, but revision is ${JSON.stringify(definition.revision)}: the task uses revision ${JSON.stringify(definition.revision)}.`];
  return [];
}

/**
 * A revision describe-task-definition shows deregistered (INACTIVE) or being
 * deleted: AWS starts no new task from it (RunTask and CreateService refuse
 * it, DeregisterTaskDefinition says), so a run of it is a what-if.
 */
export function statusWarnings(definition: unknown, at: string): string[] {
  if (!isObject(definition) || (definition.status !== 'INACTIVE' && definition.status !== 'DELETE_IN_PROGRESS')) return [];
  return [
    `${fieldPath(at, ['status'])} is ${definition.status}: this revision is deregistered, and AWS starts no new task or service from it (RunTask and CreateService refuse it); the simulator runs it as if it were ACTIVE. Register it again to run it in AWS.`,
  ];
}

export interface Normalised {
  taskDefinition: TaskDefinition;
  /** false when networkMode was missing and defaulted to bridge */
  networkModeGiven: boolean;
}

export function normaliseTaskDefinition(definition: unknown, at: string): Normalised {
  const parsed = parseOrThrow(taskDefinitionSchema, definition, at);
  const field = (...path: (string | number)[]) => fieldPath(at, path);
  // RegisterTaskDefinition refuses FARGATE compatibility without awsvpc, so a
  // missing networkMode cannot fall back to bridge here.
  if (parsed.networkMode !== 'awsvpc' && parsed.requiresCompatibilities.includes('FARGATE')) {
    throw new ScenarioError(
      field('networkMode'),
      `FARGATE (in requiresCompatibilities) requires networkMode awsvpc, got ${parsed.networkMode ?? 'nothing'}`,
    );
  }
  const networkMode = parsed.networkMode ?? 'bridge'; // the EC2 default
  checkContainers(parsed.containerDefinitions, (...path) => field('containerDefinitions', ...path));
  checkPortRanges(parsed.containerDefinitions, networkMode, (...path) => field('containerDefinitions', ...path));
  checkHostPorts(parsed.containerDefinitions, networkMode, (...path) => field('containerDefinitions', ...path));
  const { executionRoleArn, ...rest } = parsed;
  // RegisterTaskDefinition: "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'"
  const withSecrets = parsed.containerDefinitions.findIndex((c) => c.secrets.length > 0);
  if (withSecrets >= 0 && executionRoleArn === null)
    throw new ScenarioError(
      field('executionRoleArn'),
      `required when a container has secrets (containerDefinitions[${withSecrets}].secrets): the agent retrieves them with the task execution role, and RegisterTaskDefinition refuses secrets without one`,
    );
  return { taskDefinition: { ...rest, networkMode }, networkModeGiven: parsed.networkMode !== null };
}

/**
 * What RegisterTaskDefinition refuses about ports: in host mode a hostPort
 * other than the containerPort, and a port bound twice in one task (a host
 * port; in awsvpc, a container port on the task's own interface). awsvpc also
 * wants hostPort equal to containerPort, but older real definitions differ,
 * and an awsvpc task binds no host port: its hostPort is ignored.
 */
function checkHostPorts(containers: ContainerDefinition[], mode: NetworkMode, field: Field): void {
  if (mode === 'none') {
    // "If the network mode is set to none, you cannot specify port mappings" (TaskDefinition.networkMode)
    const i = containers.findIndex((c) => c.portBindings.length > 0 || c.portRanges.length > 0);
    if (i >= 0)
      throw new ScenarioError(field(i, 'portMappings'), 'must be empty with networkMode none: its containers have no network, and RegisterTaskDefinition refuses port mappings there');
    return;
  }
  const seen = new Set<string>();
  let dynamic = 0;
  containers.forEach((c, i) =>
    c.portBindings.forEach((b) => {
      const at = (key: string) => field(i, 'portMappings', b.index, key);
      // Docker takes each from the ephemeral range: no instance has more
      if (mode === 'bridge' && b.hostPort === null && ++dynamic > DYNAMIC_PORT_COUNT)
        throw new ScenarioError(at('hostPort'), `the task would bind more than ${DYNAMIC_PORT_COUNT.toLocaleString('en-US')} dynamic host ports, all an instance has (${DYNAMIC_PORTS.min}–${DYNAMIC_PORTS.max}); give hostPorts`);
      if (mode === 'host' && b.hostPort !== null && b.hostPort !== b.containerPort)
        throw new ScenarioError(at('hostPort'), `must be left out or equal to containerPort (${b.containerPort}) in host network mode, got ${b.hostPort}`);
      const port = mode === 'bridge' ? b.hostPort : b.containerPort;
      if (port === null) return; // a dynamic port
      const key = `${port}/${b.protocol}`;
      const what = mode === 'awsvpc' ? 'port' : 'host port';
      if (seen.has(key)) throw new ScenarioError(at(mode === 'bridge' ? 'hostPort' : 'containerPort'), `${b.protocol.toUpperCase()} ${what} ${port} is mapped multiple times in the task (AWS refuses it)`);
      seen.add(key);
    }),
  );
  // a bridge range takes an ephemeral host port for each of its ports (PortMapping, containerPortRange)
  if (mode === 'bridge')
    containers.forEach((c, i) =>
      c.portRanges.forEach((r) => {
        dynamic += r.last - r.first + 1;
        if (dynamic > DYNAMIC_PORT_COUNT)
          throw new ScenarioError(field(i, 'portMappings', r.index, 'containerPortRange'), `the task would bind more than ${DYNAMIC_PORT_COUNT.toLocaleString('en-US')} dynamic host ports, all an instance has (${DYNAMIC_PORTS.min}–${DYNAMIC_PORTS.max}): a bridge range takes one for each of its ports, got ${JSON.stringify(r.text)}`);
      }),
    );
}

/** A mapping's container ports, one port or a range, as the overlap checks compare them. */
interface Mapped {
  first: number;
  last: number;
  protocol: 'tcp' | 'udp';
  index: number;
  key: 'containerPort' | 'containerPortRange';
  /** the value as given, for messages: 8005 or "8000-8010" */
  shown: string;
  range: boolean;
}

const mappedPorts = (c: ContainerDefinition): Mapped[] =>
  [
    ...c.portBindings.map((b): Mapped => ({ first: b.containerPort, last: b.containerPort, protocol: b.protocol, index: b.index, key: 'containerPort', shown: String(b.containerPort), range: false })),
    ...c.portRanges.map((r): Mapped => ({ first: r.first, last: r.last, protocol: r.protocol, index: r.index, key: 'containerPortRange', shown: JSON.stringify(r.text), range: true })),
  ].sort((a, b) => a.index - b.index);

const overlap = (a: Mapped, b: Mapped) => a.first <= b.last && b.first <= a.last;
/** how `m` meets the mapping before it, in words: a port is in a range, a range includes a port or overlaps a range */
const meets = (m: Mapped, earlier: Mapped) => (!m.range ? 'be in' : earlier.range ? 'overlap' : 'include');

/**
 * What RegisterTaskDefinition refuses about containerPortRange (PortMapping):
 * a range outside bridge and awsvpc, more than 100 ranges in a container, and
 * a port in two mappings of one container (ranges overlapping each other or a
 * containerPort; the rule names no protocol, and "you can't expose the same
 * container port for multiple protocols"). Two containerPorts alone are
 * checkHostPorts' business. An awsvpc range is bound as it is on the task's
 * own interface, so there it must not meet another container's port of its
 * protocol either, as a containerPort must not.
 */
function checkPortRanges(containers: ContainerDefinition[], mode: NetworkMode, field: Field): void {
  // none refuses every mapping, ranges too (checkHostPorts says so)
  if (mode === 'none') return;
  containers.forEach((c, i) => {
    const [first] = c.portRanges;
    if (!first) return;
    if (mode !== 'bridge' && mode !== 'awsvpc')
      throw new ScenarioError(field(i, 'portMappings', first.index, 'containerPortRange'), `needs networkMode bridge or awsvpc (AWS takes port ranges only there), got ${mode}`);
    if (c.portRanges.length > MAX_PORT_RANGES)
      throw new ScenarioError(field(i, 'portMappings'), `at most ${MAX_PORT_RANGES} port ranges (containerPortRange) per container, got ${c.portRanges.length}`);
    const mapped = mappedPorts(c);
    mapped.forEach((m, j) => {
      const earlier = mapped.slice(0, j).find((e) => (e.range || m.range) && overlap(e, m));
      if (!earlier) return;
      const anyProtocol = earlier.protocol === m.protocol ? '' : ', whatever its protocol';
      throw new ScenarioError(
        field(i, 'portMappings', m.index, m.key),
        `must not ${meets(m, earlier)} portMappings[${earlier.index}].${earlier.key} ${earlier.shown} (a port can be in only one of a container's port mappings${anyProtocol}), got ${m.shown}`,
      );
    });
  });
  if (mode !== 'awsvpc') return;
  const bound: (Mapped & { container: number })[] = [];
  containers.forEach((c, i) =>
    mappedPorts(c).forEach((m) => {
      const other = bound.find((b) => b.container !== i && b.protocol === m.protocol && (b.range || m.range) && overlap(b, m));
      if (other)
        throw new ScenarioError(
          field(i, 'portMappings', m.index, m.key),
          `must not ${meets(m, other)} containerDefinitions[${other.container}].portMappings[${other.index}].${other.key} ${other.shown} (${m.protocol.toUpperCase()}): an awsvpc task's containers share its network interface, where a port is bound once, got ${m.shown}`,
        );
      bound.push({ ...m, container: i });
    }),
  );
}

/** the path of something under containerDefinitions */
type Field = (...path: (string | number)[]) => string;

function checkContainers(containers: ContainerDefinition[], field: Field): void {
  const index = new Map<string, number>();
  containers.forEach((c, i) => {
    const first = index.get(c.name);
    if (first !== undefined) throw new ScenarioError(field(i, 'name'), `duplicate container name "${c.name}" (also containerDefinitions[${first}])`);
    index.set(c.name, i);
  });
  if (!containers.some((c) => c.essential)) {
    throw new ScenarioError(field(), 'at least one container must be essential (all have essential: false)');
  }
  const names = containers.map((c) => c.name);
  containers.forEach((c, i) =>
    c.dependsOn.forEach((d, j) => {
      const target = containers[index.get(d.containerName) ?? -1];
      if (!target) {
        throw new ScenarioError(field(i, 'dependsOn', j, 'containerName'), noContainerNamed(d.containerName, 'in the task definition', names));
      }
      if (target === c) throw new ScenarioError(field(i, 'dependsOn', j, 'containerName'), `container "${c.name}" cannot depend on itself`);
      if (d.condition === 'HEALTHY' && !target.healthCheck) {
        throw new ScenarioError(field(i, 'dependsOn', j, 'condition'), `HEALTHY requires container "${target.name}" to have a healthCheck`);
      }
      // ECS: COMPLETE and SUCCESS "can't be set on an essential container" (the one depended on).
      if ((d.condition === 'COMPLETE' || d.condition === 'SUCCESS') && target.essential) {
        throw new ScenarioError(field(i, 'dependsOn', j, 'condition'), `${d.condition} requires container "${target.name}" to be non-essential (essential: false)`);
      }
    }),
  );
  findCycle(containers, index, field);
}

// Depth-first search; the dependsOn entry that closes a cycle is the one named.
function findCycle(containers: ContainerDefinition[], index: Map<string, number>, field: Field): void {
  const state: ('new' | 'open' | 'done')[] = containers.map(() => 'new');
  const trail: number[] = [];
  const visit = (i: number): void => {
    state[i] = 'open';
    trail.push(i);
    containers[i]?.dependsOn.forEach((d, j) => {
      const k = index.get(d.containerName) ?? -1;
      if (state[k] === 'open') {
        const cycle = [...trail.slice(trail.indexOf(k)), k].map((n) => containers[n]?.name).join(' → ');
        throw new ScenarioError(field(i, 'dependsOn', j), `dependency cycle: ${cycle}`);
      }
      if (state[k] === 'new') visit(k);
    });
    trail.pop();
    state[i] = 'done';
  };
  containers.forEach((_, i) => state[i] === 'new' && visit(i));
}
