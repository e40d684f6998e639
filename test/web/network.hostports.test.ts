// A network mode that binds the container's own port (awsvpc, host) takes the
// other hostPorts out of the port mappings: said, as the page says what any
// setting removes, so a pasted EC2 definition's ports are not lost unseen.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asScenarioObject, setNetworkMode, switchLaunch } from '../../src/web/scenario.rewrite.ts';

const bridge = () =>
  asScenarioObject(
    JSON.stringify({
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80, hostPort: 8081 }, { containerPort: 443, hostPort: 0 }, { containerPort: 9000, hostPort: 9000 }] }],
    }),
  );

describe('hostPorts a network mode takes out', () => {
  it('should say which it removed for awsvpc and host, and keep a hostPort equal to its containerPort', () => {
    const o = bridge();
    expect(setNetworkMode(o.taskDefinition, 'awsvpc')).toBe(
      'hostPort removed from the port mappings web 80→8081, web 443→0 (container containerPort→hostPort): in awsvpc network mode a container\'s hostPort is its containerPort, or left out.',
    );
    expect((o.taskDefinition.containerDefinitions as { portMappings: object[] }[])[0]!.portMappings).toEqual([{ containerPort: 80 }, { containerPort: 443 }, { containerPort: 9000, hostPort: 9000 }]);
    expect(setNetworkMode(bridge().taskDefinition, 'bridge')).toBe('');
  });

  it('should say so when the launch type moves a real EC2 definition to Fargate', () => {
    const o = asScenarioObject(readFileSync('../shared/realworld/task-definitions/kibana_ec2.json', 'utf8'));
    expect(switchLaunch(o, 'FARGATE', null)).toContain(
      'hostPort removed from the port mapping kibana 5601→80 (container containerPort→hostPort): in awsvpc network mode a container\'s hostPort is its containerPort, or left out.',
    );
  });
});
