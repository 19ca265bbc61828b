// LTI Advantage services (SPEC §15) against the simulated LMS: the registration asks for the roster's and the
// gradebook's scopes, a launch records its course's service URLs and its user's platform id, and access tokens come
// from the platform's token endpoint by a client assertion it verifies against the tool's JWKS, kept until expiry.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ltiCourseServices, ltiPlatforms, ltiUsers } from '../src/db/schema.ts';
import { PlatformUnreachable } from '../src/lti/platform-fetch.ts';
import { type Platform, savePlatform } from '../src/lti/platforms.ts';
import { ServiceTokenRefused, serviceAccess } from '../src/lti/services.ts';
import { HOUR, MINUTE, type TestApi, testConfig } from './helpers.ts';
import { AGS_CLAIM, CLIENT_ID, COURSE, DEPLOYMENT_ID, PEOPLE, SERVICE_SCOPES } from './lti-platform.ts';
import { launchAs, platformForTests, registerTool, serviceTool, toolServices } from './lti-tool.ts';

let api: TestApi;
const platform = platformForTests(() => api.now());

beforeEach(async () => {
  // The simulated LMS lives on loopback: only LTI_ALLOW_LOOPBACK=1 lets the tool reach it.
  api = await serviceTool(platform);
});
afterEach(() => api.db.$client.close());

const register = () => registerTool(api, platform);
const launch = (who = 'ada') => launchAs(api, platform, who);

const courseServices = async (courseId: string) =>
  (await api.db.select().from(ltiCourseServices).where(eq(ltiCourseServices.courseId, courseId)))[0];

/** The tool's access tokens, with the guarded fetch as the tool makes it and the tool's own key. */
const tokens = (allowLoopback = true) => toolServices(api, { allowLoopback }).serviceToken;

describe('registration', () => {
  it('asks for the roster’s and the gradebook’s scopes', async () => {
    await register();
    const sent = platform.registrations.at(-1) as { scope: string };
    expect(sent.scope.split(' ').sort()).toEqual([...SERVICE_SCOPES].sort());
  });

  it('asks for the member’s email, which Moodle shares in launches and the roster only when the tool asks', async () => {
    await register();
    const sent = platform.registrations.at(-1) as Record<string, { claims: string[] }>;
    expect(sent['https://purl.imsglobal.org/spec/lti-tool-configuration']?.claims).toContain('email');
  });
});

describe('a launch’s services', () => {
  it('records the course’s service URLs and the platform’s own id for the user; a later launch updates them', async () => {
    const stored = await register();
    const courseId = `${stored.id}:${COURSE.id}`;
    expect((await launch('ada')).status).toBe(200);
    expect(await courseServices(courseId)).toEqual({
      courseId,
      platformId: stored.id,
      membershipsUrl: `${platform.issuer}/courses/${COURSE.id}/memberships?v=1`,
      lineItemsUrl: `${platform.issuer}/courses/${COURSE.id}/lineitems?v=1`,
      lineItemUrl: `${platform.issuer}/courses/${COURSE.id}/lineitems/1?v=1`,
      agsScopes: SERVICE_SCOPES.slice(1).join(' '),
      updatedAt: api.now().toISOString(),
    });
    const [user] = await api.db
      .select()
      .from(ltiUsers)
      .where(eq(ltiUsers.userId, `${stored.id}:${PEOPLE.ada.sub}`));
    expect(user).toMatchObject({ platformId: stored.id, sub: PEOPLE.ada.sub });

    api.setNow(new Date(api.now().getTime() + HOUR));
    platform.launchWith(platform.serviceClaims(2));
    expect((await launch('grace')).status).toBe(200);
    expect(await courseServices(courseId)).toMatchObject({
      membershipsUrl: `${platform.issuer}/courses/${COURSE.id}/memberships?v=2`,
      lineItemsUrl: `${platform.issuer}/courses/${COURSE.id}/lineitems?v=2`,
      updatedAt: api.now().toISOString(),
    });
    expect(await api.db.select().from(ltiCourseServices)).toHaveLength(1);
    expect((await api.db.select().from(ltiUsers)).map((row) => row.sub).sort()).toEqual([PEOPLE.ada.sub, PEOPLE.grace.sub]);
  });

  it('ignores a malformed gradebook claim, and the launch still works', async () => {
    const stored = await register();
    platform.launchWith({ ...platform.serviceClaims(), [AGS_CLAIM]: { scope: 'not a list', lineitems: 'javascript:alert(1)' } });
    const res = await launch('ada');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<meta name="lti-launch"');
    expect(await courseServices(`${stored.id}:${COURSE.id}`)).toMatchObject({
      membershipsUrl: `${platform.issuer}/courses/${COURSE.id}/memberships?v=1`,
      lineItemsUrl: null,
      lineItemUrl: null,
      agsScopes: null,
    });
  });

  it('records nothing for the course when the launch names no service', async () => {
    const stored = await register();
    platform.launchWith({});
    expect((await launch('ada')).status).toBe(200);
    expect(await courseServices(`${stored.id}:${COURSE.id}`)).toBeUndefined();
  });
});

