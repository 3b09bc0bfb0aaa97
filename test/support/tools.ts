import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository under test, and the tools its devDependencies bring (Node 22, pnpm 10, @flue/cli). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PNPM = join(REPO_ROOT, 'node_modules', '.bin', 'pnpm');
export const FLUE_CLI_BIN = join(REPO_ROOT, 'node_modules', '@flue', 'cli', 'bin', 'flue.mjs');

/**
 * The environment for every child process: the Node running the tests (22, from devDependencies)
 * first on PATH, so `#!/usr/bin/env node` shims and `pnpm exec` use it too; no CI or TTY games.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, ...extra };
  delete env.npm_config_user_agent; // we are not being run by a package manager here
  return env;
}
