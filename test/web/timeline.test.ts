// The timeline's lane names and axis, as people read them.
import { describe, expect, it } from 'vitest';
import { laneLabel, laneLabels, tickLabel, tickStep } from '../../src/web/timeline.view.ts';

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

  it('should tell apart two long lane names with the same ending', () => {
    expect(laneLabels(['task', 'container-payments-api-sidecar', 'container-invoices-api-sidecar'])).toEqual(['task', 'payments-…i-sidecar', 'invoices-…i-sidecar']);
    expect(laneLabels(['task', 'eni', 'container-tomcat-webserver'])).toEqual(['task', 'eni', '…tomcat-webserver']);
  });

  it('should label the axis in round steps and the units of the clock', () => {
    expect(tickStep(10)).toBe(2);
    expect(tickStep(905)).toBe(120);
    expect(tickLabel(120, 120)).toBe('2 min');
    expect(tickLabel(90, 30)).toBe('90 s');
  });
});
