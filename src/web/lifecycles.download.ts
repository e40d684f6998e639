// "Download every lifecycle": what `ecs-lifecycle paths --format events`
// prints, for the scenario on the page: every way this task can live and die,
// as ECS events, to test a consumer against (no run needed). The walk runs in
// a worker; the button says it is busy, and how it ended.
import type { LifecyclesReply, LifecyclesRequest } from './lifecycles.worker.ts';
import { byId } from './dom.ts';
import { saveNdjson } from './download.ts';
import type { ScenarioEditor } from './scenario.editor.ts';

export function offerLifecycles(editor: ScenarioEditor, say: (text: string) => void): void {
  const button = byId<HTMLButtonElement>('download-lifecycles');
  const delivered = byId<HTMLInputElement>('download-delivered');
  let worker: Worker | null = null;
  const label = button.textContent;

  const idle = () => {
    worker?.terminate();
    worker = null;
    button.textContent = label;
    button.removeAttribute('aria-busy');
  };

  button.addEventListener('click', () => {
    // what the text area holds now, as Run takes it
    const sc = editor.applyNow() ? editor.scenario : null;
    if (!sc) return say('Fix the scenario first: the alert says what is wrong.');
    if (sc.service) return say('Every lifecycle is listed for one task: a service runs many, each with the lifecycles of its task definition.');
    // a second click while it explores cancels it
    if (worker) return void (idle(), say('Listing the lifecycles was cancelled.'));
    worker = new Worker(new URL('./lifecycles.worker.ts', import.meta.url), { type: 'module' });
    button.textContent = 'Exploring… (click to cancel)';
    button.setAttribute('aria-busy', 'true');
    const family = sc.taskDefinition.family;
    const at = delivered.checked ? 'at-least-once' : 'in-order';
    worker.onmessage = (e: MessageEvent<LifecyclesReply>) => {
      idle();
      const reply = e.data;
      if (!reply.ok) return say(`Every lifecycle: ${reply.message}`);
      saveNdjson(`${family}-lifecycles${at === 'at-least-once' ? '.delivered' : ''}.ndjson`, [reply.ndjson]);
      say(`${reply.count} lifecycles of ${family}, as the ECS events of each (one block per path): the same as ecs-lifecycle paths --format events.`);
    };
    worker.onerror = () => (idle(), say('Every lifecycle: the exploration stopped unexpectedly.'));
    const request: LifecyclesRequest = { text: editor.text, delivery: at };
    worker.postMessage(request);
  });
}
