// Where a task runs: the region and account its cluster's ARN, or its task
// definition's, says, unless the scenario's settings say otherwise; and a
// warning when they disagree, rather than one of them winning in silence.
import { REGION_CODE } from './scenario.schema.ts';
import { isRecord } from './scenario-keys.ts';

/** An ECS ARN's region (when it names a real one) and account. */
function placeOf(arn: unknown, resource: string): { region: string | null; account: string } | null {
  const m = typeof arn === 'string' ? new RegExp(`^arn:aws[\\w-]*:ecs:([a-z0-9-]+):(\\d{12}):${resource}/`).exec(arn) : null;
  // an ARN from an emulator may name no real region: then the default stays
  return m ? { region: REGION_CODE.test(m[1]!) ? m[1]! : null, account: m[2]! } : null;
}

/**
 * A cluster given by its ARN, and describe-task-definition output, say where
 * the task runs: their region and account become the run's (and so every
 * ARN's) unless the scenario's settings say otherwise; the cluster's first.
 */
export function whereRegistered(definition: unknown, scenario: Record<string, unknown>): { region?: string; account?: string } {
  const given = (isRecord(scenario.settings) ? scenario.settings : {}) as Record<string, unknown>;
  const places = [placeOf(given.cluster, 'cluster'), placeOf((definition as { taskDefinitionArn?: unknown } | null)?.taskDefinitionArn, 'task-definition')];
  const region = places.find((p) => p?.region)?.region;
  const account = places.find((p) => p)?.account;
  return { ...(given.region == null && region ? { region } : {}), ...(given.account == null && account ? { account } : {}) };
}

/**
 * A cluster ARN elsewhere than settings.region or settings.account say (the
 * settings win), or than the task definition's ARN (the cluster's wins), or,
 * with no cluster ARN, the definition's ARN elsewhere than the settings say
 * (the settings win): not in silence.
 */
export function clusterElsewhere(scenario: Record<string, unknown>, definition: unknown): string[] {
  const given = (isRecord(scenario.settings) ? scenario.settings : {}) as Record<string, unknown>;
  const p = placeOf(given.cluster, 'cluster');
  const d = placeOf((definition as { taskDefinitionArn?: unknown } | null)?.taskDefinitionArn, 'task-definition');
  // settings that name another place than the definition's ARN rewrite it, cluster or not
  const definitionMoved = d
    ? [
        ...(typeof given.region === 'string' && d.region && d.region !== given.region ? [`taskDefinitionArn is in ${d.region}, but settings.region is ${given.region}: every ARN is built in ${given.region}, the task definition's too (leave settings.region out to run where it was registered)`] : []),
        ...(typeof given.account === 'string' && d.account !== given.account ? [`taskDefinitionArn is in account ${d.account}, but settings.account is ${given.account}: every ARN is built in ${given.account}, the task definition's too (leave settings.account out to use its account)`] : []),
      ]
    : [];
  if (!p) return definitionMoved;
  const regionGiven = typeof given.region === 'string';
  const accountGiven = typeof given.account === 'string';
  return [
    ...(d && !(regionGiven && accountGiven) && ((!regionGiven && d.region && p.region && d.region !== p.region) || (!accountGiven && d.account !== p.account))
      ? [`taskDefinitionArn is in ${d.region ?? '?'} and account ${d.account}, but settings.cluster in ${p.region ?? '?'} and account ${p.account}: every ARN is built where the cluster is (give settings.region and settings.account to choose)`]
      : []),
    ...(typeof given.region === 'string' && p.region && p.region !== given.region ? [`settings.cluster is in ${p.region}, but settings.region is ${given.region}: every ARN is built in ${given.region} (leave settings.region out to run in the cluster's)`] : []),
    ...(typeof given.account === 'string' && p.account !== given.account ? [`settings.cluster is in account ${p.account}, but settings.account is ${given.account}: every ARN is built in ${given.account} (leave settings.account out to use the cluster's)`] : []),
    ...definitionMoved,
  ];
}
