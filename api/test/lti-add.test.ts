// `npm run lti:add`: an administrator registers an LMS by hand, and a running server honours it at once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { addPlatform, platformFromArgs } from '../src/lti/add-platform.ts';
import { setup } from './helpers.ts';

// Generous: the command line starts npm and tsx, which a loaded two-core machine makes slow, never stuck.
vi.setConfig({ testTimeout: 5 * 60_000, hookTimeout: 5 * 60_000 });

const FLAGS = ['--issuer', '--client-id', '--deployment-id', '--auth-url', '--token-url', '--jwks-url', '--help'];

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = (issuer = 'https://moodle.example.edu') => [
  '--issuer',
  issuer,
  '--client-id',
  'Abc123',
  '--deployment-id',
  '1',
  '--deployment-id',
  '7',
  '--auth-url',
  `${issuer}/mod/lti/auth.php`,
  '--token-url',
  `${issuer}/mod/lti/token.php`,
  '--jwks-url',
  `${issuer}/mod/lti/certs.php`,
];

describe('npm run lti:add', () => {
  it('says what is missing', () => {
    expect(() => platformFromArgs(['--issuer', 'https://moodle.example.edu'])).toThrow(
      /^Missing --client-id, --deployment-id, --auth-url, --token-url, --jwks-url\. Usage: npm run lti:add/,
    );
  });

  it('lists its flags for --help, touching no database', async () => {
    const said = await addPlatform(['--help'], { DATABASE_URL: 'file:/nonexistent/directory/sessions.db' });
    expect(said).toMatch(/^Usage: npm run lti:add -- /);
    for (const flag of FLAGS) expect(said).toMatch(new RegExp(`^  ${flag}[ ,]`, 'm'));
    expect(await addPlatform(['-h'], {})).toBe(said);
  });

  it('registers a platform that a running server accepts logins from, without a restart', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'lti-add-')), 'sessions.db')}`;
    const api = await setup({ url });
    const login = `/lti/login?iss=${encodeURIComponent('https://moodle.example.edu')}&login_hint=42&lti_deployment_id=7`;
    expect((await api.app.request(login)).status).toBe(400);
    const said = await addPlatform(args(), { DATABASE_URL: url, PUBLIC_URL: 'https://sessions.example.edu' });
    expect(said).toContain('deployments 1, 7');
    expect(said).toContain('login URL https://sessions.example.edu/lti/login');
    const res = await api.app.request(login);
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toMatch(/^https:\/\/moodle\.example\.edu\/mod\/lti\/auth\.php\?/);
    api.db.$client.close();
  });

  it('runs from the command line, lists its flags for --help, and refuses a platform URL without https: in one line', () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'lti-add-')), 'sessions.db')}`;
    const run = (list: string[]) =>
      execFileSync('npm', ['run', '--silent', 'lti:add', '--', ...list], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url },
        encoding: 'utf8',
        stdio: 'pipe',
      });
    const help = run(['--help']);
    for (const flag of FLAGS) expect(help).toMatch(new RegExp(`^  ${flag}[ ,]`, 'm'));
    expect(run(args())).toMatch(/^Registered https:\/\/moodle\.example\.edu .* as platform lms-\w+\./);
    let failure = '';
    try {
      run(args('http://lms.example.com'));
    } catch (error) {
      failure = String((error as { stderr: string }).stderr);
    }
    expect(failure.trim()).toBe("The platform's authorization endpoint must use https: (http://lms.example.com).");
  });
});
