// A Content-Security-Policy for the built pages. People paste task
// definitions and open shared links whose scenario rides in the URL: the app
// never turns text into markup, and this policy makes that a rule the browser
// keeps too. Only the build gets it: the dev server injects its styles and its
// HMR client inline, which a policy without 'unsafe-inline' would block.
import type { Plugin } from 'vite';

/**
 * What the pages load: their own scripts, styles and worker; `data:` for the
 * empty favicon. Nothing is fetched from elsewhere: Stately's hosted inspector
 * is a window we open and post messages to, which no directive governs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function cspPlugin(): Plugin {
  return {
    name: 'ecs-lifecycle:csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}
