// A simulated LMS for the LTI 1.3 tests (SPEC §13): its own RSA key pair and JWKS on loopback, an OpenID
// configuration and a registration endpoint for dynamic registration, an authorization endpoint that answers the
// tool's login redirect with a signed id_token form post, a deep-linking return endpoint, and a course page that
// frames the tool, and an OAuth token endpoint for LTI Advantage services that verifies the tool's client assertion
// against the tool's JWKS, and an NRPS memberships endpoint (paged by `limit` and `Link: <…>; rel="next"`) that
// asks for a bearer token it issued with the roster's scope, and a gradebook (AGS line items and scores) that does the
// same with the gradebook's scopes. Its launches can carry the roster (NRPS) and gradebook (AGS) claims. Its clock is
// the test's.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';

export const ROLES = {
  learner: [`${LIS}membership#Learner`],
  instructor: [`${LIS}membership#Instructor`],
  assistant: [`${LIS}membership/Instructor#TeachingAssistant`],
  administrator: [`${LIS}institution/person#Administrator`],
  mentor: [`${LIS}membership#Mentor`],
};

export interface PlatformUser {
  sub: string;
  name: string;
  roles: string[];
  locale?: string;
}

export const PEOPLE: Record<string, PlatformUser> = {
  ada: { sub: 'u-ada', name: 'Ada Lovelace', roles: ROLES.learner },
  grace: { sub: 'u-grace', name: 'Grace Hopper', roles: ROLES.instructor },
  mentor: { sub: 'u-mentor', name: 'Parent Mentor', roles: ROLES.mentor },
};

export const COURSE = { id: 'course-7', title: 'Calculus I' };
export const CLIENT_ID = 'simulated-client-1';
export const DEPLOYMENT_ID = 'deployment-1';
export const REGISTRATION_TOKEN = 'registration-token-abc';

/** The LTI Advantage scopes the tool must ask for when it registers. */
export const SERVICE_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
];
export const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';
export const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
export const NRPS_MEDIA_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

/** A member of the course as the NRPS memberships endpoint lists it. */
export interface NrpsMember {
  user_id: string;
  name?: string;
  email?: string;
  roles: string[];
  status?: 'Active' | 'Inactive' | 'Deleted';
}

/** Someone in the course who never launched the tool. */
export const NEVER_LAUNCHED: NrpsMember = {
  user_id: 'u-noor',
  name: 'Noor Inayat',
  email: 'noor@example.edu',
  roles: ROLES.learner,
  status: 'Active',
};

/** The course's members: the people who launch, and one who never did. */
export const MEMBERS: NrpsMember[] = [
  ...Object.values(PEOPLE).map((person) => ({
    user_id: person.sub,
    name: person.name,
    email: `${person.sub}@example.edu`,
    roles: person.roles,
    status: 'Active' as const,
  })),
  NEVER_LAUNCHED,
];

/** A memberships request the platform got: the URL asked, what it answered, and why it refused when it did. */
export interface MembershipsRequest {
  url: string;
  status: number;
  accept?: string;
  refused?: string;
}

/** How the memberships endpoint answers from now on. */
export interface MembershipsSettings {
  /** The members listed (anything: a test may list malformed ones). */
  members?: unknown[];
  /** Rewrites each page's `next` link (to send the tool elsewhere). */
  next?: (url: string) => string;
  /** Fields added to every page's container (to make it large). */
  extras?: Record<string, unknown>;
}

/** A token request the platform got: what it answered, and why it refused when it did. */
export interface TokenRequest {
  status: number;
  /** The client assertion as sent. */
  assertion: string;
  refused?: string;
  scope?: string;
  claims?: JWTPayload;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });

const htmlText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface Signing {
  /** Sign with another key than the published one (keeping the published kid unless `kid` says). */
  foreignKey?: boolean;
  kid?: string;
  alg?: 'none';
}

