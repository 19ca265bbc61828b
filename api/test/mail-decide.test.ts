// Approve or reject from the inbox: the page a new request's email links to. A GET changes nothing; a POST decides
// once through the domain's own steps; a used, expired or altered link answers a page that says so (4xx) and
// changes nothing. No script, nothing from elsewhere, never framed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signDecide } from '../src/mail/tokens.ts';
import { at, SECRET, tableCounts, users } from './helpers.ts';
import { type MailWorld, mailWorld } from './mail-world.ts';

let world: MailWorld;
beforeEach(async () => {
  world = await mailWorld();
  await world.introduce(users.educator);
  await world.introduce(users.student);
});
afterEach(() => world.close());

/** The decide link of the newest request email, as a path on the tool. */
async function decidePath(message?: string, startHours = 24) {
  const slot = await world.api.call('POST', '/api/availability/create', users.educator, {
    courseId: 'c-101',
    startsAt: at(startHours),
    endsAt: at(startHours + 1),
    meetingLink: 'https://meet.example.com/slot-link',
  });
  const request = await world.api.request(slot.body.id, users.student, message);
  await world.deliver();
  const html = world.fresh().at(-1)?.mail.html || '';
  const href = /href="(https:\/\/sessions\.example\.edu\/mail\/decide\/[^"#]+)#approve"/.exec(html)?.[1] ?? '';
  return { path: new URL(href).pathname, request };
}

const page = (path: string, init?: RequestInit) => world.api.app.request(path, init);
const post = (path: string, fields: Record<string, string>) =>
  page(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
const statusOf = async (requestId: string) =>
  (await world.api.get('/api/session/my-requests', users.student)).body.items.find(
    (item: { id: string }) => item.id === requestId,
  );

describe('the decide page', () => {
  it('shows the request in the educator’s language and zone, with the slot’s link prefilled, and a GET changes nothing', async () => {
    await world.introduce(users.educator, { email: 'grace@example.edu', locale: 'es', zoneinfo: 'Europe/Madrid' });
    const { path } = await decidePath('<b>Capítulo 3</b>');
    const before = await tableCounts(world.api.db);
    for (let n = 0; n < 3; n++) {
      const res = await page(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<html lang="es" dir="ltr">/);
      expect(html).toContain('<h1>Solicitud de Ada Lovelace</h1>');
      expect(html).toContain('miércoles, 2 de diciembre de 2026, 10:00');
      expect(html).toContain('hora de Europa central');
      expect(html).toContain('&lt;b&gt;Capítulo 3&lt;/b&gt;');
      expect(html).toContain('value="https://meet.example.com/slot-link"');
      expect(html).toContain('>Aprobar</button>');
      expect(html).toContain('>Rechazar</button>');
      expect(html).not.toMatch(/<script/i);
    }
    expect(await tableCounts(world.api.db)).toEqual(before);
    const res = await page(path, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await tableCounts(world.api.db)).toEqual(before);
  });

  it('has no script, loads nothing from elsewhere, cannot be framed, and is not kept', async () => {
    const { path } = await decidePath();
    const res = await page(path);
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const html = await res.text();
    expect(html).toContain(`action="${path}"`);
  });

  it('approves once, through the same rules as the API; a second post is refused and changes nothing', async () => {
    const { path, request } = await decidePath();
    const approved = await post(path, { decision: 'approve', meetingLink: 'https://meet.example.com/from-mail' });
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain('Request approved.');
    expect(await statusOf(request.id)).toMatchObject({ status: 'approved', meetingLink: 'https://meet.example.com/from-mail' });
    await world.deliver();
    expect(world.fresh().map((mail) => mail.mail.subject?.split(':')[0])).toEqual([
      'Request approved',
      'Session booked with Ada Lovelace',
    ]);

    const before = await tableCounts(world.api.db);
    const tries: Record<string, string>[] = [
      { decision: 'approve', meetingLink: 'https://meet.example.com/again' },
      { decision: 'reject', reason: 'No' },
    ];
    for (const fields of tries) {
      const again = await post(path, fields);
      expect(again.status).toBe(409);
      expect(await again.text()).toContain('This request has already been decided');
    }
    expect((await page(path)).status).toBe(409);
    expect(await tableCounts(world.api.db)).toEqual(before);
  });

  it('rejects with the educator’s reason; a missing reason or a link that is not https asks again and changes nothing', async () => {
    const { path, request } = await decidePath();
    const before = await tableCounts(world.api.db);
    const noReason = await post(path, { decision: 'reject', reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Please give the student a reason.');
    const badLink = await post(path, { decision: 'approve', meetingLink: 'javascript:alert(1)' });
    expect(badLink.status).toBe(400);
    const html = await badLink.text();
    expect(html).toContain('Enter a full meeting link that starts with https://');
    expect(html).toContain('value="javascript:alert(1)"');
    expect(await tableCounts(world.api.db)).toEqual(before);

    const rejected = await post(path, { decision: 'reject', reason: 'Away <that> week' });
    expect(rejected.status).toBe(200);
    expect(await statusOf(request.id)).toMatchObject({ status: 'rejected', rejectionReason: 'Away <that> week' });
  });

  it('refuses an altered link, one for a request its educator no longer holds, and an expired one, changing nothing', async () => {
    const { path, request } = await decidePath(undefined, 2);
    const [, , , token] = path.split('/');
    const [body, signature] = token.split('.');
    const before = await tableCounts(world.api.db);
    const flip = (text: string, n: number) => `${text.slice(0, n)}${text[n] === 'A' ? 'B' : 'A'}${text.slice(n + 1)}`;
    for (const altered of [
      `${flip(body, 5)}.${signature}`,
      `${body}.${flip(signature, 10)}`,
      `${body}.${signature}x`,
      `${body}`,
      signDecide('another-secret-of-another-deployment-0123', { requestId: request.id, educatorId: 'ed-1', expiresAt: at(2) }),
      signDecide(SECRET, { requestId: request.id, educatorId: 'ed-2', expiresAt: at(2) }),
    ]) {
      for (const res of [
        await page(`/mail/decide/${altered}`),
        await post(`/mail/decide/${altered}`, { decision: 'reject', reason: 'x' }),
      ]) {
        expect(res.status).toBe(404);
        expect(await res.text()).toContain('This link is not valid. Nothing was changed.');
      }
    }
    world.api.setNow(at(2));
    for (const res of [
      await page(path),
      await post(path, { decision: 'approve', meetingLink: 'https://meet.example.com/late' }),
    ]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('This link has expired: the session has started. Nothing was changed.');
    }
    expect(await tableCounts(world.api.db)).toEqual(before);
  });
});
