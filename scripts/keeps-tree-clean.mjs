// Runs a command (npm test runs its whole chain through this) and fails if the command changed the git work
// tree: every build and test writes only ignored files (SPEC 16). The tree is compared with itself before the
// command, not with HEAD, so a developer's own uncommitted edits are never blamed on the build.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) throw new Error('Usage: node scripts/keeps-tree-clean.mjs <command> [args…]');

const git = (gitArgs, env = {}) =>
  execFileSync('git', gitArgs, { encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/**
 * The work tree as a git tree object: tracked files as they are on disk and untracked files that are not ignored.
 * It is written through a copy of the index, so the developer's index (what they staged) is left alone.
 */
function snapshot(root) {
  const dir = mkdtempSync(join(tmpdir(), 'tree-'));
  const index = join(dir, 'index');
  try {
    const realIndex = git(['rev-parse', '--path-format=absolute', '--git-path', 'index']);
    if (existsSync(realIndex)) copyFileSync(realIndex, index);
    git(['-C', root, 'add', '--all', '--', '.'], { GIT_INDEX_FILE: index });
    return git(['-C', root, 'write-tree'], { GIT_INDEX_FILE: index });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let root;
try {
  root = git(['rev-parse', '--show-toplevel']);
} catch {
  console.log('Not a git work tree: the check that the tests leave the tree clean does not apply here.');
}
const before = root && snapshot(root);
const { status } = spawnSync(command, args, { stdio: 'inherit' });
process.exitCode = status ?? 1;
const after = root && snapshot(root);
if (after !== before) {
  const changed = git(['diff-tree', '-r', '--no-renames', '--name-status', before, after]);
  console.error(`\nThese files changed while the command ran (a build or test may write only ignored files):\n${changed}\n`);
  process.exitCode ||= 1;
}
