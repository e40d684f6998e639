// The secrets a task's containers name (containerDefinitions[].secrets) and
// the RetrieveSecrets fault: one that is not there fails the task before any
// container is created, in the words of whoever retrieves it.
import type { LaunchType, Scenario } from './scenario/types.ts';

/**
 * How long a retrieval of a secret that is not there takes: the messages say
 * "retried 1 time(s)", so half a second to two seconds (our model; a network that does not
 * reach the service retries 5 times instead, which is not modelled). Under the
 * shortest image pull (PULL_MS: 2 s on EC2, where the pulls go on meanwhile),
 * so that no container is created before the task fails (a test holds it).
 */
export const SECRETS_FAIL_MS = { min: 500, max: 1900 } as const;

/**
 * Fargate retrieves the secrets before it pulls ("unable to pull secrets or
 * registry auth", our reading); the EC2 and ECS Anywhere agent pulls
 * meanwhile, a secret holding back only the creation of its container
 * (amazon-ecs-agent: the secret resource is a dependency of ContainerCreated).
 */
export const retrievedBeforePulls = (launchType: LaunchType) => launchType === 'FARGATE';

/** The parts of a Secrets Manager ARN, or null for anything else (an SSM parameter, by name or ARN). */
/** A Secrets Manager ARN without its JSON key and version, or null for anything else (an SSM parameter, by name or ARN). */
function secretsManagerArn(valueFrom: string): string | null {
  const parts = valueFrom.split(':');
  if (parts[0] !== 'arn' || parts[2] !== 'secretsmanager') return null;
  // arn:aws:secretsmanager:region:account:secret:name-AbCdEf[:json-key:version-stage:version-id]
  return parts.slice(0, 7).join(':');
}

/** The secret as the retrieval names it: a Secrets Manager ARN without its JSON key and version, else as written. */
export const secretIdOf = (valueFrom: string) => secretsManagerArn(valueFrom) ?? valueFrom;

/**
 * What is wrong with a valueFrom, or null. The agent takes a Secrets Manager
 * ARN with its secret's name, alone or followed by all three of JSON key,
 * version stage and version id (each may be empty), and refuses anything
 * between; an SSM ARN names a parameter.
 */
const MAX_VALUE_FROM = 2200;

export function valueFromProblem(valueFrom: string): string | null {
  // a name runs into the stoppedReason and every table row: bounded, as AWS bounds it
  if (valueFrom.length > MAX_VALUE_FROM)
    return `must be at most ${MAX_VALUE_FROM.toLocaleString('en-US')} characters (an SSM parameter's name is at most 2,048, its ARN a little more)`;
  const parts = valueFrom.split(':');
  if (parts[0] !== 'arn') return null;
  if (parts[2] === 'secretsmanager') {
    const ok = (parts.length === 7 || parts.length === 10) && /^[a-z0-9-]+$/.test(parts[3] ?? '') && /^\d{12}$/.test(parts[4] ?? '') && parts[5] === 'secret' && parts[6] !== '';
    return ok
      ? null
      : 'must be a Secrets Manager ARN such as "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", optionally followed by ":json-key:version-stage:version-id" (each may be empty)';
  }
  if (parts[2] === 'ssm') {
    const ok = parts.length === 6 && /^[a-z0-9-]+$/.test(parts[3] ?? '') && /^\d{12}$/.test(parts[4] ?? '') && /^parameter\/./.test(parts[5] ?? '');
    return ok ? null : 'must be an SSM parameter ARN such as "arn:aws:ssm:us-east-1:123456789012:parameter/db/password", or the parameter\'s name';
  }
  return 'must be a Secrets Manager secret ARN (arn:aws:secretsmanager:…) or an SSM parameter ARN (arn:aws:ssm:…) or name';
}

/**
 * The secret of this task definition the RetrieveSecrets faults make fail:
 * the first its containers name that a fault names (without valueFrom, any),
 * or null. A revision that names none of them starts as usual.
 */
export function failingSecret(s: Pick<Scenario, 'faults' | 'taskDefinition'>): string | null {
  const wanted = s.faults.flatMap((f) => (f.step === 'RetrieveSecrets' ? [f.valueFrom] : []));
  if (wanted.length === 0) return null;
  const named = s.taskDefinition.containerDefinitions.flatMap((c) => c.secrets.map((x) => x.valueFrom));
  return named.find((v) => wanted.includes(null) || picks(wanted, v)) ?? null;
}

/** A fault's valueFrom names this secret: as written, or as the reason prints it (a Secrets Manager ARN without its JSON key). */
export const picks = (wanted: readonly (string | null)[], valueFrom: string) => wanted.includes(valueFrom) || wanted.includes(secretIdOf(valueFrom));

export function secretsErrorOf(s: Scenario): string | null {
  const valueFrom = failingSecret(s);
  return valueFrom === null ? null : secretNotFoundError(valueFrom, s.launchType, s.settings.region);
}

/**
 * The reason a task gives when a secret it names is not there, as the one who
 * retrieves it words it. On Fargate the platform: "ResourceInitializationError:
 * unable to pull secrets or registry auth: …" (as real tasks print it). On EC2
 * and ECS Anywhere the agent: "Fetching secret data from SSM Parameter Store
 * in <region>: invalid parameters: …" as real tasks print it, and the Secrets
 * Manager message as AWS's troubleshooting page prints it (agents since 2024
 * may word its middle as that page's heading: "The task can't retrieve the
 * secret with ARN '…' from AWS Secrets Manager").
 */
export function secretNotFoundError(valueFrom: string, launchType: LaunchType, taskRegion: string): string {
  const fargate = launchType === 'FARGATE';
  const asm = secretsManagerArn(valueFrom);
  const parts = valueFrom.split(':');
  // a parameter or secret ARN is in its own Region, a parameter name in the task's
  const region = parts[0] === 'arn' && parts[3] ? parts[3] : taskRegion;
  if (asm) {
    const notFound = "ResourceNotFoundException: Secrets Manager can't find the specified secret.";
    return fargate
      ? `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret ${asm} from secrets manager: ${notFound}`
      : `Fetching secret data from AWS Secrets Manager in region ${region}: secret ${asm}: ${notFound}`;
  }
  return fargate
    ? `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: ${valueFrom}`
    : `Fetching secret data from SSM Parameter Store in ${region}: invalid parameters: ${valueFrom}`;
}
