// `npm run lti:add`: registers an LMS by hand, as its administrator copies the values from the LMS's screen. The
// platform goes into the database the server reads on every login, so a running server honours it at once.
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../db/client.ts';
import { LtiError, savePlatform } from './platforms.ts';

const USAGE =
  'npm run lti:add -- --issuer URL --client-id ID --deployment-id ID [--deployment-id ID …] --auth-url URL --token-url URL --jwks-url URL';

/** Reads the command line; throws a one-line message naming what is missing or wrong. */
export function platformFromArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'deployment-id': { type: 'string', multiple: true },
      'auth-url': { type: 'string' },
      'token-url': { type: 'string' },
      'jwks-url': { type: 'string' },
    },
  });
  const missing = ['issuer', 'client-id', 'deployment-id', 'auth-url', 'token-url', 'jwks-url'].filter(
    (name) => !values[name as keyof typeof values]?.length,
  );
  if (missing.length) throw new Error(`Missing --${missing.join(', --')}. Usage: ${USAGE}`);
  return {
    issuer: values.issuer as string,
    clientId: values['client-id'] as string,
    deploymentIds: values['deployment-id'] as string[],
    authUrl: values['auth-url'] as string,
    tokenUrl: values['token-url'] as string,
    jwksUrl: values['jwks-url'] as string,
  };
}

/** Adds the platform of `args` to the database at `databaseUrl`; resolves with what to tell the administrator. */
export async function addPlatform(args: string[], env: NodeJS.ProcessEnv, now = new Date()): Promise<string> {
  const input = platformFromArgs(args);
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
