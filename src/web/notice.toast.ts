// The controls bar's notice says why something happened (a run reset by a
// setting change, a refused action, a download). On a narrow or short window
// the bar is not sticky, so a user who changed a setting far down the page
// would see the run reset with no word why. While the notice is out of sight,
// its text also shows as a toast at the bottom of the window.
//
// The toast is a visual copy only (aria-hidden): the notice itself is the
// live region screen readers hear, once. It goes when the notice is cleared or
// scrolled into view, when focus moves under it, or after a while (the
// notice keeps it). Taps go through it (style.css): a second fault box ticked
// right after a first, where the toast came, is ticked, not missed.
import { h } from './dom.ts';

/** how long a toast stays on screen (wall-clock: this is the page, not the simulation) */
export const TOAST_MS = 12_000;

export function followNotice(notice: HTMLElement): HTMLElement {
  const toast = h('div', { class: 'toast', 'aria-hidden': 'true', hidden: true, 'data-testid': 'toast' });
  document.body.append(toast);
  let inView = true;
  let timer: number | undefined;
  const hide = () => {
    toast.hidden = true;
    window.clearTimeout(timer);
  };
  new IntersectionObserver((entries) => {
    inView = entries.some((e) => e.isIntersecting);
    if (inView) hide();
  }).observe(notice);
  new MutationObserver(() => {
    const text = notice.textContent ?? '';
    // the observer's first report may come after this change: measure now
    const r = notice.getBoundingClientRect();
    inView = r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
    if (!text || inView) return hide();
    toast.textContent = text;
    toast.hidden = false;
    window.clearTimeout(timer);
    timer = window.setTimeout(hide, TOAST_MS);
  }).observe(notice, { childList: true, characterData: true, subtree: true });
  // the keyboard moving on: what it reaches must not be under the toast (checked
  // once the browser has scrolled it into view; a Tab that just set the notice keeps it)
  document.addEventListener('focusin', (e) => {
    if (toast.hidden || !(e.target instanceof Element)) return;
    const target = e.target;
    requestAnimationFrame(() => {
      const t = toast.getBoundingClientRect();
      const r = target.getBoundingClientRect();
      if (r.bottom > t.top && r.top < t.bottom && r.right > t.left && r.left < t.right) hide();
    });
  });
  return toast;
}
