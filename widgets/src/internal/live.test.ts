import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './test-helpers.ts';
import '../define.ts';
import { aRequest, fakeApi, liveStream } from './fake-api.ts';
import { reconnection } from './live.ts';
import type { SessionElement } from './session-element.ts';

describe('the shared live stream', () => {
  let api: ReturnType<typeof fakeApi>;
  const realWait = reconnection.wait;
  afterEach(() => {
    api.restore();
    reconnection.wait = realWait;
  });

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

  it('reconnects after a drop, waiting longer after each failure, and asks for what it missed', async () => {
    const waits: number[] = [];
    reconnection.wait = async (ms) => {
      waits.push(ms);
    };
    let streams = 0;
    api = fakeApi({
      'GET /api/session/my-requests': { body: { items: [] } },
      'GET /api/events': () => {
        streams++;
        if (streams === 1) return { body: streamOf(`id: 41\nevent: request.approved\ndata: ${JSON.stringify(aRequest())}\n\n`) };
        return streams <= 3 ? { status: 503, code: 'internal' } : { body: new ReadableStream() };
      },
    });
    await fixture(html`<my-session-requests token="t"></my-session-requests>`);
    await waitUntil(() => api.callsTo('GET', '/api/events').length === 4, 'never reconnected');
    expect(api.callsTo('GET', '/api/events').map((call) => call.lastEventId)).to.deep.equal([null, '41', '41', '41']);
    expect(waits).to.deep.equal([1000, 2000, 4000]);
  });

  it('reconnects with a fresh token from the provider when the server ends the stream at expiry', async () => {
    reconnection.wait = async () => {};
    const tokens = ['first', 'second'];
    api = fakeApi({
      'GET /api/session/my-requests': { body: { items: [] } },
      'GET /api/events': (call) => {
        const opened = api.callsTo('GET', '/api/events').length;
        if (opened === 1) return { body: streamOf(': connected\n\n') };
        return call.token === 'second' ? { body: new ReadableStream() } : { status: 401, code: 'unauthenticated' };
      },
    });
    await fixture(html`<my-session-requests .tokenProvider=${() => tokens.shift() ?? 'none'}></my-session-requests>`);
    await waitUntil(() => api.callsTo('GET', '/api/events').length === 3, 'never reconnected');
    expect(api.callsTo('GET', '/api/events').map((call) => call.token)).to.deep.equal(['first', 'first', 'second']);
  });

  it('reloads every widget when the server says the missed events are gone', async () => {
    const live = liveStream();
    api = fakeApi({
      'GET /api/session/my-requests': { body: { items: [] } },
      'GET /api/session/educator/requests': { body: { items: [] } },
      'GET /api/me': { body: { id: 'x', name: null, courses: [] } },
      'GET /api/events': live.route,
    });
    await fixture(
      html`<div><my-session-requests token="t"></my-session-requests><session-requests token="t"></session-requests></div>`,
    );
    await waitUntil(() => api.callsTo('GET', '/api/session/educator/requests').length === 1);
    live.send('reset', { reason: 'gone' });
    await waitUntil(() => api.callsTo('GET', '/api/session/my-requests').length === 2, 'the student list did not reload');
    await waitUntil(() => api.callsTo('GET', '/api/session/educator/requests').length === 2, 'the educator list did not reload');
  });
});

/** A response body that sends `text` and ends. */
function streamOf(text: string) {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
}
