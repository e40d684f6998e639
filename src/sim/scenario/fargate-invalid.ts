// Task definition fields Fargate does not take ("Amazon ECS task definition
// differences for Fargate": disableNetworking, dnsSearchDomains, dnsServers,
// dockerSecurityOptions, extraHosts, GPUs, ipcMode, links, privileged, maxSwap,
// swappiness; host paths and Docker volumes; the devices, shared memory and
// tmpfs of linuxParameters). The simulator models none of them, so they are
// ignored like any unmodelled field, but a Fargate run of such a definition
// would never happen: RegisterTaskDefinition refuses it for FARGATE. A warning
// (--strict refuses it), not an error: definitions carry these for EC2 too.
import { isRecord } from './scenario-keys.ts';

type Json = Record<string, unknown>;

/** Present with a value that asks for something (empty lists and false are what dumps print for "not set"). */
const asks = (v: unknown) => v === true || (Array.isArray(v) && v.length > 0) || (typeof v === 'string' && v !== '') || typeof v === 'number';

const CONTAINER_FIELDS = ['privileged', 'disableNetworking', 'links', 'dnsServers', 'dnsSearchDomains', 'extraHosts', 'dockerSecurityOptions'];
const LINUX_FIELDS = ['maxSwap', 'swappiness', 'devices', 'sharedMemorySize', 'tmpfs'];

/** Each field of the definitions that Fargate refuses, with where it is; none unless the task runs on Fargate. */
export function fargateInvalidFields(scenario: Json, definition: unknown, at: string, fargate: boolean): string[] {
  if (!fargate || !isRecord(definition)) return [];
  const prefix = (p: string) => (p ? `${p}.` : '');
  const revisions: [Json, string][] = [[definition, at]];
  if (Array.isArray(scenario.timeline))
    scenario.timeline.forEach((a, i) => isRecord(a) && isRecord(a.taskDefinition) && revisions.push([a.taskDefinition, `timeline[${i}].taskDefinition`]));
  const fields: string[] = [];
  for (const [td, where] of revisions) {
    if (asks(td.ipcMode)) fields.push(`${prefix(where)}ipcMode`);
    if (td.pidMode === 'host') fields.push(`${prefix(where)}pidMode host`);
    (Array.isArray(td.volumes) ? td.volumes : []).forEach((v, i) => {
      if (!isRecord(v)) return;
      if (isRecord(v.dockerVolumeConfiguration)) fields.push(`${prefix(where)}volumes[${i}].dockerVolumeConfiguration`);
      if (isRecord(v.host) && asks(v.host.sourcePath)) fields.push(`${prefix(where)}volumes[${i}].host.sourcePath`);
    });
    (Array.isArray(td.containerDefinitions) ? td.containerDefinitions : []).forEach((c, i) => {
      if (!isRecord(c)) return;
      const field = `${prefix(where)}containerDefinitions[${i}]`;
      for (const k of CONTAINER_FIELDS) if (asks(c[k])) fields.push(`${field}.${k}`);
      const linux = isRecord(c.linuxParameters) ? c.linuxParameters : {};
      for (const k of LINUX_FIELDS) if (asks(linux[k])) fields.push(`${field}.linuxParameters.${k}`);
      const gpu = (Array.isArray(c.resourceRequirements) ? c.resourceRequirements : []).findIndex((r) => isRecord(r) && r.type === 'GPU');
      if (gpu >= 0) fields.push(`${field}.resourceRequirements[${gpu}] (GPU)`);
    });
  }
  if (fields.length === 0) return [];
  return [`${fields.join(', ')}: not valid on Fargate (RegisterTaskDefinition refuses ${fields.length === 1 ? 'it' : 'them'} for FARGATE, and a Fargate task cannot have ${fields.length === 1 ? 'it' : 'them'}); the simulator does not model ${fields.length === 1 ? 'it' : 'them'} and runs the task without`];
}
