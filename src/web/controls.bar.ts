// The controls bar sticks to the top of the window while the page scrolls.
// Keyboard focus scrolls what it reaches into view; the sticky bar must not
// cover it (style.css pads the page by its height). On a narrow screen, or a
// short one where it would take a quarter of the height (150 % zoom of a
// 1280×720 window), it is not sticky and covers nothing. Sticky or not, the
// bar is as tall, so this does not flip back and forth.

export function keepBarClear(bar: HTMLElement): void {
  const measureBar = () => {
    bar.classList.toggle('unstuck', bar.offsetHeight > window.innerHeight / 4);
    const covers = getComputedStyle(bar).position === 'sticky' ? bar.offsetHeight : 0;
    document.documentElement.style.setProperty('--controls-height', `${covers}px`);
  };
  new ResizeObserver(measureBar).observe(bar);
  // a window made shorter need not change the bar's size
  window.addEventListener('resize', measureBar);
  // Chromium scrolls a focused field into view without the page's scroll-padding
  // (a text area on a 1024×576 window came to rest 22 px under the bar): move it
  // out. Not for a click: the page would jump under the pointer.
  let byPointer = false;
  document.addEventListener('pointerdown', () => (byPointer = true), true);
  document.addEventListener('keydown', () => (byPointer = false), true);
  document.addEventListener('focusin', (e) => {
    if (byPointer || !(e.target instanceof HTMLElement) || bar.contains(e.target) || getComputedStyle(bar).position !== 'sticky') return;
    const under = bar.getBoundingClientRect().bottom - e.target.getBoundingClientRect().top;
    if (under > 0) window.scrollBy(0, -(under + 8));
  });
}
