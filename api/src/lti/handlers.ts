// The handlers of the LTI routes (routes.ts): dynamic registration, OIDC login, the launch, widget tokens for a
// launch, and the deep-linking answer. Each names who may frame its page as soon as it can tell.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { SignJWT } from 'jose';
import { saveContact } from '../domain/contacts.ts';
import { DomainError } from '../domain/errors.ts';
import { signToken } from '../http/auth.ts';
import { problemResponse } from '../http/problem.ts';
import { CLAIM, pageLocale } from './claims.ts';
import type { LtiContext, LtiEnv } from './context.ts';
import { issuerFramers, launchFramers, originOf, pageHeaders, platformOrigins } from './framing.ts';
import { identityOf, launchOf, recordLaunch, spendDeepLink, verifyLaunch } from './launch.ts';
import { type LoginParams, startLogin } from './login.ts';
import { autoPost, deepLinkChoice, problemPage, registeredPage, toolPage, wordsFor } from './pages.ts';
import { LtiError, platformById, savePlatform } from './platforms.ts';
import { registerWithPlatform } from './registration.ts';

/** How long a widget token minted for a launch lives (the page asks for another when it runs out). */
const TOKEN_SECONDS = 15 * 60;
const RESPONSE_SECONDS = 5 * 60;
const LOGIN_FIELDS = ['iss', 'login_hint', 'target_link_uri', 'lti_message_hint', 'client_id', 'lti_deployment_id'];

type Handler = (c: Context<LtiEnv>) => Promise<Response>;

const digest = (text: string) => createHash('sha256').update(text).digest();
/** Compares the registration key in constant time. */
const sameSecret = (given: string | undefined, expected: string | undefined) =>
  given !== undefined && expected !== undefined && timingSafeEqual(digest(given), digest(expected));

/** A reader of the request's form fields (POST) or query parameters (GET), as strings. */
async function fields(c: Context) {
  const body = c.req.method === 'POST' ? await c.req.parseBody() : {};
  return (name: string) => {
    const value = body[name] ?? c.req.query(name);
    return typeof value === 'string' ? value : undefined;
  };
}

/** `GET /lti/register?key=…`: IMS LTI Dynamic Registration. */
export const register =
  ({ db, config, clock, fetchPlatform, publicUrl }: LtiContext): Handler =>
  async (c) => {
    c.set('framers', [originOf(c.req.query('openid_configuration'))]);
    if (!sameSecret(c.req.query('key'), config.lti?.registrationKey)) {
      throw new LtiError(403, 'Registration needs the key the tool was given (LTI_REGISTRATION_KEY) in the URL.');
    }
    const configUrl = c.req.query('openid_configuration');
    if (!configUrl) throw new LtiError(400, 'The registration request has no openid_configuration.');
    const platform = await registerWithPlatform(fetchPlatform, configUrl, c.req.query('registration_token'), publicUrl(c));
    await savePlatform(db, platform, clock());
    return c.html(registeredPage(platform.product ?? platform.issuer), 200, pageHeaders(c.get('framers')));
  };

/** `GET` and `POST /lti/login`: OIDC third-party-initiated login; nothing is stored (SPEC §18). */
export const login =
  ({ db, clock, toolKey, publicUrl }: LtiContext): Handler =>
  async (c) => {
    const read = await fields(c);
    const params: LoginParams = Object.fromEntries(LOGIN_FIELDS.map((name) => [name, read(name)]));
    c.set('framers', await issuerFramers(db, params.iss, params.client_id));
    if (params.target_link_uri && originOf(params.target_link_uri) !== originOf(publicUrl(c))) {
      throw new LtiError(400, `The target_link_uri ${params.target_link_uri} is not this tool.`);
    }
    const { loginKey } = await toolKey();
    return c.redirect(await startLogin(db, loginKey, params, `${publicUrl(c)}/lti/launch`, clock()), 302);
  };

