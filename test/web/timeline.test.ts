// The timeline's lane names and axis, as people read them.
import { describe, expect, it } from 'vitest';
import { laneLabel, tickLabel, tickStep } from '../../src/web/timeline.view.ts';

describe('timeline', () => {
  it('should keep short lane names, and the distinguishing end of long ones', () => {
    expect(laneLabel('task')).toBe('task');
    expect(laneLabel('container-web')).toBe('container-web');
    // two containers of one long family must not read alike
    expect(laneLabel('container-tomcat-webserver')).toBe('…tomcat-webserver');
    expect(laneLabel('container-tomcat-webapp-db')).toBe('…tomcat-webapp-db');
    expect(laneLabel('container-averyveryverylongcontainername')).toBe('…ylongcontainername');
    for (const l of ['container-tomcat-webserver', 'container-averyveryverylongcontainername']) expect(laneLabel(l).length).toBeLessThanOrEqual(19);
  });

  it('should label the axis in round steps and the units of the clock', () => {
    expect(tickStep(10)).toBe(2);
    expect(tickStep(905)).toBe(120);
    expect(tickLabel(120, 120)).toBe('2 min');
    expect(tickLabel(90, 30)).toBe('90 s');
  });
});
