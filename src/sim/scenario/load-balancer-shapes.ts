// Load balancer entries as people give them, at the top or in the service:
// a Classic Load Balancer, a name beside a target group, describe-services
// output pasted whole, each said by name rather than a missing field.
import { ScenarioError } from './types.ts';
import { entries, isRecord } from './scenario-keys.ts';

/** Every load balancer entry the scenario gives, with where (at the top or in its service). */
function loadBalancerEntries(scenario: Record<string, unknown>): [Record<string, unknown>, string][] {
  const service = isRecord(scenario.service) ? scenario.service : {};
  return ([[scenario.loadBalancers, 'loadBalancers'], [service.loadBalancers, 'service.loadBalancers']] as const).flatMap(([list, at]) =>
    entries(list).map(([lb, i]) => [lb, `${at}[${i}]`] as [Record<string, unknown>, string]),
  );
}

/**
 * A Classic Load Balancer (loadBalancerName, no target group): ECS still takes
 * one for EC2 services, the simulator has no such thing; say so rather than
 * "targetGroupArn: got nothing".
 */
export function noClassicLoadBalancers(scenario: Record<string, unknown>): void {
  for (const [lb, at] of loadBalancerEntries(scenario))
    if (lb.loadBalancerName != null && lb.targetGroupArn == null)
      throw new ScenarioError(`${at}.loadBalancerName`, 'Classic Load Balancers are not simulated: give the targetGroupArn of an Application or Network Load Balancer target group instead');
}
/** describe-services output pasted whole as the service: say which part to take, rather than "serviceName: got nothing". */
export function notWrappedServices(scenario: Record<string, unknown>): void {
  const service = scenario.service;
  if (isRecord(service) && service.serviceName === undefined && Array.isArray(service.services))
    throw new ScenarioError('service', 'looks like the output of describe-services: give one of its "services" (the object itself) as the service');
}
/** A name beside a target group: AWS asks to leave it out for an Application or Network Load Balancer; the target group is what runs. */
export const classicNamesIgnored = (scenario: Record<string, unknown>): string[] =>
  loadBalancerEntries(scenario)
    .filter(([lb]) => lb.loadBalancerName != null && lb.targetGroupArn != null)
    .map(([, at]) => `${at}.loadBalancerName is ignored: with a targetGroupArn (an Application or Network Load Balancer) AWS asks to leave the name out; the target group is what the task registers with.`);

