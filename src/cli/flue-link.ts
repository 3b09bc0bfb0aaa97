import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { findUp } from '../fs/find-up.ts';

/**
 * Which package the project's `node_modules/.bin/flue` runs. Both flue-smolvm and @flue/cli declare
 * that bin, and package managers do not agree on who wins (pnpm links ours, a clean `npm ci` links
 * Flue's), so we say it instead of letting a user guess. npm links with a symlink; pnpm writes a
 * shell shim that names the target.
 */
export function linkedFlue(cwd: string): 'flue-smolvm' | '@flue/cli' | 'unknown' | undefined {
  const bin = findUp(cwd, 'node_modules/.bin/flue');
  if (!bin) return undefined;
  const target = lstatSync(bin).isSymbolicLink() ? realpathSync(bin) : readFileSync(bin, 'utf8');
  if (/flue-smolvm[\\/]bin[\\/]/.test(target)) return 'flue-smolvm';
  if (/@flue[\\/]cli[\\/]/.test(target)) return '@flue/cli';
  return 'unknown';
}
