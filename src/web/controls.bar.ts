// The controls bar sticks to the top of the window while the page scrolls.
// Keyboard focus scrolls what it reaches into view; the sticky bar must not
// cover it (style.css pads the page by its height). On a narrow screen, or a
// short one where it would take a quarter of the height (150 % zoom of a
// 1280×720 window), it is not sticky and covers nothing. Sticky or not, the
// bar is as tall, so a resize does not make it flip back and forth. On a
// phone its playback half is a dock fixed at the bottom instead (style.css):
// the page is padded by its height, and scroll-padding keeps what Tab reaches above it.

export function keepBarClear(bar: HTMLElement): void {
  // Whether it sticks depends on the window, decided when its size changes: a
  // notice that adds a row to the bar does not unstick it under the pointer,
  // up to two fifths of the window (tooTall below). Two thresholds, so the bar a
  // window starts with has room to grow by a notice before it lets go.
  const decide = () => bar.classList.toggle('unstuck', bar.offsetHeight > window.innerHeight / 4);
  const measureBar = () => {
    const covers = getComputedStyle(bar).position === 'sticky' ? bar.offsetHeight : 0;
    document.documentElement.style.setProperty('--controls-height', `${covers}px`);
  };
  decide();
  // …but one grown past two fifths of the window (a status line wrapped, a notice
  // under it, at 150 % zoom) leaves too little to read: then it lets go. Not at a
  // third: a stopped task's bar in a 960×540 window, with the two-line notice Play
  // gives there, is 38 % of it, and letting go would move the page as it is read.
  // Only the window's resize sticks it again, so it does not flap as notices come and go.
  const tooTall = () => bar.offsetHeight > (window.innerHeight * 2) / 5 && !bar.classList.contains('unstuck') && bar.classList.add('unstuck');
  new ResizeObserver(() => (tooTall(), measureBar())).observe(bar);
  // a phone's playback dock, fixed at the bottom: the page is padded by it
  const dock = bar.querySelector<HTMLElement>('.dock');
  if (dock) {
    const measureDock = () => document.documentElement.style.setProperty('--dock-height', `${getComputedStyle(dock).position === 'fixed' ? dock.offsetHeight : 0}px`);
    measureDock();
    new ResizeObserver(measureDock).observe(dock);
    window.addEventListener('resize', measureDock);
  }
  window.addEventListener('resize', () => (decide(), measureBar()));
  // Chromium scrolls a field reached by Tab into view without the page's
  // scroll-padding (a text area on a 1024×576 window came to rest 22 px under
  // the bar): move it out. Only after a Tab: a click would make the page jump
  // under the pointer, and coming back to the window refocuses the last field.
  let tabbed = false;
  document.addEventListener('keydown', (e) => (tabbed = e.key === 'Tab'), true);
  document.addEventListener('pointerdown', () => (tabbed = false), true);
  window.addEventListener('blur', () => (tabbed = false));
  // (At the bottom, a phone's dock needs no such help: the page's scroll-padding-bottom keeps a field Tab reaches above it.)
  document.addEventListener('focusin', (e) => {
    if (!tabbed) return;
    tabbed = false;
    if (!(e.target instanceof HTMLElement) || bar.contains(e.target) || getComputedStyle(bar).position !== 'sticky') return;
    const under = bar.getBoundingClientRect().bottom - e.target.getBoundingClientRect().top;
    if (under > 0) window.scrollBy(0, -(under + 8));
  });
}
