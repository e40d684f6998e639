// aria-busy on an element while work that may still change it is under way:
// assistive technology may wait for it before reading, and a browser test
// knows when the page is done (instead of waiting a while and hoping).

/**
 * A marker for `el`: each promise handed to it keeps `el` aria-busy until it
 * settles, whichever order they settle in. Hand it the whole chain, handler
 * included: the mark goes once what the result changes has changed. Returns
 * the chain followed by the mark's removal: a failure still reaches whoever
 * awaits it, or the console as an unhandled rejection.
 */
export function busyMarker(el: HTMLElement): <T>(work: Promise<T>) => Promise<T> {
  let underWay = 0;
  const done = () => {
    if (--underWay === 0) el.removeAttribute('aria-busy');
  };
  return (work) => {
    if (underWay++ === 0) el.setAttribute('aria-busy', 'true');
    return work.finally(done);
  };
}
