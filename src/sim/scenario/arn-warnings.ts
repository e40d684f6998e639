// What the ARNs a scenario gives say about it, beside its run: a target
// group or Cloud Map service of another Region, a target group name AWS
// would not take. The run goes on either way (an ARN is only a name to the
// simulator); `--strict` refuses a file with warnings.
import { targetGroupName } from '../ids.ts';
import type { Scenario } from './types.ts';

type Fields = { loadBalancers: string; serviceRegistries: string };

export function arnWarnings(s: Scenario, fields: Fields): string[] {
  return [...inOtherRegions(s, fields), ...badTargetGroupNames(s, fields)];
}

/**
 * Target groups and Cloud Map services are regional: ECS registers a task
 * only with those of its own Region. One elsewhere is likely an ARN copied from
 * another setup.
 */
function inOtherRegions(s: Scenario, fields: Fields): string[] {
  const regionOf = (arn: string) => arn.split(':')[3];
  const elsewhere = [
    ...s.loadBalancers.map((lb, i) => ({ field: `${fields.loadBalancers}[${i}].targetGroupArn`, region: regionOf(lb.targetGroupArn) })),
    ...s.serviceRegistries.map((r, i) => ({ field: `${fields.serviceRegistries}[${i}].registryArn`, region: regionOf(r.registryArn) })),
  ].filter((x) => x.region !== s.settings.region);
  return elsewhere.map(
    (x) => `${x.field} is in ${x.region}, but the task runs in ${s.settings.region}: ECS uses only its own Region's target groups and Cloud Map services (give settings.region to run in ${x.region}).`,
  );
}

/**
 * CreateTargetGroup takes 1 to 32 ASCII letters, digits and hyphens, no hyphen
 * first or last: a name outside that cannot be a real target group's. Said,
 * not refused: the page once named the groups it added after the family
 * (`my_app-1`), and a file it saved must still load.
 */
function badTargetGroupNames(s: Scenario, fields: Fields): string[] {
  return s.loadBalancers.flatMap((lb, i) => {
    const name = targetGroupName(lb.targetGroupArn);
    if (/^(?!-)[A-Za-z0-9-]{1,32}(?<!-)$/.test(name)) return [];
    return [
      `${fields.loadBalancers}[${i}].targetGroupArn names target group "${name}", which AWS would not create: a target group's name is 1 to 32 ASCII letters, numbers and hyphens, not beginning or ending with a hyphen (the run uses it as given).`,
    ];
  });
}
