// inspector.link.ts reads two private fields of @statelyai/inspect's browser
// adapter: `targetWindow` (was the popup closed?) and `deferredEvents` (the
// queue it replays to an inspector that reconnects, emptied when a run ends).
// The package is pinned; this fails on an upgrade that renames either, where
// the link would otherwise go quietly wrong (an old run replayed, a closed
// window taken for open).
import { createBrowserInspector } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';

function fakeWindow() {
  const popup = { closed: false, posted: [] as unknown[], postMessage(m: unknown) { this.posted.push(m); } };
  const listeners: ((e: { data: unknown }) => void)[] = [];
  const win = {
    open: () => popup,
    addEventListener: (_type: string, fn: (e: { data: unknown }) => void) => void listeners.push(fn),
  };
  return { popup, win, connect: () => listeners.forEach((fn) => fn({ data: { type: '@statelyai.connected' } })) };
}

describe('the @statelyai/inspect browser adapter', () => {
  it('should keep the window it opened as targetWindow, and queue what it was sent in deferredEvents', () => {
    const { popup, win } = fakeWindow();
    const inspector = createBrowserInspector({ window: win as unknown as Window, url: 'http://localhost/inspector.html' });
    const adapter = inspector.adapter as unknown as { targetWindow?: unknown; deferredEvents?: unknown[] };
    expect(adapter.targetWindow).toBe(popup);
    inspector.actor('task', { value: 'PROVISIONING' });
    expect(adapter.deferredEvents).toHaveLength(1);
  });

  it('should replay deferredEvents to an inspector that connects, so emptying it drops a finished run', () => {
    const { popup, win, connect } = fakeWindow();
    const inspector = createBrowserInspector({ window: win as unknown as Window, url: 'http://localhost/inspector.html' });
    inspector.actor('old-run', { value: 'STOPPED' });
    (inspector.adapter as unknown as { deferredEvents: unknown[] }).deferredEvents.length = 0;
    inspector.actor('new-run', { value: 'PROVISIONING' });
    connect();
    const replayed = popup.posted.map((m) => (m as { sessionId?: string }).sessionId);
    expect(replayed).toEqual(['new-run']);
  });
});
