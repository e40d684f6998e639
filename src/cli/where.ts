// Where the task ran, for `run --format table`: what an operator looks up
// first (the instance, the zone, the address or host ports, what each target
// group sends to), which the timeline above shows only as statuses.
import { ec2InstanceIdOf, targetGroupName } from '../sim/ids.ts';
import type { DescribedTask } from '../sim/project/describe-task.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import type { TraceEntry } from '../sim/types.ts';
import { printable } from '../sim/printable.ts';


/** A target's statuses once the load balancer has it (registering is the call under way; unused comes after a drain, or a registration that failed). */
const REGISTERED = new Set(['initial', 'healthy', 'unhealthy', 'draining']);

export function whereItRan(s: Scenario, task: DescribedTask, trace: readonly TraceEntry[]): string {
  const lines: string[] = [];
  // placed: in a zone, or (ECS Anywhere, in none) on its instance
  const placed = task.availabilityZone !== undefined || (task.launchType === 'EXTERNAL' && task.containerInstanceArn !== undefined);
  const instance = task.containerInstanceArn ? ec2InstanceIdOf(task.containerInstanceArn) : null;
  // ECS Anywhere runs on a server of yours, registered with Systems Manager as a managed instance (mi-…)
  const host = task.launchType === 'EXTERNAL' ? `external instance ${instance?.replace(/^i-/, 'mi-')}, a server of yours` : `EC2 instance ${instance}`;
  const on = instance ? `container instance ${task.containerInstanceArn!.split('/').at(-1)} (${host})` : task.launchType === 'FARGATE' ? `Fargate platform ${task.platformVersion ?? 'LATEST'}` : null;
  // Fargate Spot, or an Auto Scaling group's provider: the launch type alone hides it (events carry capacityProviderName)
  const launch = s.capacityProviderName ? `${task.launchType} (capacity provider ${s.capacityProviderName})` : task.launchType;
  lines.push(`Where: ${[launch, `${s.taskDefinition.networkMode} network mode`, placed ? (task.availabilityZone ?? 'in no AWS zone (on premises)') : 'not placed', on].filter(Boolean).join(', ')}`);
  const eni = task.attachments.find((a) => a.type === 'ElasticNetworkInterface');
  const detail = (name: string) => eni?.details.find((d) => d.name === name)?.value;
  const address = detail('privateIPv4Address');
  if (eni) lines.push(`  network interface ${detail('networkInterfaceId') ?? `(${task.lastStatus === 'STOPPED' ? 'never attached' : 'not attached yet'}: ${eni.status})`}${address ? ` ${address}` : ''} in ${detail('subnetId')}`);
  for (const c of task.containers)
    if (c.networkBindings.length) lines.push(`  ${c.name} ports: ${c.networkBindings.map((b) => `${b.bindIP}:${b.hostPort} → ${b.containerPort}/${b.protocol}`).join(', ')}`);
  if (s.taskDefinition.networkMode === 'host') lines.push(`  host network mode: each container port is that port of the instance (no networkBindings are reported)`);
  s.loadBalancers.forEach((lb, i) => {
    const registered = trace.some((e) => e.actor === `target-${i}` && REGISTERED.has(e.to));
    // awsvpc: the task's address (target type ip); bridge: the instance and the host port Docker bound; host: the instance and the container port
    const port = s.taskDefinition.networkMode === 'bridge' ? task.containers.find((c) => c.name === lb.containerName)?.networkBindings.find((b) => b.containerPort === lb.containerPort)?.hostPort : lb.containerPort;
    const target = s.taskDefinition.networkMode === 'awsvpc' ? `${address}:${port} (target type ip)` : `${instance}:${port} (target type instance)`;
    const tried = trace.some((e) => e.actor === `target-${i}` && e.to === 'registering');
    const not = !placed ? 'never registered (the task was never placed)' : task.lastStatus !== 'STOPPED' ? 'not registered yet' : `never registered (${tried ? 'its registration failed' : 'the task stopped before it got that far'})`;
    lines.push(`  target group ${targetGroupName(lb.targetGroupArn)}: ${registered ? `the task was registered as ${target}` : not}`);
  });
  // what came from the input (names, ARNs) is escaped line by line, keeping the line breaks
  return lines.map(printable).join('\n') + '\n';
}
