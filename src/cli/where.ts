// Where the task ran, for `run --format table`: what an operator looks up
// first (the instance, the zone, the address or host ports, what each target
// group sends to), which the timeline above shows only as statuses.
import { ec2InstanceIdOf } from '../sim/ids.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { printable } from './printable.ts';

interface Binding { bindIP: string; containerPort: number; hostPort: number; protocol: string }
interface DescribedTask {
  launchType?: string;
  platformVersion?: string;
  availabilityZone?: string;
  containerInstanceArn?: string;
  attachments?: { type: string; details: { name: string; value: string }[] }[];
  containers: { name: string; networkBindings?: Binding[] }[];
}

export function whereItRan(s: Scenario, task: DescribedTask): string {
  const lines: string[] = [];
  const instance = task.containerInstanceArn ? ec2InstanceIdOf(task.containerInstanceArn) : null;
  const on = instance ? `container instance ${task.containerInstanceArn!.split('/').at(-1)} (EC2 instance ${instance})` : task.launchType === 'FARGATE' ? `Fargate platform ${task.platformVersion ?? 'LATEST'}` : null;
  lines.push(`Where: ${[task.launchType, `${s.taskDefinition.networkMode} network mode`, task.availabilityZone ?? 'not placed', on].filter(Boolean).join(', ')}`);
  const eni = task.attachments?.find((a) => a.type === 'ElasticNetworkInterface');
  const detail = (name: string) => eni?.details.find((d) => d.name === name)?.value;
  const address = detail('privateIPv4Address');
  if (eni) lines.push(`  network interface ${detail('networkInterfaceId') ?? '(not created)'}${address ? ` ${address}` : ''} in ${detail('subnetId')}`);
  for (const c of task.containers)
    if (c.networkBindings?.length) lines.push(`  ${c.name} ports: ${c.networkBindings.map((b) => `${b.bindIP}:${b.hostPort} → ${b.containerPort}/${b.protocol}`).join(', ')}`);
  if (s.taskDefinition.networkMode === 'host')
    lines.push(`  host network mode: each container port is that port of the instance (no networkBindings are reported)`);
  for (const lb of s.loadBalancers) {
    const name = /targetgroup\/([^/]+)/.exec(lb.targetGroupArn)?.[1] ?? lb.targetGroupArn;
    const binding = task.containers.find((c) => c.name === lb.containerName)?.networkBindings?.find((b) => b.containerPort === lb.containerPort);
    // awsvpc: the target is the task's address (target type ip); else the instance and the host port
    const target = s.taskDefinition.networkMode === 'awsvpc' ? (address ? `${address}:${lb.containerPort} (target type ip)` : null) : instance ? `${instance}:${binding?.hostPort ?? lb.containerPort} (target type instance)` : null;
    lines.push(`  target group ${name}: ${target ? `the task registers as ${target}` : 'nothing registered (the task was not placed)'}`);
  }
  // what came from the input (names, ARNs) is escaped line by line, keeping the line breaks
  return lines.map(printable).join('\n') + '\n';
}
