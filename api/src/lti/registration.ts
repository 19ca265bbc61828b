// IMS LTI Dynamic Registration: the LMS opens `/lti/register` with its OpenID configuration and a registration
// token; the tool reads the configuration, registers itself at the platform's registration endpoint and stores
// the platform with the client id (and deployment) the platform gave it.
import { z } from 'zod';
import { checkPlatformUrl, LtiError, type PlatformInput } from './platforms.ts';

const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

const OpenIdConfiguration = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  registration_endpoint: z.string(),
  [PLATFORM_CONFIG]: z.object({ product_family_code: z.string().optional() }).optional(),
});

const RegistrationResponse = z.object({
  client_id: z.string().min(1),
  [TOOL_CONFIG]: z.object({ deployment_id: z.string().optional() }).optional(),
});

/** The tool's registration: its URLs, the messages it takes, no LTI Advantage service scopes. */
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
    scope: '',
    [TOOL_CONFIG]: {
      domain: new URL(publicUrl).host,
      target_link_uri: launch,
      description: 'Students book one-on-one sessions with their teachers; teachers publish office hours and decide.',
      claims: ['iss', 'sub', 'name'],
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

async function readJson(url: string, init: RequestInit, what: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000), redirect: 'error' });
  } catch {
    throw new LtiError(400, `The platform's ${what} could not be reached (${url}).`);
  }
  if (!res.ok) throw new LtiError(400, `The platform's ${what} answered ${res.status}.`);
  return res.json().catch(() => {
    throw new LtiError(400, `The platform's ${what} did not answer JSON.`);
  });
}

/** Registers the tool with the platform whose configuration is at `configUrl`; resolves with the platform to store. */
export async function registerWithPlatform(
  configUrl: string,
  registrationToken: string | undefined,
  publicUrl: string,
): Promise<PlatformInput> {
  checkPlatformUrl(configUrl, 'OpenID configuration URL');
  const parsed = OpenIdConfiguration.safeParse(await readJson(configUrl, {}, 'OpenID configuration'));
  if (!parsed.success)
    throw new LtiError(400, `The platform's OpenID configuration lacks ${parsed.error.issues[0].path.join('.')}.`);
  const config = parsed.data;
  // The configuration must come from its issuer's own origin.
  if (new URL(configUrl).origin !== new URL(checkPlatformUrl(config.issuer, 'issuer')).origin) {
    throw new LtiError(400, "The platform's OpenID configuration is not served from its issuer's origin.");
  }
  const endpoint = checkPlatformUrl(config.registration_endpoint, 'registration endpoint');
  const answer = RegistrationResponse.safeParse(
    await readJson(
      endpoint,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(registrationToken ? { Authorization: `Bearer ${registrationToken}` } : {}),
        },
        body: JSON.stringify(toolRegistration(publicUrl)),
      },
      'registration endpoint',
    ),
  );
  if (!answer.success) throw new LtiError(400, "The platform's registration answer has no client_id.");
  const deploymentId = answer.data[TOOL_CONFIG]?.deployment_id;
  return {
    issuer: config.issuer,
    clientId: answer.data.client_id,
    authUrl: config.authorization_endpoint,
    tokenUrl: config.token_endpoint,
    jwksUrl: config.jwks_uri,
    deploymentIds: deploymentId ? [deploymentId] : [],
    product: config[PLATFORM_CONFIG]?.product_family_code,
  };
}
