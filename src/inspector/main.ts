// The self-hosted inspector page: speaks the @statelyai/inspect browser
// protocol so it works offline. Handshake only after `load` plus a
// setTimeout(0) (earlier races the app's listener and loses events), and
// forget everything on each handshake, because the app replays its queue.
import {
  CLEARED,
  currentActors,
  emptyState,
  fold,
  formatValue,
  formatVirtualTime,
  GONE,
  isInspectionMessage,
  LOG_LIMIT,
  nameOf,
  SIMULATOR_HOLDS,
  statesStrip,
  type ActorRow,
  type InspectorState,
} from './inspector.model.ts';

const peer: Window | null = window.opener ?? (window.parent !== window ? window.parent : null);
const actorsEl = document.getElementById('actors')!;
const logEl = document.getElementById('log')!;
const connection = document.getElementById('connection')!;
const counts = document.getElementById('counts')!;
/** the live region changes only when the connection does, not with each event counted */
const say = (text: string) => {
  if (connection.textContent !== text) connection.textContent = text;
};
let state: InspectorState = emptyState();
/** what the header says after a reset, until the next run's messages */
let resetNote: string | null = null;
/** each log entry on the page, by its seq: entries arrive at the end, or just before the event a child sent mid-step */
let shown = new Map<number, HTMLLIElement>();
let shownRun = 0;

function forgetShown(): void {
  shown = new Map();
  shownRun = 0;
  logEl.replaceChildren();
}
let frame = 0;

