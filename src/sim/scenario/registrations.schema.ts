// What a task registers with, in a scenario file: its load balancer target
// groups (ALB or NLB, at most five) and its Cloud Map service, at the top
// level or in the service, by the ARNs CreateService checks first.
import type { z } from 'zod';
import { counts, int, list, object, printable, text } from './fields.ts';
import { describe } from './errors.ts';

/** "At most 5 target groups per service" (ECS load balancer types). */
export const MAX_TARGET_GROUPS = 5;

// An ARN is at most 2,048 characters (IAM's limit for any ARN); a longer one is
// not an ARN, and would be copied into every event.
const arn = () => printable(text().max(2048, { error: (i) => `must be at most 2048 characters (an ARN), got ${String((i.input as string).length)}` }));

/** The ARN of a `resource` of `service` (what CreateService checks first): `arn:<partition>:<service>:<region>:<account>:<resource>/…`. */
const arnOf = (service: string, resource: string, what: string, example: string) => {
  const shape = new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:${resource}/\\S+$`);
  return arn().superRefine((given, ctx) => {
    if (!shape.test(given)) ctx.addIssue({ code: 'custom', input: given, message: `must be ${what} ARN such as ${example}, got ${describe(given)}` });
  });
};


const loadBalancer = object({
  targetGroupArn: arnOf('elasticloadbalancing', 'targetgroup', 'a target group', 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067'),
  containerName: text('must be the name of a container in the task definition'),
  containerPort: int(1, 65535),
});

// containerName and containerPort, or port, name what an SRV record points at; which of them a
// network mode needs is checked against the task definition (consistency.ts).
// (null is absent, as SDK dumps write what is not set)
const absent = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const serviceRegistry = object({
  registryArn: arnOf('servicediscovery', 'service', 'a Cloud Map service', 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef'),
  containerName: absent(text('must be the name of a container in the task definition')),
  containerPort: absent(int(1, 65535)),
  port: absent(int(1, 65535)),
});

// The same rules at the top level and under `service`.
export const loadBalancers = list(loadBalancer, 'an array of { targetGroupArn, containerName, containerPort }').max(MAX_TARGET_GROUPS, {
  error: counts(`at most ${MAX_TARGET_GROUPS} target groups`),
});
export const serviceRegistries = list(serviceRegistry, 'an array of { registryArn }, with containerName and containerPort or port for an SRV record').max(1, {
  error: counts('at most 1 service registry (ECS allows one per service)'),
});

