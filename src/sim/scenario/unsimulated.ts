// What a scenario asks for that changes how ECS starts or runs a task, but
// that the simulator does not play: said, so nobody takes the run for it (a
// warning, so --strict refuses it). Fields that change nothing ECS does are
// ignored quietly, as real inputs carry many.
import { isRecord } from './scenario-keys.ts';

type Json = Record<string, unknown>;

export function unsimulatedFeatures(scenario: Json, definition: unknown, at: string): string[] {
  if (!isRecord(definition)) return [];
  const out: string[] = [];
  const prefix = (p: string) => (p ? `${p}.` : '');
  // the definition run first, and each one the timeline deploys
  const revisions: [Json, string][] = [[definition, at]];
  if (Array.isArray(scenario.timeline))
    scenario.timeline.forEach((a, i) => isRecord(a) && isRecord(a.taskDefinition) && revisions.push([a.taskDefinition, `timeline[${i}].taskDefinition`]));
  for (const [td, where] of revisions) {
    const volumes = Array.isArray(td.volumes) ? td.volumes : [];
    volumes.forEach((v, i) => {
      if (!isRecord(v)) return;
      const kind = isRecord(v.efsVolumeConfiguration) ? 'EFS' : isRecord(v.fsxWindowsFileServerVolumeConfiguration) ? 'FSx for Windows File Server' : null;
      if (kind)
        out.push(`${prefix(where)}volumes[${i}]: ${kind} volumes are not simulated: ECS mounts the file system before the containers start (a common cause of ResourceInitializationError and slow starts); here the mount is not made and cannot fail`);
    });
    const containers = Array.isArray(td.containerDefinitions) ? td.containerDefinitions : [];
    containers.forEach((c, i) => {
      if (!isRecord(c)) return;
      const field = `${prefix(where)}containerDefinitions[${i}]`;
      if (isRecord(c.repositoryCredentials))
        out.push(`${field}.repositoryCredentials: private registry credentials are not simulated: ECS retrieves them with the secrets before the pull; here the pull needs none (a RetrieveSecrets fault fails only the secrets)`);
      // an exit would be a restart in place, not the stop the simulator plays
      if (isRecord(c.restartPolicy) && c.restartPolicy.enabled === true)
        out.push(`${field}.restartPolicy: container restarts are not simulated: ECS restarts a container that exits, within the running task (at most once every restartAttemptPeriod seconds, and not for an exit code in ignoredExitCodes); here an exit ends the container, and an essential one stops the task`);
      if (Array.isArray(c.environmentFiles) && c.environmentFiles.length > 0)
        out.push(`${field}.environmentFiles: environment files are not simulated: ECS fetches them from S3 before the container starts (a ResourceInitializationError when it cannot); here nothing is fetched and nothing can fail`);
    });
  }
  const service = isRecord(scenario.service) ? scenario.service : null;
  const connect = service && isRecord(service.serviceConnectConfiguration) ? service.serviceConnectConfiguration : null;
  if (connect && connect.enabled === true)
    out.push('service.serviceConnectConfiguration: Service Connect is not simulated: ECS adds its proxy container to each task, which must start with it, and registers the endpoints in Cloud Map; here the tasks run without it');
  for (const [o, where] of [[scenario, ''], [service, 'service']] as const)
    if (o && o.enableExecuteCommand === true) out.push(`${prefix(where)}enableExecuteCommand: ECS Exec is not simulated: the task shows enableExecuteCommand false and runs no SSM agent`);
  return out;
}
