// The self-hosted inspector's model: what it shows after a stream of
// @statelyai/inspect messages, without a window.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSimulation } from '../../src/sim/simulation.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { currentActors, emptyState, fold, formatVirtualTime, LOG_LIMIT, reenters, SKIPPED, statesStrip, teachingOf, type Message } from '../../src/inspector/inspector.model.ts';

const actor = (sessionId: string, name: string, parentId?: string): Message => ({ type: '@xstate.actor', _version: '0.7.2', sessionId, name, ...(parentId ? { parentId } : {}), snapshot: { value: 'PENDING' } });
const event = (sessionId: string, type: string): Message => ({ type: '@xstate.event', _version: '0.7.2', sessionId, event: { type } });

describe('the inspector model', () => {
  it('should start the actors and the log again when a new root actor (a new run) appears', () => {
    const st = emptyState();
    for (const m of [actor('x:0', 'task'), actor('x:1', 'eni', 'x:0'), event('x:0', 'task.stopRequested'), event('x:1', 'xstate.init')]) fold(st, m);
    expect(currentActors(st).map((a) => a.name)).toEqual(['task', 'eni']);
    expect(st.log).toHaveLength(2);
    const before = st.run;

    for (const m of [actor('x:5', 'service'), event('x:5', 'scheduler.tick')]) fold(st, m);
    expect(st.run).toBe(before + 1);
    expect(currentActors(st).map((a) => a.name)).toEqual(['service']);
    expect(st.log.map((e) => e.type)).toEqual(['scheduler.tick']);
    // its children do not start a run of their own
    fold(st, actor('x:6', 'child', 'x:5'));
    expect(st.run).toBe(before + 1);
    expect(st.log).toHaveLength(1);
  });

  it('should leave out a message of a run that is over, come after the next run began (its time is no moment of this run)', () => {
    const st = emptyState();
    const of = (root: string) => (m: Message): Message => ({ ...m, rootId: root });
    for (const m of [actor('x:0', 'task'), event('x:0', 'task.stopRequested')].map(of('x:0'))) fold(st, m);
    for (const m of [actor('x:9', 'task'), event('x:9', 'xstate.init')].map(of('x:9'))) fold(st, m);
    // late, from the run before: an event, a child actor, a snapshot
    for (const m of [{ ...event('x:1', 'eni.attached'), virtualMs: 32_000 }, actor('x:2', 'eni', 'x:0'), { type: '@xstate.snapshot', _version: '0.7.2', sessionId: 'x:0', snapshot: { value: 'RUNNING' }, event: { type: 'x' } }].map(of('x:0'))) fold(st, m as Message);
    expect(st.log.map((e) => e.type)).toEqual(['xstate.init']);
    expect(currentActors(st).map((a) => a.sessionId)).toEqual(['x:9']);
  });

  it('should keep each actor’s context as its latest snapshot gives it', () => {
    const st = emptyState();
    fold(st, { ...actor('x:0', 'task'), snapshot: { value: 'PENDING', context: { desiredStatus: 'RUNNING', stopCode: null } } });
    expect(currentActors(st)[0]!.context).toEqual({ desiredStatus: 'RUNNING', stopCode: null });
    fold(st, { type: '@xstate.snapshot', _version: '0.7.2', sessionId: 'x:0', snapshot: { value: 'DEACTIVATING', status: 'active', context: { desiredStatus: 'STOPPED', stopCode: 'UserInitiated' } }, event: { type: 'task.stopRequested' } });
    expect(currentActors(st)[0]!.context).toEqual({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated' });
    // a snapshot without one (none sent) leaves the last
    fold(st, { type: '@xstate.snapshot', _version: '0.7.2', sessionId: 'x:0', snapshot: { value: 'STOPPING', status: 'active' }, event: { type: 'x' } });
    expect(currentActors(st)[0]!.context).toEqual({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated' });
  });

  it('should count the whole run, and how many entries left the list past its limit of the newest', () => {
    const st = emptyState();
    const snapshot = (value: string): Message => ({ type: '@xstate.snapshot', _version: '0.7.2', sessionId: 'x:0', snapshot: { value, status: 'active' }, event: { type: 'tick' } });
    fold(st, actor('x:0', 'service'));
    fold(st, snapshot('STEADY'));
    for (let i = 0; i < LOG_LIMIT; i++) fold(st, event('x:0', 'scheduler.tick'));
    for (const v of ['RECONCILING', 'STEADY', 'RECONCILING']) fold(st, snapshot(v));
    expect(st.log).toHaveLength(LOG_LIMIT);
    expect(st.counts).toEqual({ events: LOG_LIMIT, transitions: 3, dropped: 3, skipped: 0 });
    // a new run counts afresh
    fold(st, actor('x:9', 'task'));
    expect(st.counts).toEqual({ events: 0, transitions: 0, dropped: 0, skipped: 0 });
  });

  it('should strip an actor’s states in its machine’s order, marking where it is and where it has been', () => {
    const definition = JSON.stringify({
      states: { NONE: { description: 'a' }, ATTACHING: { description: 'b' }, ATTACHED: { description: 'c' }, FAILED: { description: 'd' }, DELETED: { description: 'e' } },
    });
    const st = emptyState();
    // the actor's message may carry a snapshot serialised late (a run at max speed): its snapshots say where it went
    fold(st, { ...actor('x:0', 'eni'), definition, snapshot: { value: 'DELETED' } });
    const snapshot = (value: string, id = 'x:0'): Message => ({ type: '@xstate.snapshot', _version: '0.7.2', sessionId: id, snapshot: { value, status: 'active' }, event: { type: 'tick' } });
    fold(st, snapshot('NONE'));
    fold(st, snapshot('ATTACHING'));
    fold(st, snapshot('ATTACHED'));
    const strip = (row = st.actors.get('x:0')!) => statesStrip(row).map((s) => `${s.state}${s.now ? '*' : s.visited ? '+' : ''}`);
    expect(strip()).toEqual(['NONE+', 'ATTACHING+', 'ATTACHED*', 'FAILED', 'DELETED']);
    fold(st, snapshot('DELETED'));
    expect(strip()).toEqual(['NONE+', 'ATTACHING+', 'ATTACHED+', 'FAILED', 'DELETED*']);
    // a new run starts its actors afresh: nothing visited yet but where it starts
    fold(st, { ...actor('x:9', 'eni'), definition, snapshot: { value: 'NONE' } });
    fold(st, snapshot('NONE', 'x:9'));
    expect(strip(st.actors.get('x:9')!)).toEqual(['NONE*', 'ATTACHING', 'ATTACHED', 'FAILED', 'DELETED']);
    // the definition comes with its keys sorted: the order our app sends goes first
    const sorted = JSON.stringify({ states: { ACTIVATING: { description: 'a' }, PENDING: { description: 'b' }, RUNNING: { description: 'c' } } });
    fold(st, { ...actor('x:11', 'task', 'x:9'), definition: sorted, stateOrder: ['PENDING', 'ACTIVATING', 'RUNNING'] });
    expect(strip(st.actors.get('x:11')!)).toEqual(['PENDING*', 'ACTIVATING', 'RUNNING']);
    // no definition: no strip
    fold(st, actor('x:10', 'other', 'x:9'));
    expect(statesStrip(st.actors.get('x:10')!)).toEqual([]);
  });

  it('should read each state’s description and mark from the machine definition the protocol sends with an actor', () => {
    const definition = JSON.stringify({
      id: 'registry',
      states: {
        NOT_REGISTERED: { description: 'No Cloud Map instance yet.', meta: { inferred: true } },
        REGISTERING: { description: 'ECS is calling RegisterInstance.', meta: { inferred: true, partly: true } },
        REGISTERED: { description: 'The task is discoverable.', meta: { inferred: false } },
      },
    });
    const st = emptyState();
    fold(st, { ...actor('x:0', 'registry'), definition });
    expect(st.actors.get('x:0')?.teaching).toEqual({
      NOT_REGISTERED: { description: 'No Cloud Map instance yet.', mark: 'inferred' },
      REGISTERING: { description: 'ECS is calling RegisterInstance.', mark: 'partly' },
      REGISTERED: { description: 'The task is discoverable.', mark: null },
    });
    // no definition, or one that is not JSON: nothing to say, nothing broken
    expect(teachingOf(undefined)).toEqual({});
    expect(teachingOf('{not json')).toEqual({});
  });

  it('should mark where the simulator left events out, in place, and count them apart from the events shown', () => {
    const st = emptyState();
    const skip = (count: number): Message => ({ type: '@xstate.event', _version: '0.7.2', sessionId: 'x:0', event: { type: SKIPPED, count } });
    for (const m of [actor('x:0', 'service'), event('x:0', 'scheduler.tick'), skip(12_345), event('x:0', 'scheduler.tick'), skip(5)]) fold(st, m);
    expect(st.log.map((e) => [e.kind, e.detail])).toEqual([
      ['event', '{"type":"scheduler.tick"}'],
      ['skipped', '12,345 events not handed over'],
      ['event', '{"type":"scheduler.tick"}'],
      ['skipped', '5 events not handed over'],
    ]);
    expect(st.counts).toEqual({ events: 2, transitions: 0, dropped: 0, skipped: 12_350 });
  });

  it('should log a transition when an actor changes state, with the event that caused it, and none when it stays', () => {
    const st = emptyState();
    const snapshot = (sessionId: string, value: unknown, type: string): Message => ({ type: '@xstate.snapshot', _version: '0.7.2', sessionId, snapshot: { value, status: 'active' }, event: { type } });
    for (const m of [actor('x:0', 'task'), actor('x:1', 'eni', 'x:0'), snapshot('x:1', 'PRECREATED', 'xstate.init'), snapshot('x:1', 'ATTACHING', 'xstate.after.create'), snapshot('x:0', 'PENDING', 'eni.attached')]) fold(st, m);
    // an actor's first snapshot is where it starts (its @xstate.actor message may carry a later one): no transition
    expect(st.log.map((e) => [e.kind, e.target, e.from, e.to, e.type])).toEqual([['transition', 'x:1', 'PRECREATED', 'ATTACHING', 'xstate.after.create']]);
    expect(currentActors(st).find((a) => a.name === 'eni')?.value).toBe('ATTACHING');
  });

  it('should log a transition that leaves a state and enters it again (the app marks it reentered), and none for a repeat of the state', () => {
    const st = emptyState();
    const snapshot = (value: string, type: string, reentered?: boolean): Message => ({ type: '@xstate.snapshot', _version: '0.7.2', sessionId: 'x:1', snapshot: { value, status: 'active' }, event: { type }, ...(reentered ? { reentered } : {}) });
    // a held ENI: its detach is begun again when ECS may release it
    for (const m of [actor('x:0', 'task'), actor('x:1', 'eni', 'x:0'), snapshot('DETACHING', 'xstate.init'), snapshot('DETACHING', 'eni.releaseRestored', true), snapshot('DETACHING', 'eni.releaseRestored')]) fold(st, m);
    expect(st.log.map((e) => [e.kind, e.from, e.to, e.type, e.reentered])).toEqual([['transition', 'DETACHING', 'DETACHING', 'eni.releaseRestored', true]]);
  });

  it('should tell, from XState\'s own microsteps, the one that re-enters the held ENI\'s DETACHING, and no other that keeps a state', () => {
    const stuck = loadScenario(JSON.parse(readFileSync('public/scenarios/stuck-deprovisioning.json', 'utf8')));
    const seen = new Map<string, unknown>();
    const flagged: string[] = [];
    const sim = createSimulation(stuck, {
      inspect: (ev) => {
        if (ev.type !== '@xstate.microstep') return;
        const id = (ev.actorRef as unknown as { id: string }).id;
        const value = JSON.stringify((ev.snapshot as unknown as { value: unknown }).value);
        if (seen.get(id) === value && reenters(ev)) flagged.push(`${id} ${value} ${ev.event.type}`);
        seen.set(id, value);
      },
    });
    sim.runUntil(3_600_000);
    expect(flagged).toEqual(['eni "DETACHING" eni.releaseRestored']);
  });

  it('should keep the virtual time the app sends with a message, and none when it sends none (Stately-style messages)', () => {
    const st = emptyState();
    fold(st, actor('x:0', 'task'));
    fold(st, { ...event('x:0', 'task.stopRequested'), virtualMs: 600_000 });
    fold(st, event('x:0', 'xstate.init'));
    expect(st.log.map((e) => e.t)).toEqual([600_000, null]);
    expect(formatVirtualTime(600_000)).toBe('10 min 00 s');
    expect(formatVirtualTime(12_300)).toBe('12.3 s');
  });

  it('should log a child’s transition before the event it sent its parent, as cause and effect, though XState reports the parent first', () => {
    const st = emptyState();
    const snapshot = (sessionId: string, value: unknown, type: string): Message => ({ type: '@xstate.snapshot', _version: '0.7.2', sessionId, snapshot: { value, status: 'active' }, event: { type } });
    const sent = (sessionId: string, type: string, sourceId: string): Message => ({ ...event(sessionId, type), sourceId });
    for (const m of [actor('x:0', 'task'), actor('x:1', 'eni', 'x:0'), snapshot('x:0', 'PROVISIONING', 'xstate.init'), snapshot('x:1', 'ATTACHING', 'xstate.init')]) fold(st, m);
    // the order XState 5 reports one step of the ENI that tells the task it is attached
    for (const m of [event('x:1', 'xstate.after.attach'), sent('x:0', 'eni.attached', 'x:1'), snapshot('x:0', 'PENDING', 'eni.attached'), snapshot('x:1', 'ATTACHED', 'xstate.after.attach')]) fold(st, m);
    expect(st.log.map((e) => (e.kind === 'event' ? `${e.target} got ${e.type}` : `${e.target} ${e.from} → ${e.to}`))).toEqual([
      'x:1 got xstate.after.attach',
      'x:1 ATTACHING → ATTACHED',
      'x:0 got eni.attached',
      'x:0 PROVISIONING → PENDING',
    ]);
    // a later step of the task is appended as usual
    fold(st, sent('x:0', 'task.stopRequested', 'x:9'));
    expect(st.log.at(-1)?.type).toBe('task.stopRequested');
  });

  it('should keep a delayed event where its time puts it: the sender changes later, not in that step', () => {
    const st = emptyState();
    const at = (m: Message, virtualMs: number): Message => ({ ...m, virtualMs });
    const snapshot = (sessionId: string, value: unknown, type: string): Message => ({ type: '@xstate.snapshot', _version: '0.7.2', sessionId, snapshot: { value, status: 'active' }, event: { type } });
    for (const m of [actor('x:0', 'task'), actor('x:2', 'container-web', 'x:0'), snapshot('x:0', 'PENDING', 'xstate.init'), snapshot('x:2', 'NONE', 'xstate.init')]) fold(st, m);
    // Fargate: the task asked for the pull at 5.9 s, the clock delivers it at 18.7 s; the task moves on at 32 s
    fold(st, at({ ...event('x:2', 'container.pullRequested'), sourceId: 'x:0' }, 18_700));
    fold(st, at(snapshot('x:2', 'PULLING', 'container.pullRequested'), 18_700));
    // the task's next step, at 32 s, sends events itself: its change reads before them, after the pull
    fold(st, actor('x:3', 'target-0', 'x:0'));
    fold(st, at({ ...event('x:3', 'target.registerRequested'), sourceId: 'x:0' }, 32_000));
    fold(st, at(snapshot('x:0', 'ACTIVATING', 'container.started'), 32_000));
    expect(st.log.map((e) => e.t)).toEqual([18_700, 18_700, 32_000, 32_000]);
    expect(st.log.slice(-2).map((e) => (e.kind === 'event' ? `got ${e.type}` : `${e.from} → ${e.to}`))).toEqual(['PENDING → ACTIVATING', 'got target.registerRequested']);
  });
});
