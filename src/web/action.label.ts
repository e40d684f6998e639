// What the page calls a live action: its button's words, for Step back's
// list of what it took back and for the note that the run left its story.
import type { LiveAction } from '../sim/types.ts';

export function actionLabel(a: LiveAction): string {
  if (a.action === 'StopTask') return 'Stop task';
  if (a.action === 'ContainerExit') return `Exit container ${a.container} (code ${a.exitCode})`;
  if (a.action === 'HealthChecksFail') return `Fail health checks of ${a.container}`;
  return 'Spot interruption';
}
