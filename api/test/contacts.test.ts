// How the tool reaches a user (SPEC §14): the token's optional `email`, `locale` and `zoneinfo` claims, a malformed
// one ignored and never a 401, the latest of each kept per user and written only when it changes.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { userContacts } from '../src/db/schema.ts';
import { at, setup, tokenFor, users } from './helpers.ts';

const contactOf = async (api: Awaited<ReturnType<typeof setup>>, userId = users.student.sub) =>
  api.db.select().from(userContacts).where(eq(userContacts.userId, userId)).get();

describe('contact claims', () => {
  it('ignores a malformed email, locale or zoneinfo, and never refuses the token for it', async () => {
    const api = await setup();
    for (const claims of [
      { email: 'not an address' },
      { email: 'a@example.edu\r\nBcc: b@example.edu' },
      { email: `${'a'.repeat(250)}@example.edu` },
      { email: 42, locale: ['es'], zoneinfo: { zone: 'UTC' } },
      { locale: 'not a locale!', zoneinfo: 'Mars/Olympus_Mons' },
      { locale: 'x'.repeat(100) },
    ]) {
      const res = await api.get('/api/me', await tokenFor(users.student, api.now(), claims));
      expect(res.status).toBe(200);
    }
    expect(await contactOf(api)).toBeUndefined();
    await api.get(
      '/api/me',
      await tokenFor(users.student, api.now(), { email: 'ada@example.edu', locale: 'pt-br', zoneinfo: 'America/Sao_Paulo' }),
    );
    expect(await contactOf(api)).toMatchObject({
      email: 'ada@example.edu',
      locale: 'pt-BR',
      timeZone: 'America/Sao_Paulo',
      name: 'Ada Lovelace',
      emailEnabled: true,
    });
    // A malformed claim keeps what was known; a well-formed one replaces it; one left out keeps it.
    await api.get('/api/me', await tokenFor(users.student, api.now(), { email: 'nope', locale: 'ar', zoneinfo: 'Nowhere' }));
    expect(await contactOf(api)).toMatchObject({ email: 'ada@example.edu', locale: 'ar', timeZone: 'America/Sao_Paulo' });
  });

  it('writes only when something changed, also after a restart of the process', async () => {
    const api = await setup();
    const claims = { email: 'ada@example.edu', locale: 'es', zoneinfo: 'Europe/Madrid' };
    await api.get('/api/me', await tokenFor(users.student, api.now(), claims));
    const first = (await contactOf(api))?.updatedAt;
    api.setNow(at(1));
    await api.get('/api/session/my-requests', await tokenFor(users.student, api.now(), claims));
    await api.get('/api/me', await tokenFor(users.student, api.now(), {}));
    expect((await contactOf(api))?.updatedAt).toBe(first);

    // Another process (no memory of this user) reads what is kept and finds nothing to write.
    const restarted = await setup({ db: api.db, now: new Date(at(2)) });
    await restarted.get('/api/me', await tokenFor(users.student, restarted.now(), claims));
    expect((await contactOf(api))?.updatedAt).toBe(first);

    await restarted.get('/api/me', await tokenFor(users.student, restarted.now(), { ...claims, zoneinfo: 'Europe/Paris' }));
    expect(await contactOf(api)).toMatchObject({ timeZone: 'Europe/Paris', updatedAt: at(2) });
    await restarted.get('/api/me', await tokenFor({ ...users.student, name: 'Ada King' }, restarted.now()));
    expect(await contactOf(api)).toMatchObject({ name: 'Ada King', email: 'ada@example.edu' });
  });

  it('keeps nothing for a user whose token says nothing about reaching them', async () => {
    const api = await setup();
    await api.get('/api/me', users.student);
    expect(await contactOf(api)).toBeUndefined();
  });
});
