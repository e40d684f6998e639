// The two pages live in src/web and src/inspector (the repository's layout),
// but are served as `/` and `/inspector.html` in dev, preview and the build,
// so links and the inspector URL are the same everywhere.
import type { Plugin } from 'vite';

const ROUTES: Record<string, string> = {
  '/': '/src/web/index.html',
  '/index.html': '/src/web/index.html',
  '/inspector.html': '/src/inspector/index.html',
};

const OUTPUT: Record<string, string> = {
  'src/web/index.html': 'index.html',
  'src/inspector/index.html': 'inspector.html',
};

export function htmlEntriesPlugin(): Plugin {
  return {
    name: 'ecs-lifecycle:html-entries',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const [path, query] = (req.url ?? '/').split('?');
        const to = ROUTES[path ?? '/'];
        if (to) req.url = query ? `${to}?${query}` : to;
        next();
      });
    },
    // After vite:build-html emitted the pages: re-emit them at the top of dist/.
    // Their asset URLs are absolute (base `/`), so moving them breaks nothing.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const [name, asset] of Object.entries(bundle)) {
          const to = OUTPUT[name];
          if (!to || asset.type !== 'asset') continue;
          delete bundle[name];
          this.emitFile({ type: 'asset', fileName: to, source: asset.source });
        }
      },
    },
  };
}
