// <availability-manager>'s "Repeat weekly…" panel: its summary renders at once, its form (series-form.ts) is loaded
// the first time it opens.
import type { ReactiveControllerHost } from 'lit';
import { msg } from '../internal/localize.ts';
import { LazyPanel, type PanelViews } from './lazy-panel.ts';
import type { SeriesActions, SeriesForm } from './series-form.ts';

/** The panel; `render` renders it for course `courseId`, and `panel.open = false` closes it. */
export function repeatWeekly(host: ReactiveControllerHost, actions: SeriesActions, views: PanelViews) {
  const panel = new LazyPanel<SeriesForm>(
    host,
    async () => new (await import('./series-form.ts')).SeriesForm(host, actions),
    views,
  );
  return { panel, render: (courseId: string) => panel.render('series', msg('Repeat weekly…'), (form) => form.render(courseId)) };
}
