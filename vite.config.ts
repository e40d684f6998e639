/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { chartLayoutPlugin } from './src/web/build/chart-layout.plugin.ts';
import { cspPlugin } from './src/web/build/csp.plugin.ts';
import { htmlEntriesPlugin } from './src/web/build/html-entries.plugin.ts';

// One config for the web app (src/web + src/inspector, built into dist/) and
// for Vitest. The app is served at `/`, the self-hosted inspector at `/inspector.html`.
export default defineConfig({
  root: '.',
  publicDir: 'public',
  plugins: [chartLayoutPlugin(), htmlEntriesPlugin(), cspPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: { app: 'src/web/index.html', inspector: 'src/inspector/index.html' },
    },
  },
  server: { open: false },
  test: {
    include: ['test/**/*.test.ts'],
    // builds the CLI bundle the command-line tests start (test/support/cli.ts)
    globalSetup: ['test/support/cli-bundle.setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    // the browser tests poll the page: on a loaded 2-core machine a repaint can take over the default second
    expect: { poll: { timeout: 5_000 } },
  },
});
