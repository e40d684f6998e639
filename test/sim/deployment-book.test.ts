// Where a service's next task goes: its own deployment's tasks balanced
// across the zones first, then the service's as a whole (a new deployment
// fills the zones the old one left emptiest).
import { describe, expect, it } from 'vitest';
import { DeploymentBook } from '../../src/sim/service/deployment-book.ts';

const task = (deploymentId: string, az: number) => ({ deploymentId, az });

describe('the zones a deployment places its next task in', () => {
  it('should prefer the zone with fewest of its own tasks, then fewest of the service', () => {
    const book = new DeploymentBook<ReturnType<typeof task>>(3, null);
    book.launched(task('old', 0));
    book.launched(task('old', 0));
    book.launched(task('old', 1));
    // the old deployment's own: zone 2 has none, then zone 1 (one), then zone 0 (two)
    expect(book.zonesFor('old')).toEqual([2, 1, 0]);
    // a new deployment has none anywhere: the service's load decides
    expect(book.zonesFor('new')).toEqual([2, 1, 0]);
    book.launched(task('new', 2));
    expect(book.zonesFor('new')).toEqual([1, 0, 2]);
  });

  it('should free a zone when a task there stops being active, and count it out of its phase', () => {
    const book = new DeploymentBook<ReturnType<typeof task>>(2, null);
    const a = task('d', 0);
    book.launched(a);
    book.launched(task('d', 1));
    book.moved(a, 'pending', 'stopping', null);
    expect(book.load).toEqual([0, 1]);
    expect(book.zonesFor('d')).toEqual([0, 1]);
    expect(book.look().d).toMatchObject({ pending: 1, stopping: 1 });
  });
});
