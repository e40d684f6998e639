// Serves the build-time statechart layout as `virtual:statechart-layout`,
// so the browser bundle carries a few KiB of numbers instead of ELK.
import type { Plugin } from 'vite';
import { layoutAll } from './chart.layout.ts';

const ID = 'virtual:statechart-layout';
const RESOLVED = '\0' + ID;

export function chartLayoutPlugin(): Plugin {
  return {
    name: 'ecs-lifecycle:statechart-layout',
    resolveId: (id) => (id === ID ? RESOLVED : null),
    async load(id) {
      if (id !== RESOLVED) return null;
      const layout = await layoutAll();
      return `export default ${JSON.stringify(layout)};`;
    },
  };
}
