// Every field of a task definition and of a container definition that AWS
// knows (RegisterTaskDefinition input, DescribeTaskDefinition output), whether
// we model it or not: a key near one of these is a likely typo ("esential"),
// while the real fields themselves stay quietly ignored.

export const TASK_DEFINITION_KEYS = [
  'family', 'taskRoleArn', 'executionRoleArn', 'networkMode', 'containerDefinitions', 'volumes',
  'placementConstraints', 'requiresCompatibilities', 'cpu', 'memory', 'tags', 'pidMode', 'ipcMode',
  'proxyConfiguration', 'inferenceAccelerators', 'ephemeralStorage', 'runtimePlatform', 'enableFaultInjection',
  // DescribeTaskDefinition adds these
  'taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt',
  'deregisteredAt', 'registeredBy', 'deleteRequestedAt',
] as const;

export const CONTAINER_DEFINITION_KEYS = [
  'name', 'image', 'repositoryCredentials', 'cpu', 'memory', 'memoryReservation', 'links', 'portMappings',
  'essential', 'restartPolicy', 'entryPoint', 'command', 'environment', 'environmentFiles', 'mountPoints',
  'volumesFrom', 'linuxParameters', 'secrets', 'dependsOn', 'startTimeout', 'stopTimeout', 'versionConsistency',
  'hostname', 'user', 'workingDirectory', 'disableNetworking', 'privileged', 'readonlyRootFilesystem',
  'dnsServers', 'dnsSearchDomains', 'extraHosts', 'dockerSecurityOptions', 'interactive', 'pseudoTerminal',
  'dockerLabels', 'ulimits', 'logConfiguration', 'healthCheck', 'systemControls', 'resourceRequirements',
  'firelensConfiguration', 'credentialSpecs',
] as const;

/** The fields of the parts we read inside a container definition. */
export const HEALTH_CHECK_KEYS = ['command', 'interval', 'timeout', 'retries', 'startPeriod'] as const;
export const DEPENDS_ON_KEYS = ['containerName', 'condition'] as const;
export const PORT_MAPPING_KEYS = ['containerPort', 'hostPort', 'protocol', 'name', 'appProtocol', 'containerPortRange', 'hostPortRange'] as const;
