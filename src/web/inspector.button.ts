// The Open inspector button and its "hosted" setting (Stately's hosted
// inspector instead of our offline one), kept for the next visit.
import { save } from './app.store.ts';
import { byId } from './dom.ts';

export function wireInspectorButton(inspector: { open(hosted: boolean): boolean }, notice: HTMLElement, hostedBefore: boolean): void {
  const hosted = byId<HTMLInputElement>('hosted-inspector');
  hosted.checked = hostedBefore;
  hosted.addEventListener('change', () => save({ hostedInspector: hosted.checked }));
  byId('open-inspector').addEventListener('click', () => {
    if (!inspector.open(hosted.checked)) return void (notice.textContent = 'The browser blocked the inspector’s window: allow pop-ups for this page, then Open inspector again.');
    // The hosted page lives on stately.ai: offline it cannot load, and the browser gives no reason.
    const online = hosted.checked ? 'Opening Stately’s hosted inspector: it needs the internet. If it stays blank, untick “hosted” to use the built-in one.' : '';
    // a service's tasks are simulated without actors (thousands of them would swamp it)
    const service = document.body.dataset.mode === 'service' ? 'In the service view the inspector shows one actor, the scheduler: its tasks are not actors. A single task shows all of its own.' : '';
    notice.textContent = [online, service].filter(Boolean).join(' ');
  });
}
