// The OIDC third-party-initiated login of LTI 1.3 (SPEC §13): it checks that the platform is registered and sends
// the browser to the platform's authorization endpoint with a state and nonce the tool signed. It writes nothing
// (SPEC §18), so no flood of logins, however large, can refuse anyone else's.
import type { KeyObject } from 'node:crypto';
import type { Database } from '../db/client.ts';
import { issueLogin } from './login-state.ts';
import { findPlatform, isDeployed, LtiError } from './platforms.ts';

/** What a platform sends to start a login, as query or form fields. */
export interface LoginParams {
  iss?: string;
  login_hint?: string;
  target_link_uri?: string;
  lti_message_hint?: string;
  client_id?: string;
  lti_deployment_id?: string;
}

/** Starts a login: checks the platform, signs a fresh state and nonce, and gives the platform's authorization URL. */
export async function startLogin(
  db: Database,
  loginKey: KeyObject,
  params: LoginParams,
  launchUrl: string,
  now: Date,
): Promise<string> {
  if (!params.iss || !params.login_hint) throw new LtiError(400, 'The login request needs iss and login_hint.');
  const platform = await findPlatform(db, params.iss, params.client_id);
  if (!platform) throw new LtiError(400, `No platform with issuer ${params.iss} is registered with this tool.`);
  if (params.lti_deployment_id && !(await isDeployed(db, platform.id, params.lti_deployment_id))) {
    throw new LtiError(400, `Deployment ${params.lti_deployment_id} is not registered for this platform.`);
  }
  const { state, nonce } = issueLogin(loginKey, platform.id, now);
  const url = new URL(platform.authUrl);
  const query = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: launchUrl,
    login_hint: params.login_hint,
    state,
    nonce,
    ...(params.lti_message_hint ? { lti_message_hint: params.lti_message_hint } : {}),
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.href;
}
