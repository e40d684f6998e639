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
 * Seconds of virtual time, the way the clock shows them. `exact`: keep the
 * seconds however long the run (lists of events, where four entries of one
 * minute must not read alike).
 */
export function formatSeconds(ms: number, exact = false): string {
  const sec = ms / 1000;
  if (sec < 120) return `${sec.toFixed(1)} s`;
  const whole = Math.floor(sec);
  const s2 = String(whole % 60).padStart(2, '0');
  if (whole < 7200) return `${Math.floor(whole / 60)} min ${s2} s`;
  // A service left running at max speed reaches days: say so plainly.
  const m2 = String(Math.floor(whole / 60) % 60).padStart(2, '0');
  const hours = Math.floor(whole / 3600);
  const rest = exact ? ` ${s2} s` : '';
  if (hours < 48) return `${hours} h ${m2} min${rest}`;
  return `${Math.floor(hours / 24)} d ${String(hours % 24).padStart(2, '0')} h ${m2} min${rest}`;
}
