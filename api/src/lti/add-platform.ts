// `npm run lti:add`: registers an LMS by hand, as its administrator copies the values from the LMS's screen. The
// platform goes into the database the server reads on every login, so a running server honours it at once.
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../db/client.ts';
import { LtiError, type PlatformInput, savePlatform } from './platforms.ts';

const USAGE =
  'npm run lti:add -- --issuer URL --client-id ID --deployment-id ID [--deployment-id ID …] --auth-url URL --token-url URL --jwks-url URL';

/** What `--help` prints: the usage, then every flag and what to copy into it from the LMS's screen. */
const HELP = `Usage: ${USAGE}

Registers an LMS (an LTI 1.3 platform) by hand, in the database at DATABASE_URL (file:data/sessions.db unless set).
A running server honours it at once. Every flag below but --help is needed; --deployment-id may repeat.

  --issuer URL          the platform's issuer (Moodle: the site's URL; Canvas: https://canvas.instructure.com)
  --client-id ID        the client id the platform gave the tool
  --deployment-id ID    a deployment id the platform gave the tool; repeat it for several deployments
  --auth-url URL        the platform's authentication request (OIDC authorization) URL
  --token-url URL       the platform's access token URL
  --jwks-url URL        the platform's public keyset (JWKS) URL
  --help, -h            prints this

The URLs use https:, except on loopback hosts, which the tool reaches only with LTI_ALLOW_LOOPBACK=1 (local trials).`;

const OPTIONS = {
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'deployment-id': { type: 'string', multiple: true },
  'auth-url': { type: 'string' },
  'token-url': { type: 'string' },
  'jwks-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The flag of each field a platform needs, in the order the usage names them. */
const REQUIRED = {
  issuer: 'issuer',
  'client-id': 'clientId',
  'deployment-id': 'deploymentIds',
  'auth-url': 'authUrl',
  'token-url': 'tokenUrl',
  'jwks-url': 'jwksUrl',
} as const;

/** The flags of a command line; an unknown or malformed one is a one-line message pointing at --help. */
function readFlags(args: string[]) {
  try {
    return parseArgs({ args, strict: true, options: OPTIONS }).values;
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    throw new Error(`${said.replace(/\.?$/, '.')} Run with --help for the flags.`);
  }
}

/**
 * Reads the command line: the platform to add, or undefined when it asks for `--help`. Throws a one-line message
 * naming what is missing or wrong.
 */
export function platformFromArgs(args: string[]): PlatformInput | undefined {
  const values = readFlags(args);
  if (values.help) return undefined;
  const input = {
    issuer: values.issuer ?? '',
    clientId: values['client-id'] ?? '',
    deploymentIds: values['deployment-id'] ?? [],
    authUrl: values['auth-url'] ?? '',
    tokenUrl: values['token-url'] ?? '',
    jwksUrl: values['jwks-url'] ?? '',
  };
  const missing = Object.entries(REQUIRED)
    .filter(([, field]) => input[field].length === 0)
    .map(([flag]) => flag);
  if (missing.length) throw new Error(`Missing --${missing.join(', --')}. Usage: ${USAGE}`);
  return input;
}

/**
 * Adds the platform of `args` to the database at DATABASE_URL; resolves with what to tell the administrator (with
 * `--help`, the flags, and nothing is done).
 */
export async function addPlatform(args: string[], env: NodeJS.ProcessEnv, now = new Date()): Promise<string> {
  const input = platformFromArgs(args);
  if (!input) return HELP;
  const db = await openDatabase(env.DATABASE_URL ?? 'file:data/sessions.db', env.DATABASE_AUTH_TOKEN);
  try {
    await migrateDatabase(db);
    const id = await savePlatform(db, input, now);
    const tool = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : 'https://<this server>';
    return [
      `Registered ${input.issuer} (client ${input.clientId}, deployments ${input.deploymentIds.join(', ')}) as platform ${id}.`,
      `In the LMS: login URL ${tool}/lti/login, redirect (launch) URL ${tool}/lti/launch, public keyset URL ${tool}/lti/jwks.`,
    ].join('\n');
  } finally {
    db.$client.close();
  }
}

if (process.argv[1]?.endsWith('add-platform.ts')) {
  addPlatform(process.argv.slice(2), process.env).then(
    (said) => console.log(said),
    (error) => {
      console.error(error instanceof LtiError || error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
