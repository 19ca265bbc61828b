// "Subscribe in your calendar" in both request lists (SPEC 14): the viewer's calendar feed, fetched the first time
// they open it, with the module of its links (calendar-link.ts): a placeholder while they load, a retry if they could not.
import { html, nothing } from 'lit';
import type { FeedLinks } from './calendar-link.ts';
import { initialState, Load } from './load.ts';
import { msg } from './localize.ts';
import type { PartActions } from './session-element.ts';

const PATH = '/api/calendar/feed';

export class CalendarFeed {
  readonly task: Load<readonly [boolean, ...unknown[]], { url: string }>;
  readonly #actions: PartActions;
  readonly #failed: (error: unknown, retry: () => void) => unknown;
  #opened = false;
  #links?: FeedLinks;

  /** `failed` renders a failure to load with its retry. */
  constructor(actions: PartActions, failed: (error: unknown, retry: () => void) => unknown) {
    this.#actions = actions;
    this.#failed = failed;
    this.task = new Load(
      actions.host,
      async ([opened], signal) => {
        if (!opened) return initialState;
        const [{ FeedLinks }, feed] = await Promise.all([
          import('./calendar-link.ts'),
          actions.load<{ url: string }>(PATH, signal),
        ]);
        this.#links ??= new FeedLinks(actions, this.task, PATH);
        return feed;
      },
      () => [this.#opened, ...actions.credentials()] as const,
    );
  }

  render() {
    const opened = (event: Event) => {
      if (!(event.target as HTMLDetailsElement).open || this.#opened) return;
      this.#opened = true;
      this.#actions.host.requestUpdate();
    };
    const { value } = this.task;
    const links = this.#links as FeedLinks;
    return html`<details part="feed" @toggle=${opened}>
      <summary>${msg('Subscribe in your calendar')}</summary>
      ${this.task.render({
        initial: () => nothing,
        pending: () => (value ? links.render(value.url) : html`<p class="muted" aria-busy="true">${msg('Loading…')}</p>`),
        complete: ({ url }) => links.render(url),
        error: (error) => this.#failed(error, () => this.task.run()),
      })}
    </details>`;
  }
}