function cell(text: string, cls?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function span(className: string, text: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

/**
 * The actor's statechart at a glance: its states in order, the current one
 * filled, those it went through underlined, the others faint (skipped, or
 * still to come); each says what it is on hover.
 */
function stripOf(a: ActorRow): HTMLOListElement | null {
  const states = statesStrip(a);
  if (states.length < 2) return null;
  const ol = document.createElement('ol');
  ol.className = 'strip';
  ol.setAttribute('aria-label', `${a.name}'s states: ${states.map((s) => `${s.state}${s.now ? ' (now)' : s.visited ? ' (visited)' : ''}`).join(', ')}`);
  for (const s of states) {
    const li = document.createElement('li');
    li.textContent = s.state;
    li.className = s.now ? 'now' : s.visited ? 'visited' : 'not';
    li.title = a.teaching[s.state]!.description;
    ol.append(li);
  }
  return ol;
}

const contextOf = document.getElementById('context-of') as HTMLSelectElement;
const contextEl = document.getElementById('context')!;
contextOf.addEventListener('change', () => showContext());

/** The chosen actor's context, as Stately's inspector shows it (the task's until another is chosen). */
function showContext(): void {
  const actors = currentActors(state);
  const names = actors.map((a) => a.name);
  if (names.join('\n') !== [...contextOf.options].map((o) => o.value).join('\n')) {
    const chosen = contextOf.value;
    contextOf.replaceChildren(...names.map((n) => new Option(n, n)));
    contextOf.value = names.includes(chosen) ? chosen : (names[0] ?? '');
  }
  const actor = actors.find((a) => a.name === contextOf.value);
  const text = actor?.context === undefined ? '' : JSON.stringify(actor.context, null, 2);
  if (contextEl.textContent !== text) contextEl.textContent = text;
}

function render(): void {
  frame = 0;
  const rows = currentActors(state).map((a) => {
    const tr = document.createElement('tr');
    tr.dataset.actor = a.name;
    if (a.parentId) tr.className = 'child';
    // the state in the machine's own words, and whether AWS documents it, as the simulator's page says
    const state = cell(formatValue(a.value), 'state');
    const said = typeof a.value === 'string' && Object.hasOwn(a.teaching, a.value) ? a.teaching[a.value] : undefined;
    if (said?.mark) {
      // the page's "inferred" and "partly inferred", in words that need no legend
      const mark = span('mark', said.mark === 'partly' ? 'partly our model' : 'our model');
      mark.title = said.mark === 'partly' ? 'AWS documents this state; part of what happens in it is our model' : 'AWS does not document this state: it is our model';
      state.append(' ', mark); // a word apart, read aloud too ("REGISTERED our model", not "REGISTEREDour model")
    }
    if (said) state.append(span('said', said.description));
    const strip = stripOf(a);
    if (strip) state.append(strip);
    tr.append(cell(a.name), state, cell(a.status), cell(a.sessionId, 'session'));
    return tr;
  });
  actorsEl.replaceChildren(...rows);
  showContext();
  // Follow the newest entries, as a log does, unless the person has scrolled
  // up to read something (then leave the list where they put it).
  const following = logEl.scrollHeight - logEl.scrollTop - logEl.clientHeight < 8;
  // a new run starts the list again; entries dropped past the limit leave it
  if (state.run !== shownRun) (forgetShown(), (shownRun = state.run));
  const first = state.log[0]?.seq ?? Number.POSITIVE_INFINITY;
  for (const [seq, li] of shown) if (seq < first) (li.remove(), shown.delete(seq));
  // Placed where the model has them (seq order is not list order: a child's
  // transition goes before the event it sent), walking from the end so each
  // new entry goes before the one that follows it.
  let anchor: HTMLLIElement | null = null;
  for (let i = state.log.length - 1; i >= 0; i--) {
    const e = state.log[i]!;
    const have = shown.get(e.seq);
    if (have) {
      anchor = have;
      continue;
    }
    const li = document.createElement('li');
    li.title = e.detail;
    if (e.t !== null) li.append(span('t', `${formatVirtualTime(e.t)} `));
    if (e.kind === 'skipped') {
      // where the simulator left events out: the log jumps in time here
      li.className = 'skipped';
      li.append(span('type', `… ${e.detail}: the simulator ran ahead and holds only the latest ${SIMULATOR_HOLDS.toLocaleString('en-US')} for the inspector`));
    } else if (e.kind === 'transition') {
      // a state change of one actor: "eni  ATTACHING → ATTACHED  (on xstate.after…)"
      li.className = 'transition';
      li.append(span('actor', nameOf(state, e.target)), span('states', e.reentered ? ` ${e.to} re-entered` : ` ${e.from} → ${e.to}`), span('who', ` on ${e.type}`));
    } else {
      li.append(span('type', e.type), span('who', ` ${nameOf(state, e.source)} → ${nameOf(state, e.target)}`));
    }
    if (e.kind !== 'skipped') li.append(span('detail', e.detail));
    logEl.insertBefore(li, anchor);
    shown.set(e.seq, li);
    anchor = li;
  }
  if (following) logEl.scrollTop = logEl.scrollHeight;
  const { events, transitions, dropped, skipped } = state.counts;
  const n = (count: number, what: string) => `${count.toLocaleString('en-US')} ${what}${count === 1 ? '' : 's'}`;
  const kept = dropped ? ` (the list keeps the latest ${LOG_LIMIT.toLocaleString('en-US')}: the ${dropped.toLocaleString('en-US')} before them are not shown)` : '';
  const notHanded = skipped ? `; ${n(skipped, 'event')} of the run not handed over (the simulator ran ahead: see the marks in the list)` : '';
  say(resetNote ?? 'Connected.');
  counts.textContent = resetNote ? '' : `${n(rows.length, 'actor')}, ${n(events, 'event')}, ${n(transitions, 'transition')}${kept}${notHanded}`;
}

const details = document.getElementById('show-details') as HTMLInputElement;
// kept across a reload of this window (the simulator reopens it under the same name)
const DETAILS_KEY = 'ecs-lifecycle.inspector.details';
const remembered = (() => {
  try {
    return sessionStorage.getItem(DETAILS_KEY) === '1';
  } catch {
    return false; // storage refused (a privacy setting): the box starts clear
  }
})();
details.checked = remembered;
logEl.classList.toggle('details', remembered);
details.addEventListener('change', () => {
  try {
    sessionStorage.setItem(DETAILS_KEY, details.checked ? '1' : '0');
  } catch {
    /* not kept: it still works for this page */
  }
  // a log that followed its newest entries still shows them, now taller
  const following = logEl.scrollHeight - logEl.scrollTop - logEl.clientHeight < 8;
  logEl.classList.toggle('details', details.checked);
  if (following) logEl.scrollTop = logEl.scrollHeight;
});

window.addEventListener('message', (event: MessageEvent) => {
  if (!peer || event.origin !== location.origin) return;
  // Said as the simulator's page goes: it arrives once that page is gone, and
  // Chromium then gives another source than our opener (same origin still).
  if (event.data?.type === GONE) {
    // what is shown stays, to read; nothing more will come from that page
    say('The simulator page was closed or reloaded: this is its last run. Click Open inspector there to follow a new one.');
    return;
  }
  if (event.source !== peer) return; // only our opener speaks to us
  if (event.data?.type === '@statelyai.disconnected') {
    say('The simulator stopped sending.');
    return;
  }
  if (event.data?.type === CLEARED) {
    // Reset, or another scenario: what was shown belongs to no run now
    state = emptyState();
    forgetShown();
    resetNote = 'No run: the simulator was reset, or another scenario was loaded. The next run shows here.';
    render();
    return;
  }
  if (!isInspectionMessage(event.data)) return;
  // after a reset, the old run's last messages may still arrive (the app
  // converts them when idle): wait for a new run's root actor
  if (resetNote !== null) {
    if (event.data.type !== '@xstate.actor' || typeof event.data.parentId === 'string') return;
    resetNote = null;
  }
  fold(state, event.data);
  if (!frame) frame = requestAnimationFrame(render);
});

window.addEventListener('load', () => {
  window.setTimeout(() => {
    if (!peer) {
      say('Open this page with “Open inspector” in the simulator.');
      return;
    }
    state = emptyState();
    forgetShown();
    peer.postMessage({ type: '@statelyai.connected' }, location.origin);
    // (a run under way replaces this at once)
    say('Connected, no run yet: Run task (or Run service) in the simulator. A run at max speed shows here once it pauses or ends.');
  }, 0);
});
