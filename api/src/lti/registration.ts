// IMS LTI Dynamic Registration: the LMS opens `/lti/register` with its OpenID configuration and a registration
// token; the tool reads the configuration, registers itself at the platform's registration endpoint (on the
// configuration's own origin) and stores the platform with the client id (and deployment) the platform gave it.
// Both requests go through the guarded fetch (SPEC §18).
import { z } from 'zod';
import type { PlatformFetch, PlatformRequest } from './platform-fetch.ts';
import { checkPlatformUrl, LtiError, type PlatformInput } from './platforms.ts';
import { SERVICE_SCOPES } from './services.ts';

const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

const OpenIdConfiguration = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  registration_endpoint: z.string(),
  authorization_server: z.string().optional(),
  [PLATFORM_CONFIG]: z.object({ product_family_code: z.string().optional() }).optional(),
});

const RegistrationResponse = z.object({
  client_id: z.string().min(1),
  [TOOL_CONFIG]: z.object({ deployment_id: z.string().optional() }).optional(),
});

/** The tool's registration: its URLs, the messages it takes, the LTI Advantage service scopes it asks for. */
export function toolRegistration(publicUrl: string) {
  const launch = `${publicUrl}/lti/launch`;
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${publicUrl}/lti/login`,
    redirect_uris: [launch],
    client_name: 'One-on-one sessions',
    jwks_uri: `${publicUrl}/lti/jwks`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: SERVICE_SCOPES.join(' '),
    [TOOL_CONFIG]: {
      domain: new URL(publicUrl).host,
      target_link_uri: launch,
      description: 'Students book one-on-one sessions with their teachers; teachers publish office hours and decide.',
      // The email reaches the notifications (SPEC §14); Moodle shares it in launches and the roster only when asked.
      claims: ['iss', 'sub', 'name', 'email'],
      messages: [
        { type: 'LtiResourceLinkRequest', target_link_uri: launch, label: 'One-on-one sessions' },
        {
          type: 'LtiDeepLinkingRequest',
          target_link_uri: launch,
          label: 'One-on-one sessions',
          supported_types: ['ltiResourceLink'],
        },
      ],
    },
  };
}

/**
 * What every failure to reach the platform says: a refused address, a closed port, no answer in time, an answer
 * too large, not JSON, not 2xx or not shaped as LTI's. One message, so that the page is no probe of the network
 * behind the tool; the log says which it was.
 */
const UNREACHABLE =
  'The platform could not be reached, or did not answer as an LTI 1.3 platform: check the registration URL the LMS gave, and that the LMS can be reached from this tool.';

/** The platform's JSON answer at `url`, parsed by `shape`; any failure is UNREACHABLE. */
async function readJson<T>(fetchPlatform: PlatformFetch, url: string, init: PlatformRequest, shape: z.ZodType<T>): Promise<T> {
  try {
    const res = await fetchPlatform(url, init);
    if (!res.ok) throw new Error(`answered ${res.status}`);
    return shape.parse(await res.json());
  } catch (error) {
    const reason = error instanceof z.ZodError ? `the answer lacks ${error.issues[0].path.join('.')}` : String(error);
    console.warn(`LTI registration: ${url}: ${reason}`);
    throw new LtiError(400, UNREACHABLE);
  }
}

/** Registers the tool with the platform whose configuration is at `configUrl`; resolves with the platform to store. */
export async function registerWithPlatform(
  fetchPlatform: PlatformFetch,
  configUrl: string,
  registrationToken: string | undefined,
  publicUrl: string,
): Promise<PlatformInput> {
  checkPlatformUrl(configUrl, 'OpenID configuration URL');
  const config = await readJson(fetchPlatform, configUrl, {}, OpenIdConfiguration);
  // The configuration must come from its issuer's own origin, and the registration goes nowhere else.
  const origin = new URL(configUrl).origin;
  if (origin !== new URL(checkPlatformUrl(config.issuer, 'issuer')).origin) {
    throw new LtiError(400, 'The platform’s OpenID configuration is not served from its issuer’s origin.');
  }
  const endpoint = checkPlatformUrl(config.registration_endpoint, 'registration endpoint');
  if (new URL(endpoint).origin !== origin) {
    throw new LtiError(400, 'The platform’s registration endpoint is not on the origin of its OpenID configuration.');
  }
  const answer = await readJson(
    fetchPlatform,
    endpoint,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(registrationToken ? { Authorization: `Bearer ${registrationToken}` } : {}),
      },
      body: JSON.stringify(toolRegistration(publicUrl)),
    },
    RegistrationResponse,
  );
  const deploymentId = answer[TOOL_CONFIG]?.deployment_id;
  return {
    issuer: config.issuer,
    clientId: answer.client_id,
    authUrl: config.authorization_endpoint,
    tokenUrl: config.token_endpoint,
    jwksUrl: config.jwks_uri,
    ...(config.authorization_server ? { authServer: config.authorization_server } : {}),
    deploymentIds: deploymentId ? [deploymentId] : [],
    product: config[PLATFORM_CONFIG]?.product_family_code,
  };
}
