// The timeline's lane names and axis, as people read them.
import { describe, expect, it } from 'vitest';
import { laneLabel, laneLabels, spanName, tickLabel, tickStep } from '../../src/web/timeline.view.ts';
import { createSimulation } from '../../src/sim/simulation.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { readFileSync } from 'node:fs';

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

  it('should name a container\'s bar after its health verdict once one came in, and leave every other bar its state', () => {
    // the preset's Envoy turns HEALTHY while RUNNING: the app's image is pulled only then, and the lane must show why
    const sim = createSimulation(parseScenario(readFileSync('public/scenarios/sidecar-gives-up.json', 'utf8')));
    sim.runUntil(3_600_000);
    const envoy = sim.trace.filter((e) => e.actor === 'container-envoy').map((e) => spanName(e));
    expect(envoy).toEqual(['NONE', 'PULLING', 'CREATED', 'RUNNING', 'RUNNING · HEALTHY', 'STOPPING', 'STOPPED']);
    expect(spanName({ actor: 'container-web', from: 'RUNNING', to: 'RUNNING', note: 'health checks failed: UNHEALTHY; it is essential, so the service scheduler replaces the task once its grace period is over, unless they pass again first' })).toBe('RUNNING · UNHEALTHY');
    // a target's health is its state already; a task's self-change is no verdict
    expect(spanName({ actor: 'target-0', from: 'initial', to: 'healthy', note: 'passed its health checks' })).toBe('healthy');
    expect(spanName({ actor: 'task', from: 'RUNNING', to: 'RUNNING', note: 'health check passed: HEALTHY' })).toBe('RUNNING');
    // a note that is no verdict (the moment its app stops answering) keeps the bar's health as it was
    expect(spanName({ actor: 'container-web', from: 'RUNNING', to: 'RUNNING', note: 'the app in container web stops answering its own health check' }, 'RUNNING · HEALTHY')).toBe('RUNNING · HEALTHY');
  });
});