/** `POST /lti/launch`: the verified launch answers the tool page for the role, or the deep-linking choice. */
export const launch =
  ({ db, clock, toolKey, keysOf }: LtiContext): Handler =>
  async (c) => {
    const read = await fields(c);
    const { loginKey } = await toolKey();
    c.set('framers', await launchFramers(db, loginKey, read('state'), read('id_token')));
    if (read('error'))
      throw new LtiError(401, `The platform did not sign you in: ${read('error_description') ?? read('error')}.`);
    const now = clock();
    const verified = await verifyLaunch(db, loginKey, keysOf, { id_token: read('id_token'), state: read('state') }, now);
    const { claims, platform } = verified;
    const lang = pageLocale(claims[CLAIM.launchPresentation]?.locale);
    const headers = pageHeaders([...platformOrigins(platform), originOf(claims[CLAIM.launchPresentation]?.return_url)]);
    const identity = identityOf(verified);
    await saveContact(db, identity.userId, identity.contact, now.toISOString());
    const words = wordsFor(lang);
    const role = identity.role;
    if (!role) return c.html(problemPage(words.forWhom, lang), 403, headers);
    if (claims[CLAIM.messageType] === 'LtiDeepLinkingRequest') {
      if (role !== 'educator') return c.html(problemPage(words.forWhom, lang), 403, headers);
      const handle = await recordLaunch(db, verified, { ...identity, role }, now);
      return c.html(deepLinkChoice(lang, handle, identity.courseTitle), 200, headers);
    }
    if (claims[CLAIM.custom]?.view === 'educator' && role !== 'educator') {
      return c.html(problemPage(words.educatorsOnly, lang), 403, headers);
    }
    const handle = await recordLaunch(db, verified, { ...identity, role }, now);
    return c.html(toolPage({ lang, role, courseId: identity.courseId, courseTitle: identity.courseTitle, handle }), 200, headers);
  };

/** `POST /lti/token`: a fresh widget token for the launch whose handle the page holds, while the launch lasts. */
export const launchToken =
  ({ db, config, clock }: LtiContext): Handler =>
  async (c) => {
    const handle = /^Bearer (\S+)$/.exec(c.req.header('Authorization') ?? '')?.[1];
    const now = clock();
    const found = handle ? await launchOf(db, handle, now) : undefined;
    c.header('Cache-Control', 'no-store');
    if (!found) return problemResponse(c, new DomainError('unauthenticated', 'No such launch, or it is over 8 hours old.'));
    const exp = Math.min(Math.floor(now.getTime() / 1000) + TOKEN_SECONDS, Math.floor(Date.parse(found.expiresAt) / 1000));
    const course = { id: found.courseId, role: found.role, ...(found.courseTitle ? { title: found.courseTitle } : {}) };
    const token = await signToken(
      { sub: found.userId, ...(found.name ? { name: found.name } : {}), courses: [course], exp },
      config.authSecret,
    );
    return c.json({ token, expiresAt: new Date(exp * 1000).toISOString() });
  };

/** `POST /lti/deep-link`: the teacher's choice, answered once with a signed LtiDeepLinkingResponse. */
export const deepLink =
  ({ db, clock, toolKey, publicUrl }: LtiContext): Handler =>
  async (c) => {
    const read = await fields(c);
    const handle = read('handle');
    const now = clock();
    // The choice is made once: the launch is spent before anything is signed.
    const spent = handle ? await spendDeepLink(db, handle, now) : undefined;
    if (!spent?.deepLinkReturnUrl) throw new LtiError(401, 'This choice is no longer open: add the tool from the course again.');
    const platform = await platformById(db, spent.platformId);
    if (!platform) throw new LtiError(401, 'The platform of this launch is no longer registered.');
    const view = read('view') === 'educator' ? 'educator' : 'booking';
    const key = await toolKey();
    const seconds = Math.floor(now.getTime() / 1000);
    const jwt = await new SignJWT({
      nonce: randomBytes(16).toString('base64url'),
      [CLAIM.messageType]: 'LtiDeepLinkingResponse',
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: spent.deploymentId,
      [CLAIM.contentItems]: [
        {
          type: 'ltiResourceLink',
          title: view === 'educator' ? 'One-on-one sessions: teachers' : 'One-on-one sessions',
          url: `${publicUrl(c)}/lti/launch`,
          custom: { view },
        },
      ],
      ...(spent.deepLinkData ? { [CLAIM.data]: spent.deepLinkData } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setAudience(platform.issuer)
      .setIssuedAt(seconds)
      .setExpirationTime(seconds + RESPONSE_SECONDS)
      .sign(key.privateKey);
    const target = originOf(spent.deepLinkReturnUrl);
    return c.html(
      autoPost(spent.deepLinkReturnUrl, { JWT: jwt }, 'en'),
      200,
      pageHeaders([...platformOrigins(platform), target], [target]),
    );
  };
