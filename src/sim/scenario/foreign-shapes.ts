// What people paste that is about ECS but is not a task definition: said by
// name, with the command that prints what the simulator reads, rather than
// "taskDefinition: required" (each shape as the AWS CLI or a template has it).
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const DESCRIBE = 'aws ecs describe-task-definition --task-definition';

/** A short quote of a name the person gave, for prose. */
const quote = (s: string) => (s.length <= 120 ? s : `${s.slice(0, 117)}…`);

/**
 * A name the person gave, as an argument of a command they will copy into a
 * shell: as it is when it is a family, `family:revision` or an ARN, else the
 * placeholder. Text from a pasted file or a shared link is not theirs to
 * trust: `web:3$(curl …|sh)` must not reach a terminal as a command.
 */
const shellArg = (name: string | undefined, placeholder: string) => (name !== undefined && name.length <= 300 && /^[\w.:/@+=,-]+$/.test(name) ? name : placeholder);

/** What this object is, when it is a known shape that is not a scenario or task definition; else null. */
export function foreignShape(raw: Json): string | null {
  const resources = raw.Resources;
  if (typeof resources === 'object' && resources !== null && Object.values(resources).some((r) => (r as Json | null)?.Type === 'AWS::ECS::TaskDefinition'))
    return `this is a CloudFormation template, whose task definition spells fields as CloudFormation does (ContainerDefinitions); give the registered definition instead: ${DESCRIBE} <family> prints it`;
  const named = (list: unknown) => (Array.isArray(list) ? (list as (Json | null)[]).map((t) => t?.taskDefinitionArn ?? t?.taskDefinition).find((a) => typeof a === 'string') : undefined) as string | undefined;
  // the simulator's own output, fed back: run --format json (a task's, or a service's with its tasks)
  if (Array.isArray(raw.events) && (isObject(raw.task) || isObject(raw.service))) {
    const arn = (isObject(raw.task) ? raw.task : (raw.service as Json)).taskDefinition ?? (raw.task as Json | undefined)?.taskDefinitionArn;
    return `this is the output of ecs-lifecycle run --format json (the events and what DescribeTasks would say), not a scenario: give the scenario it ran, or what ${DESCRIBE} ${shellArg(typeof arn === 'string' ? arn : undefined, '<family>')} prints`;
  }
  if (Array.isArray(raw.tasks))
    return `this is DescribeTasks output, which describes tasks, not their definition: give what ${DESCRIBE} ${shellArg(named(raw.tasks), '<taskDefinitionArn>')} prints`;
  if (Array.isArray(raw.services))
    return `this is DescribeServices output, which names its task definition without its containers: give what ${DESCRIBE} ${shellArg(named(raw.services), '<taskDefinition>')} prints`;
  // Terraform: an aws_ecs_task_definition's attributes (snake_case, container_definitions a JSON
  // string), or a state file or `terraform show -json`, which hold them among other resources
  if (typeof raw.container_definitions === 'string')
    return `this is Terraform's aws_ecs_task_definition, whose fields are snake_case and whose container_definitions is a JSON string; give the registered definition instead: ${DESCRIBE} ${shellArg(typeof raw.family === 'string' ? raw.family : undefined, '<family>')} prints it`;
  // Terraform's JSON syntax (a .tf.json file): its resources under "resource", expressions in strings
  const resource = raw.resource;
  if (typeof resource === 'object' && resource !== null && 'aws_ecs_task_definition' in resource)
    return `this is Terraform configuration in JSON (.tf.json), which declares the definition with Terraform's expressions; give the registered definition instead (after terraform apply): ${DESCRIBE} <family> prints it`;
  if (typeof raw.terraform_version === 'string' || (typeof raw.format_version === 'string' && typeof raw.values === 'object'))
    return `this is Terraform state, whose task definitions are resources' attributes (snake_case); give the registered definition instead: ${DESCRIBE} <family> prints it`;
  // one task of DescribeTasks (its --query 'tasks[0]', or the "task" of run --format json)
  if (typeof raw.taskArn === 'string' && typeof raw.lastStatus === 'string')
    return `this is a task as DescribeTasks describes it, not its definition: give what ${DESCRIBE} ${shellArg(typeof raw.taskDefinitionArn === 'string' ? raw.taskDefinitionArn : undefined, '<taskDefinitionArn>')} prints`;
  // a line of paths --format events: a lifecycle's id and its event
  if (typeof raw.path === 'string' && isObject(raw.event)) {
    const inner = foreignShape(raw.event);
    if (inner) return `this is a line of ecs-lifecycle paths --format events (lifecycle ${quote(raw.path)}); its event: ${inner}`;
  }
  if (typeof raw['detail-type'] === 'string' && raw.source === 'aws.ecs') {
    const arn = (raw.detail as Json | null)?.taskDefinitionArn;
    return `this is an EventBridge event (${quote(raw['detail-type'])}), what the simulator writes: to simulate its task, give what ${DESCRIBE} ${shellArg(typeof arn === 'string' ? arn : undefined, '<family>')} prints`;
  }
  return null;
}

/** RunTask or CreateService input names its definition (`"taskDefinition": "web:3"`): the simulator needs its JSON. */
export const namedDefinition = (name: string) =>
  `must be an object (a task definition), got ${JSON.stringify(quote(name))}: a name or ARN names a definition registered in AWS, which the simulator cannot read; give its JSON instead (${DESCRIBE} ${shellArg(name, '<family:revision>')} prints it)`;

/**
 * Terraform in its own syntax (a .tf file): a block such as
 * `resource "aws_ecs_task_definition" "web" {` among its first lines, past comments.
 */
export const looksLikeHcl = (source: string) =>
  source
    .split('\n', 20)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(#|\/\/|\/\*|\*)/.test(l))
    .slice(0, 1)
    .some((l) => /^(resource|data|module|variable|provider|locals|terraform|output)\b[^=]*\{$/.test(l));

/** What to give instead of Terraform in its own syntax. */
export const HCL_HINT = `this looks like Terraform (HCL): the scenario is JSON; give the registered definition instead (after terraform apply): ${DESCRIBE} <family> prints it`;

/** Text that fails as JSON from its first character but reads like YAML (`family: web`). */
export const looksLikeYaml = (source: string) => /^(---\s*$|[A-Za-z_][\w-]*:(\s|$)|- )/m.test(source.trimStart().split('\n')[0] ?? '');
