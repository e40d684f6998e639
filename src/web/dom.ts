// A tiny DOM toolkit: enough to build small pieces without a framework.
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id} in index.html`);
  return el as T;
}

type Attrs = Record<string, string | number | boolean | null | undefined>;

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  el.append(...children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  el.append(...children);
  return el;
}

/**
 * Replace `root`'s children, handing keyboard focus from a link or button in
 * the old ones to its like in the new (same tag, href and text): a panel
 * redrawn on every step of a run must not drop a keyboard user to the page.
 */
export function replaceKeepingFocus(root: Element, ...children: (Node | string)[]): void {
  const had = document.activeElement;
  const sameAs = had instanceof HTMLElement && root.contains(had) ? (el: Element) => el.tagName === had.tagName && el.getAttribute('href') === had.getAttribute('href') && el.textContent === had.textContent : null;
  root.replaceChildren(...children);
  if (!sameAs) return;
  const like = [...root.querySelectorAll<HTMLElement>('a, button, [tabindex]')].find(sameAs);
  // gone (a button no longer offered): the panel itself keeps the place, as near as there is
  (like ?? (root as HTMLElement)).focus({ preventScroll: true });
}

/**
 * What a number box says when what was typed is not a number ("1e", "90e",
 * "-"): the browser then gives "" as its value, which the page would read as
 * an emptied box (the default), or as 0.
 */
export const NOT_A_NUMBER = (label: string) => `${label}: what was typed is not a number.`;
/** How a refused setting's message begins (the settings say it; a run started then keeps it said). */
export const NOT_APPLIED = 'Not applied';
export const notANumber = (input: HTMLInputElement) => input.validity.badInput;

/** Smooth scrolling, unless the user asked for less motion (a pan on every step of a run is motion). */
export const scrollBehavior = (): ScrollBehavior => (matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth');

/** Keys that move a closed <select> to another option (arrows, paging, type-ahead) without the user having chosen it. */
const browsing = (e: KeyboardEvent) => /^(Arrow(Up|Down|Left|Right)|Page(Up|Down)|Home|End)$/.test(e.key) || (e.key.length === 1 && e.key !== ' ' && !e.ctrlKey && !e.metaKey && !e.altKey);

/**
 * Call `choose` when the user has chosen an option of `select`. A click, or
 * Enter in the open list, chooses at once; but on a closed list the arrows
 * change the value as they go, and a keyboard or screen-reader user hears the
 * options that way: loading every preset (or resetting the run) on the way
 * would throw away what they had. Those changes wait for Enter or for the
 * focus to leave the list.
 */
export const PENDING_SAID = 'not chosen yet: Enter, or leaving the list, chooses it; Escape goes back';

export function onChosen(select: HTMLSelectElement, choose: () => void): void {
  let keyed = false;
  let pending = false;
  /** the value shown before the arrows began to browse: Escape goes back to it */
  let before = select.value;
  const settle = () => {
    pending = false;
    delete select.dataset.pending;
    select.removeAttribute('aria-description');
  };
  const commit = () => {
    if (!pending) return;
    settle();
    choose();
  };
  select.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') return commit();
    // as Escape cancels a choice in an open list: nothing was chosen
    if (e.key === 'Escape' && pending) return (select.value = before), settle();
    keyed = browsing(e);
    if (keyed && !pending) before = select.value;
    // the change a key makes comes with it, in the same task
    if (keyed) setTimeout(() => (keyed = false));
  });
  select.addEventListener('change', () => {
    if (keyed) {
      pending = true;
      // shown as not chosen yet (style.css), and said with the option
      select.dataset.pending = '';
      select.setAttribute('aria-description', PENDING_SAID);
      return;
    }
    pending = true;
    commit();
  });
  select.addEventListener('blur', commit);
}

/** Put `text` in the live region `el`, emptied first: the same words twice are said twice. */
export function sayAloud(el: HTMLElement, text: string): void {
  el.textContent = '';
  window.setTimeout(() => (el.textContent = text), 50);
}

/**
 * Keep `el` as wide as the widest of `labels` (Run task / Resume task, Play /
 * Pause), so a label that changes under the pointer does not move what
 * follows it. Measured while shown: false while hidden, to try again later.
 */
export function reserveWidth(el: HTMLElement, labels: readonly string[]): boolean {
  if (!el.offsetParent) return false;
  const shown = el.textContent;
  el.style.minWidth = '';
  let widest = 0;
  for (const label of labels) {
    el.textContent = label;
    widest = Math.max(widest, el.getBoundingClientRect().width);
  }
  el.textContent = shown;
  el.style.minWidth = `${Math.ceil(widest)}px`;
  return true;
}

/**
 * Under a drawing wider than its box (the statechart on a phone), a line that
 * says it scrolls: the side shadow alone reads as a border, and a chart cut at
 * a state's edge looks whole. Shown while there is more to the right; gone at
 * the end and where the drawing fits. Not read aloud: the drawing is labelled.
 */
export function sayScrollsSideways(box: HTMLElement, what: string): HTMLElement {
  const hint = h('p', { class: 'scroll-hint small', 'aria-hidden': 'true', hidden: true }, `${what} goes on to the right: scroll it sideways for the rest →`);
  box.after(hint);
  const update = () => {
    const more = box.scrollWidth - box.clientWidth - box.scrollLeft > 2;
    if (hint.hidden === more) hint.hidden = !more;
  };
  new ResizeObserver(update).observe(box);
  box.addEventListener('scroll', update, { passive: true });
  return hint;
}