describe('access tokens', () => {
  it('are obtained with an assertion the platform verifies against the tool’s JWKS, and kept until they expire', async () => {
    const stored = await register();
    const serviceToken = tokens();
    const scopes = [SERVICE_SCOPES[0]];
    const first = await serviceToken(stored, scopes, api.now());
    expect(first).toMatch(/^token-/);
    expect(platform.tokenRequests).toHaveLength(1);
    const [asked] = platform.tokenRequests;
    expect(asked).toMatchObject({ status: 200, scope: SERVICE_SCOPES[0] });
    expect(asked.claims).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: `${platform.issuer}/token` });
    expect((asked.claims?.exp as number) - (asked.claims?.iat as number)).toBe(300);

    // Reused while it lasts, also for the same scopes in another order; another scope set gets its own.
    api.setNow(new Date(api.now().getTime() + 30 * MINUTE));
    expect(await serviceToken(stored, scopes, api.now())).toBe(first);
    expect(platform.tokenRequests).toHaveLength(1);
    const both = [SERVICE_SCOPES[2], SERVICE_SCOPES[1]];
    const gradebook = await serviceToken(stored, both, api.now());
    expect(await serviceToken(stored, [...both].reverse(), api.now())).toBe(gradebook);
    expect(platform.tokenRequests.map((request) => request.scope)).toEqual([
      SERVICE_SCOPES[0],
      [SERVICE_SCOPES[1], SERVICE_SCOPES[2]].join(' '),
    ]);

    // Shortly before the hour is up, a new one, with a new assertion (the platform refuses a reused jti).
    api.setNow(new Date(api.now().getTime() + 30 * MINUTE));
    const second = await serviceToken(stored, scopes, api.now());
    expect(second).not.toBe(first);
    expect(platform.tokenRequests).toHaveLength(3);
    expect(platform.tokenRequests.every((request) => request.status === 200)).toBe(true);
    expect(platform.tokenRequests[2].claims?.jti).not.toBe(asked.claims?.jti);
  });

  it('are kept once per process: what the launches, the roster and the scores each ask for is asked of the LMS once', async () => {
    const stored = await register();
    const config = testConfig({ lti: { allowLoopback: true } });
    // The three parts of a server each ask for their access with the same settings, clock and fetch.
    const [launches, roster, scores] = [1, 2, 3].map(() => serviceAccess(api.db, config, api.now));
    for (const part of [launches, roster, scores]) await part.serviceToken(stored, [SERVICE_SCOPES[0]], api.now());
    expect(platform.tokenRequests).toHaveLength(1);
    // Another fetch (a test's own) is another access, with its own tokens.
    await serviceAccess(api.db, config, api.now, toolServices(api).fetchPlatform).serviceToken(
      stored,
      [SERVICE_SCOPES[0]],
      api.now(),
    );
    expect(platform.tokenRequests).toHaveLength(2);
  });

  it('are asked with a new assertion each time: the platform refuses one sent again', async () => {
    const stored = await register();
    await tokens()(stored, [SERVICE_SCOPES[0]], api.now());
    const replay = await fetch(`${platform.issuer}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: platform.tokenRequests[0].assertion,
        scope: SERVICE_SCOPES[0],
      }),
    });
    expect(replay.status).toBe(401);
    expect(platform.tokenRequests.at(-1)).toMatchObject({ status: 401, refused: 'jti reused' });
  });

  it('keep a bounded number of tokens, the oldest going first', async () => {
    const stored = await register();
    const { serviceToken } = toolServices(api, { maxTokens: 1 });
    await serviceToken(stored, [SERVICE_SCOPES[0]], api.now());
    await serviceToken(stored, [SERVICE_SCOPES[1]], api.now());
    await serviceToken(stored, [SERVICE_SCOPES[1]], api.now());
    expect(platform.tokenRequests).toHaveLength(2);
    await serviceToken(stored, [SERVICE_SCOPES[0]], api.now());
    expect(platform.tokenRequests).toHaveLength(3);
  });

  it('read at most 64 KiB of the platform’s answer', async () => {
    const stored = await register();
    platform.answerTokensWith(() => ({ access_token: 'x'.repeat(70 * 1024), token_type: 'Bearer', expires_in: 3600 }));
    await expect(tokens()(stored, [SERVICE_SCOPES[0]], api.now())).rejects.toThrow(PlatformUnreachable);
  });

  it('name the platform’s authorization server as the assertion’s audience when it has one', async () => {
    const stored = await register();
    const serviceToken = tokens();
    const elsewhere: Platform = { ...stored, authServer: 'https://auth.example.edu/oauth' };
    await expect(serviceToken(elsewhere, [SERVICE_SCOPES[0]], api.now())).rejects.toThrow(ServiceTokenRefused);
    expect(platform.tokenRequests).toEqual([expect.objectContaining({ status: 401, refused: expect.stringContaining('aud') })]);
  });

  it('are refused when the platform answers something that is not a bearer token', async () => {
    const stored = await register();
    const serviceToken = tokens();
    for (const answer of [
      { access_token: 'abc', token_type: 'mac', expires_in: 3600 },
      { token_type: 'Bearer', expires_in: 3600 },
      'not json',
    ]) {
      platform.answerTokensWith(() => answer);
      await expect(serviceToken(stored, [SERVICE_SCOPES[0]], api.now())).rejects.toThrow(ServiceTokenRefused);
    }
    expect(platform.tokenRequests).toHaveLength(3);
  });

  it('are never asked of a token endpoint on a private address', async () => {
    const id = await savePlatform(
      api.db,
      {
        issuer: 'https://lms.example.edu',
        clientId: CLIENT_ID,
        authUrl: 'https://lms.example.edu/auth',
        tokenUrl: 'https://10.0.0.7/token',
        jwksUrl: 'https://lms.example.edu/jwks',
        deploymentIds: [DEPLOYMENT_ID],
      },
      api.now(),
    );
    const [inside] = await api.db.select().from(ltiPlatforms).where(eq(ltiPlatforms.id, id));
    await expect(tokens(false)(inside, [SERVICE_SCOPES[0]], api.now())).rejects.toThrow(PlatformUnreachable);
    // Loopback too, unless LTI_ALLOW_LOOPBACK says otherwise.
    const stored = await register();
    await expect(tokens(false)(stored, [SERVICE_SCOPES[0]], api.now())).rejects.toThrow(PlatformUnreachable);
    expect(platform.tokenRequests).toHaveLength(0);
  });
});
