// <availability-manager>'s booking rules panel, for the course chosen in the create form: its summary renders at
// once, its body (policy-rules.ts) is loaded the first time it opens.
import type { ReactiveControllerHost } from 'lit';
import { msg, str } from '../internal/localize.ts';
import { LazyPanel, type PanelViews } from './lazy-panel.ts';
import type { PolicyActions, PolicyRules } from './policy-rules.ts';

/** The panel; the function renders it for course `courseId`, titled `courseTitle`. */
export function policyPanel(host: ReactiveControllerHost, actions: PolicyActions, views: PanelViews) {
  const panel = new LazyPanel<PolicyRules>(
    host,
    async () => new (await import('./policy-rules.ts')).PolicyRules(host, actions),
    views,
  );
  return (courseId: string, courseTitle: string) =>
    panel.render('policy', msg(str`Booking rules for ${courseTitle}`), (rules) => rules.render(courseId));
}
