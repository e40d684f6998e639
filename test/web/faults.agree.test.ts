// The page offers a fault box only where the fault can happen, and says why
// not elsewhere (whyNot); the loader refuses a fault that cannot apply
// (consistency.ts). The two are written apart: on every preset and real task
// definition, a box is offered exactly when the loader takes the fault the
// box would add.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../src/sim/scenario/load.ts';
import { FAULT_BOXES, healthCheckedContainer, whyNot, type FaultId } from '../../src/web/scenario.faults.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';

const dir = new URL('../../public/scenarios/', import.meta.url);
const files = [
  ...readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json'),
  ...readdirSync(new URL('realworld/', dir)).map((f) => `realworld/${f}`),
];

/** The fault a ticked box adds, in its plainest form (scenario.settings.ts): on the first container. */
function boxFault(id: FaultId, sc: Scenario): Record<string, unknown> {
  const container = sc.taskDefinition.containerDefinitions[0]!.name;
  const f: Record<string, unknown> = { step: id };
  if (id === 'PullImage' || id === 'RunContainer' || id === 'StopContainer') f.container = container;
  if (id === 'StopContainer') f.ignoreSigterm = true;
  if (id === 'ReleaseEni') f.restoredAfterSeconds = 1800;
  if (id === 'HealthCheck' && sc.loadBalancers.length === 0) f.container = healthCheckedContainer(sc, container);
  return f;
}

describe('the fault boxes and the loader', () => {
  it('should offer a box exactly where the loader takes its fault, on every preset and real task definition', () => {
    const disagree: string[] = [];
    for (const file of files) {
      const raw = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>;
      const sc = parseScenario(JSON.stringify(raw));
      // PlaceTask's box also moves the task onto a capacity provider: not a plain fault to add
      for (const { id } of FAULT_BOXES.filter((b) => b.id !== 'PlaceTask')) {
        if (sc.faults.some((f) => f.step === id)) continue;
        const offered = whyNot(id, sc) === null;
        const withFault = 'taskDefinition' in raw ? { ...raw, faults: [...((raw.faults as unknown[]) ?? []), boxFault(id, sc)] } : { taskDefinition: raw, faults: [boxFault(id, sc)] };
        let taken = true;
        let why = '';
        try {
          loadScenario(withFault);
        } catch (e) {
          taken = false;
          why = (e as Error).message;
        }
        if (offered !== taken) disagree.push(`${file} ${id}: box ${offered ? 'offered' : `off (${whyNot(id, sc)})`}, loader ${taken ? 'takes it' : `refuses it (${why})`}`);
      }
    }
    expect(disagree).toEqual([]);
  });
});
