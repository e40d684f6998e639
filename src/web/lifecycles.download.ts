// "Download every lifecycle": what `ecs-lifecycle paths --format events`
// prints, for the scenario on the page: every way this task can live and die,
// as ECS events, to test a consumer against (no run needed). The walk runs in
// a worker; the button says it is busy, and how it ended.
import type { LifecyclesReply, LifecyclesRequest } from './lifecycles.worker.ts';
import { byId } from './dom.ts';
import { saveNdjson } from './download.ts';
import type { ScenarioEditor } from './scenario.editor.ts';

/** The two buttons (task view, service view), each with its "as EventBridge may deliver them" and "one per ending" boxes. */
const BUTTONS = [
  { button: 'download-lifecycles', delivered: 'download-delivered', outcomes: 'download-outcomes' },
  { button: 'service-download-lifecycles', delivered: 'service-download-delivered', outcomes: 'service-download-outcomes' },
];

export function offerLifecycles(editor: ScenarioEditor, say: (text: string) => void): void {
  let worker: Worker | null = null;
  let busy: { el: HTMLButtonElement; label: string } | null = null;

  const idle = () => {
    worker?.terminate();
    worker = null;
    if (busy) (busy.el.textContent = busy.label), busy.el.removeAttribute('aria-busy');
    busy = null;
  };

  // another scenario: the walk under way is about the old one
  editor.onLoad(() => {
    if (worker) (idle(), say('Listing the lifecycles was cancelled: the scenario changed.'));
  });

  for (const ids of BUTTONS) {
    const button = byId<HTMLButtonElement>(ids.button);
    const delivered = byId<HTMLInputElement>(ids.delivered);
    const outcomes = byId<HTMLInputElement>(ids.outcomes);
    button.addEventListener('click', () => {
      // a second click while it explores cancels it, whatever the text area holds
      if (worker) return void (idle(), say('Listing the lifecycles was cancelled.'));
      // what the text area holds now, as Run takes it
      const sc = editor.applyNow() ? editor.scenario : null;
      if (!sc) return editor.revealAlert(), say('Fix the scenario first: the alert says what is wrong.');
      const family = sc.taskDefinition.family;
      const at = delivered.checked ? 'at-least-once' : 'in-order';
      const distinct = outcomes.checked ? 'outcomes' : 'states';
      worker = new Worker(new URL('./lifecycles.worker.ts', import.meta.url), { type: 'module' });
      busy = { el: button, label: button.textContent ?? '' };
      button.textContent = 'Exploring… (click to cancel)';
      button.setAttribute('aria-busy', 'true');
      say(`Exploring every lifecycle of ${family}${sc.service ? ` as service ${sc.service.serviceName} runs it` : ''}…`);
      worker.onmessage = (e: MessageEvent<LifecyclesReply>) => {
        idle();
        const reply = e.data;
        if (!reply.ok) return say(`Every lifecycle: ${reply.message}`);
        saveNdjson(`${family}-lifecycles${distinct === 'outcomes' ? '.outcomes' : ''}${at === 'at-least-once' ? '.delivered' : ''}.ndjson`, [reply.ndjson]);
        const flags = `${distinct === 'outcomes' ? ' --distinct outcomes' : ''}${at === 'at-least-once' ? ' --delivery at-least-once' : ''}`;
        say(`${reply.count} lifecycles of ${family}${sc.service ? ' as its service runs it (its scheduler may stop it too)' : ''}${distinct === 'outcomes' ? ', one per ending' : ''}, as the ECS events of each (one block per path): the same as ecs-lifecycle paths --format events${flags}.`);
      };
      worker.onerror = () => (idle(), say('Every lifecycle: the exploration stopped unexpectedly.'));
      const request: LifecyclesRequest = { text: editor.text, delivery: at, distinct };
      worker.postMessage(request);
    });
  }
}
