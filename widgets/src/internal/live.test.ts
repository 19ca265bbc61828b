import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../define.ts';
import { aRequest, fakeApi } from './fake-api.ts';
import type { SessionElement } from './session-element.ts';

describe('the shared live stream', () => {
  let api: ReturnType<typeof fakeApi>;
  afterEach(() => api.restore());

  it('is one stream for all widgets on the page, opened only while one is connected', async () => {
    api = fakeApi({
      'GET /api/session/my-requests': { body: { items: [] } },
      'GET /api/session/educator/requests': { body: { items: [] } },
      'GET /api/me': { body: { id: 'x', name: null, courses: [] } },
      'GET /api/events': () => ({ body: new ReadableStream() }),
    });
    const page = await fixture<HTMLElement>(html`<div>
      <my-session-requests token="t"></my-session-requests><session-requests token="t"></session-requests>
    </div>`);
    await waitUntil(() => api.callsTo('GET', '/api/events').length === 1);
    for (const widget of [...page.children]) widget.remove();
    const opened = api.callsTo('GET', '/api/events').length;
    page.append(document.createElement('my-session-requests'));
    (page.firstElementChild as SessionElement).token = 't';
    await waitUntil(() => api.callsTo('GET', '/api/events').length === opened + 1);
    expect(opened).to.equal(1);
  });

  it('reconnects after a drop and asks for what it missed', async () => {
    let streams = 0;
    api = fakeApi({
      'GET /api/session/my-requests': { body: { items: [] } },
      'GET /api/events': () => {
        streams++;
        const event = `id: 41\nevent: request.approved\ndata: ${JSON.stringify(aRequest({ status: 'approved' }))}\n\n`;
        const first = streams === 1;
        const body = new ReadableStream({
          start(c) {
            if (!first) return;
            c.enqueue(new TextEncoder().encode(event));
            c.close();
          },
        });
        return { body };
      },
    });
    await fixture(html`<my-session-requests token="t"></my-session-requests>`);
    await waitUntil(() => api.callsTo('GET', '/api/events').length === 2, 'never reconnected', { timeout: 5000 });
    expect(api.callsTo('GET', '/api/events').map((call) => call.lastEventId)).to.deep.equal([null, '41']);
  });
});