export async function startPlatform(now: () => Date = () => new Date()) {
  let key = await generateKeyPair('RS256', { extractable: true });
  let kid = `key-${randomUUID().slice(0, 8)}`;
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const registrations: Record<string, unknown>[] = [];
  const deepLinkResponses: string[] = [];
  /** The path of every request the platform got, in order. */
  const asked: string[] = [];
  let toolLoginUrl = '';
  let toolLaunchUrl = '';
  /** The tool's JWKS, as the platform reads it from the tool's `/lti/jwks`. */
  let toolJwks: (() => Promise<JSONWebKeySet>) | undefined;
  /** Claims every launch carries besides the usual ones (the services' claims). */
  let launchExtras: Record<string, unknown> = {};
  /** How the token endpoint answers a verified request: a bearer token of `expires_in` seconds unless a test says. */
  let tokenAnswer: (scope: string) => unknown = (scope) => ({
    access_token: `token-${randomUUID()}`,
    token_type: 'Bearer',
    expires_in: 3600,
    scope,
  });
  const tokenRequests: TokenRequest[] = [];
  const spentJtis = new Set<string>();
  /** The scopes each access token the platform issued was granted (the answer's `scope`, else the one asked). */
  const issued = new Map<string, string>();
  let memberships: MembershipsSettings = {};
  const membershipsRequests: MembershipsRequest[] = [];

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base());
    asked.push(url.pathname);
    if (await gradebook.handle(req, res, url)) return;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(200, 'application/json', JSON.stringify(configuration()));
    }
    if (url.pathname === '/jwks') return send(200, 'application/json', JSON.stringify({ keys: [await publicJwk()] }));
    if (url.pathname === '/register' && req.method === 'POST') {
      if (req.headers.authorization !== `Bearer ${REGISTRATION_TOKEN}`) return send(401, 'application/json', '{}');
      const registration = JSON.parse(await readBody(req));
      registrations.push(registration);
      const requested = String(registration.scope ?? '').split(' ');
      if (!SERVICE_SCOPES.every((scope) => requested.includes(scope))) {
        return send(400, 'application/json', JSON.stringify({ error: 'invalid_client_metadata', scope: registration.scope }));
      }
      toolLoginUrl = registration.initiate_login_uri;
      toolLaunchUrl = registration.redirect_uris[0];
      return send(
        200,
        'application/json',
        JSON.stringify({
          client_id: CLIENT_ID,
          ...registration,
          'https://purl.imsglobal.org/spec/lti-tool-configuration': { deployment_id: DEPLOYMENT_ID },
        }),
      );
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const assertion = form.get('client_assertion') ?? '';
      const refuse = (refused: string, claims?: JWTPayload) => {
        tokenRequests.push({ status: 401, assertion, refused, claims });
        return send(401, 'application/json', JSON.stringify({ error: 'invalid_client', error_description: refused }));
      };
      if (form.get('grant_type') !== 'client_credentials') return refuse('grant_type');
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return refuse('client_assertion_type');
      }
      if (!toolJwks) return refuse('the tool is not known');
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(assertion, createLocalJWKSet(await toolJwks()), {
          audience: `${issuer}/token`,
          issuer: CLIENT_ID,
          subject: CLIENT_ID,
          algorithms: ['RS256'],
          currentDate: now(),
          requiredClaims: ['exp', 'iat', 'jti'],
        }));
      } catch (error) {
        return refuse(`assertion: ${String(error)}`);
      }
      if (spentJtis.has(claims.jti as string)) return refuse('jti reused', claims);
      spentJtis.add(claims.jti as string);
      const scope = form.get('scope') ?? '';
      tokenRequests.push({ status: 200, assertion, scope, claims });
      const answer = tokenAnswer(scope);
      if (answer && typeof answer === 'object' && 'access_token' in answer && typeof answer.access_token === 'string') {
        issued.set(answer.access_token, 'scope' in answer && typeof answer.scope === 'string' ? answer.scope : scope);
      }
      return send(200, 'application/json', typeof answer === 'string' ? answer : JSON.stringify(answer));
    }
    if (url.pathname === `/courses/${COURSE.id}/memberships` && req.method === 'GET') {
      const record: MembershipsRequest = { url: url.href, status: 200, accept: req.headers.accept };
      membershipsRequests.push(record);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const granted = bearer === undefined ? undefined : issued.get(bearer);
      if (granted === undefined || !granted.split(' ').includes(SERVICE_SCOPES[0])) {
        record.status = granted === undefined ? 401 : 403;
        record.refused = granted === undefined ? 'no token it issued' : `token without the roster scope (${granted})`;
        return send(record.status, 'application/json', JSON.stringify({ error: record.refused }));
      }
      const members = memberships.members ?? MEMBERS;
      const limit = Math.max(1, Number(url.searchParams.get('limit') ?? members.length) || members.length);
      const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
      const headers: Record<string, string> = { 'Content-Type': NRPS_MEDIA_TYPE };
      if (offset + limit < members.length) {
        const next = new URL(url);
        next.searchParams.set('offset', String(offset + limit));
        next.searchParams.set('limit', String(limit));
        headers.Link = `<${memberships.next ? memberships.next(next.href) : next.href}>; rel="next"`;
      }
      res.writeHead(200, headers);
      return res.end(
        JSON.stringify({
          id: url.href,
          context: { id: COURSE.id, title: COURSE.title },
          members: members.slice(offset, offset + limit),
          ...memberships.extras,
        }),
      );
    }
    if (url.pathname === '/auth') {
      // The login redirect: the platform signs the user in (here: whoever login_hint names) and posts back.
      const q = url.searchParams;
      if (q.get('response_type') !== 'id_token' || q.get('response_mode') !== 'form_post' || q.get('scope') !== 'openid') {
        return send(400, 'text/plain', 'bad authorization request');
      }
      if (q.get('redirect_uri') !== toolLaunchUrl) return send(400, 'text/plain', 'unregistered redirect_uri');
      const person = PEOPLE[q.get('login_hint') ?? ''];
      if (!person) return send(400, 'text/plain', 'unknown user');
      const message = q.get('lti_message_hint') ?? 'resource';
      const idToken = await sign(claimsFor(person, q.get('nonce') ?? '', message));
      return send(200, 'text/html', formPost(q.get('redirect_uri') ?? '', { id_token: idToken, state: q.get('state') ?? '' }));
    }
    if (url.pathname === '/deep-link-return' && req.method === 'POST') {
      deepLinkResponses.push(new URLSearchParams(await readBody(req)).get('JWT') ?? '');
      return send(200, 'text/html', '<!doctype html><title>Added</title><p id="added">Added to the course.</p>');
    }
    if (url.pathname === '/admin/register') {
      // The LMS's "register a tool" screen: the tool's registration URL in a frame, closed when it says so.
      const tool = new URL(url.searchParams.get('tool') ?? '');
      tool.searchParams.set('openid_configuration', `${issuer}/.well-known/openid-configuration`);
      tool.searchParams.set('registration_token', REGISTRATION_TOKEN);
      return send(
        200,
        'text/html',
        `<!doctype html><html lang="en"><title>Register a tool</title><p id="progress">Registering…</p>
        <iframe title="Tool registration" src="${htmlText(tool.href)}"></iframe>
        <script>addEventListener('message', (event) => {
          if (event.data?.subject === 'org.imsglobal.lti.close') document.getElementById('progress').textContent = 'Closed by the tool';
        });</script>`,
      );
    }
    if (url.pathname === '/course') {
      // The course page of the LMS: the tool in an iframe, launched for `as`.
      const src = loginUrl(url.searchParams.get('as') ?? 'ada', url.searchParams.get('message') ?? 'resource');
      return send(
        200,
        'text/html',
        `<!doctype html><html lang="en"><title>Simulated LMS</title><h1>Calculus I</h1>
        <iframe name="tool" title="One-on-one sessions" src="${htmlText(src)}" style="width: 100%; height: 1100px; border: 0"></iframe>
        <script>addEventListener('message', (event) => {
          // As LMSs do: the tool asks for the height it needs.
          if (event.data?.subject === 'lti.frameResize') document.querySelector('iframe').style.height = event.data.height + 'px';
        });</script>`,
      );
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = base();
  const gradebook = simulatedGradebook(issuer, issued, now);

  function configuration() {
    return {
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      registration_endpoint: `${issuer}/register`,
      scopes_supported: ['openid'],
      response_types_supported: ['id_token'],
      id_token_signing_alg_values_supported: ['RS256'],
      'https://purl.imsglobal.org/spec/lti-platform-configuration': {
        product_family_code: 'simulated-lms',
        version: '1.0',
        messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
      },
    };
  }

  async function publicJwk(): Promise<JWK> {
    const { kty, n, e } = await exportJWK(key.publicKey);
    return { kty, n, e, kid, alg: 'RS256', use: 'sig' };
  }

  /** The claims of a launch of `person` in the course, for the login's `nonce`. */
  function claimsFor(person: PlatformUser, nonce: string, message = 'resource'): JWTPayload {
    const seconds = Math.floor(now().getTime() / 1000);
    const deepLinking = message === 'deep-link';
    return {
      iss: issuer,
      aud: CLIENT_ID,
      azp: CLIENT_ID,
      sub: person.sub,
      name: person.name,
      nonce,
      iat: seconds,
      exp: seconds + 300,
      [`${LTI}message_type`]: deepLinking ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: DEPLOYMENT_ID,
      [`${LTI}target_link_uri`]: toolLaunchUrl,
      [`${LTI}roles`]: person.roles,
      [`${LTI}context`]: { id: COURSE.id, title: COURSE.title, type: [`${LIS}course#CourseOffering`] },
      [`${LTI}launch_presentation`]: { locale: person.locale ?? 'en', document_target: 'iframe', return_url: `${issuer}/course` },
      ...(deepLinking
        ? {
            'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
              deep_link_return_url: `${issuer}/deep-link-return`,
              accept_types: ['ltiResourceLink'],
              accept_presentation_document_targets: ['iframe', 'window'],
              data: 'opaque-platform-data',
            },
          }
        : { [`${LTI}resource_link`]: { id: 'link-1', title: 'One-on-one sessions' } }),
      ...launchExtras,
    };
  }

  /** The roster's and the gradebook's claims of the course, at the platform's URLs (`version` tells launches apart). */
  function serviceClaims(version = 1): Record<string, unknown> {
    return {
      [NRPS_CLAIM]: {
        context_memberships_url: `${issuer}/courses/${COURSE.id}/memberships?v=${version}`,
        service_versions: ['2.0'],
      },
      [AGS_CLAIM]: {
        scope: SERVICE_SCOPES.slice(1),
        lineitems: `${issuer}/courses/${COURSE.id}/lineitems?v=${version}`,
        lineitem: `${issuer}/courses/${COURSE.id}/lineitems/1?v=${version}`,
      },
    };
  }

  /** Signs an id_token as the platform does, or as a forger would (`signing`). */
  async function sign(claims: JWTPayload, signing: Signing = {}): Promise<string> {
    if (signing.alg === 'none') {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: signing.kid ?? kid, typ: 'JWT' })
      .sign(signing.foreignKey ? foreign.privateKey : key.privateKey);
  }

  /** The tool's login initiation for `who`, as the LMS sends the browser to it. */
  function loginUrl(who: string, message = 'resource') {
    const url = new URL(toolLoginUrl);
    const params = {
      iss: issuer,
      login_hint: who,
      target_link_uri: toolLaunchUrl,
      client_id: CLIENT_ID,
      lti_deployment_id: DEPLOYMENT_ID,
      lti_message_hint: message,
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.href;
  }

  function formPost(action: string, fields: Record<string, string>) {
    const inputs = Object.entries(fields)
      .map(([name, value]) => `<input type="hidden" name="${htmlText(name)}" value="${htmlText(value)}">`)
      .join('');
    return `<!doctype html><html><body><form method="post" action="${htmlText(action)}">${inputs}</form>
      <script>document.forms[0].submit()</script></body></html>`;
  }

  return {
    issuer,
    url: base(),
    openIdConfigurationUrl: `${issuer}/.well-known/openid-configuration`,
    registrations,
    deepLinkResponses,
    asked,
    claimsFor,
    serviceClaims,
    tokenRequests,
    membershipsRequests,
    /** The course's gradebook (AGS): its line items, the scores posted, every call, outages on demand. */
    gradebook,
    sign,
    loginUrl,
    /** Tells the platform where the tool is, when it was registered by hand rather than dynamically. */
    knowTool(login: string, launch: string) {
      toolLoginUrl = login;
      toolLaunchUrl = launch;
    },
    /** Where the platform reads the tool's JWKS (the tool's `/lti/jwks`) to verify its client assertions. */
    trustTool(jwks: () => Promise<JSONWebKeySet>) {
      toolJwks = jwks;
    },
    /** Claims every launch carries from now on besides the usual ones (none: `{}`). */
    launchWith(extras: Record<string, unknown>) {
      launchExtras = extras;
    },
    /** How the token endpoint answers a verified request from now on (a string is sent as it is). */
    answerTokensWith(answer: (scope: string) => unknown) {
      tokenAnswer = answer;
    },
    /**
     * Ready for the tool's LTI Advantage services: assertions verified against `jwks`, launches carrying the NRPS and
     * AGS claims, bearer tokens granted for the scopes asked, the memberships as the course has them, no request
     * logged yet.
     */
    offerServices(jwks: () => Promise<JSONWebKeySet>) {
      toolJwks = jwks;
      launchExtras = serviceClaims();
      tokenAnswer = (scope) => ({ access_token: `token-${randomUUID()}`, token_type: 'Bearer', expires_in: 3600, scope });
      memberships = {};
      tokenRequests.length = 0;
      membershipsRequests.length = 0;
    },
    /** How the memberships endpoint answers from now on (`{}`: the course's members, whole pages). */
    membershipsWith(settings: MembershipsSettings) {
      memberships = settings;
    },
    /** A new signing key, published in place of the old one. */
    async rotateKey() {
      key = await generateKeyPair('RS256', { extractable: true });
      kid = `key-${randomUUID().slice(0, 8)}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SimulatedPlatform = Awaited<ReturnType<typeof startPlatform>>;

export const LINE_ITEM_TYPE = 'application/vnd.ims.lis.v2.lineitem+json';
export const LINE_ITEMS_TYPE = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
export const SCORE_TYPE = 'application/vnd.ims.lis.v1.score+json';

/** A column of the course's gradebook, with the scores posted to it, oldest first. */
export interface SimulatedLineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  resourceLinkId?: string;
  scores: Record<string, unknown>[];
}

/** A gradebook request the platform got: what was asked, with what, and what it answered (and why it refused). */
export interface GradebookCall {
  method: string;
  /** Path and query. */
  path: string;
  status: number;
  contentType?: string;
  body?: unknown;
  refused?: string;
}

/** When the gradebook fails on purpose: the next `times` requests, or every one until `until`, answer `status`. */
export interface GradebookOutage {
  times?: number;
  until?: Date;
  status?: number;
}

/**
 * The course's gradebook (AGS 2.0): its line items container (GET, filtered by `resource_id`; POST), each line item
 * (GET, PUT) and its scores (POST), each asking for a bearer token the platform issued with the line items' or the
 * scores' scope. Every request is recorded; scores or line items can fail for a while. The course starts with the
 * resource link's own line item, which is not the tool's.
 */
export function simulatedGradebook(origin: string, issued: Map<string, string>, now: () => Date) {
  const container = `/courses/${COURSE.id}/lineitems`;
  const calls: GradebookCall[] = [];
  const lineItems: SimulatedLineItem[] = [];
  let made = 0;
  let outages: { scores: GradebookOutage; lineItems: GradebookOutage } = { scores: {}, lineItems: {} };

  const failing = (outage: GradebookOutage) => {
    if (outage.until && now() < outage.until) return true;
    if (!outage.times) return false;
    outage.times--;
    return true;
  };

  function reset() {
    calls.length = 0;
    made = 1;
    outages = { scores: {}, lineItems: {} };
    lineItems.splice(0, lineItems.length, {
      id: `${origin}${container}/1`,
      label: 'One-on-one sessions',
      scoreMaximum: 100,
      resourceLinkId: 'link-1',
      scores: [],
    });
  }
  reset();

  /** Answers a gradebook request; false when the path is not the gradebook's. */
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const match = new RegExp(`^${container}(?:/(\\d+)(/scores)?)?$`).exec(url.pathname);
    if (!match) return false;
    const [, itemNumber, scores] = match;
    const text = await readBody(req);
    const call: GradebookCall = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      status: 200,
      contentType: req.headers['content-type'],
    };
    calls.push(call);
    const answer = (status: number, body: unknown, type = 'application/json', refused?: string) => {
      call.status = status;
      call.refused = refused;
      res.writeHead(status, { 'Content-Type': type });
      res.end(body === undefined ? '' : JSON.stringify(body));
      return true;
    };
    const refuse = (status: number, refused: string) => answer(status, { error: refused }, 'application/json', refused);
    try {
      call.body = text ? JSON.parse(text) : undefined;
    } catch {
      return refuse(400, 'not JSON');
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const granted = bearer === undefined ? undefined : issued.get(bearer);
    if (granted === undefined) return refuse(401, 'no token it issued');
    const needed = scores ? SERVICE_SCOPES[2] : SERVICE_SCOPES[1];
    if (!granted.split(' ').includes(needed)) return refuse(403, `token without ${needed} (${granted})`);
    if (failing(scores ? outages.scores : outages.lineItems)) {
      return refuse((scores ? outages.scores : outages.lineItems).status ?? 503, 'failing on purpose');
    }
    const item = itemNumber === undefined ? undefined : lineItems.find((one) => one.id.endsWith(`${container}/${itemNumber}`));
    const described = ({ scores: _, ...rest }: SimulatedLineItem) => rest;

    if (scores) {
      if (!item) return refuse(404, 'no such line item');
      if (call.method !== 'POST') return refuse(405, 'scores are posted');
      if (call.contentType !== SCORE_TYPE) return refuse(415, `content type ${call.contentType}`);
      const score = call.body as Record<string, unknown> | undefined;
      const required = ['userId', 'activityProgress', 'gradingProgress', 'timestamp'];
      if (!score || required.some((field) => typeof score[field] !== 'string')) return refuse(400, 'not a score');
      item.scores.push(score);
      return answer(204, undefined);
    }
    if (itemNumber !== undefined) {
      if (!item) return refuse(404, 'no such line item');
      if (call.method === 'GET') return answer(200, described(item), LINE_ITEM_TYPE);
      if (call.method !== 'PUT') return refuse(405, 'a line item is read or replaced');
      const change = call.body as Partial<SimulatedLineItem> | undefined;
      if (call.contentType !== LINE_ITEM_TYPE) return refuse(415, `content type ${call.contentType}`);
      if (typeof change?.scoreMaximum !== 'number' || typeof change.label !== 'string') return refuse(400, 'not a line item');
      Object.assign(item, { label: change.label, scoreMaximum: change.scoreMaximum, resourceId: change.resourceId });
      return answer(200, described(item), LINE_ITEM_TYPE);
    }
    if (call.method === 'GET') {
      const resourceId = url.searchParams.get('resource_id');
      const listed = lineItems.filter((one) => resourceId === null || one.resourceId === resourceId);
      return answer(200, listed.map(described), LINE_ITEMS_TYPE);
    }
    if (call.method !== 'POST') return refuse(405, 'line items are listed or created');
    if (call.contentType !== LINE_ITEM_TYPE) return refuse(415, `content type ${call.contentType}`);
    const asked = call.body as Partial<SimulatedLineItem> | undefined;
    if (typeof asked?.scoreMaximum !== 'number' || typeof asked.label !== 'string') return refuse(400, 'not a line item');
    made++;
    const created: SimulatedLineItem = {
      id: `${origin}${container}/${made}`,
      label: asked.label,
      scoreMaximum: asked.scoreMaximum,
      resourceId: asked.resourceId,
      scores: [],
    };
    lineItems.push(created);
    return answer(201, described(created), LINE_ITEM_TYPE);
  }

  return {
    handle,
    /** Every gradebook request, in order. */
    calls,
    /** The course's line items: the resource link's own first, then those the tool created. */
    lineItems,
    /** The line items whose `resourceId` is `resourceId`. */
    lineItemsFor: (resourceId: string) => lineItems.filter((item) => item.resourceId === resourceId),
    /** Score posts fail as `outage` says, from now on. */
    failScores(outage: GradebookOutage) {
      outages.scores = { ...outage };
    },
    /** Line item requests fail as `outage` says, from now on. */
    failLineItems(outage: GradebookOutage) {
      outages.lineItems = { ...outage };
    },
    /** Forgets every access token it issued: the next request with one is a 401. */
    revokeTokens() {
      issued.clear();
    },
    /** Back to the course's own line item alone, no call recorded, nothing failing. */
    reset,
  };
}
