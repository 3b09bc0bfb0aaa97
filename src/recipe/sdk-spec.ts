import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ExitCode } from '../cli/exit-codes.ts';
import { UserError } from '../cli/user-error.ts';

/** The registry range written when the user names no source: the SDK's current alpha line. */
export const SDK_NAME = 'smolvm-embedded';
export const SDK_DEFAULT_RANGE = '^0.2.0';

const REMOTE = /^(?:https?:|git\+|git:|github:|gitlab:|bitbucket:|npm:|workspace:|link:)/;
const RANGE = /^[\w.^~<>=|* -]+$/;

function badSdk(sdk: string, why: string): UserError {
  return new UserError(
    `--sdk ${JSON.stringify(sdk)}: ${why}.`,
    'Pass the folder of a smolvm-embedded build (with its package.json), a tarball made by `npm pack`, a URL, or a version range.',
    ExitCode.usage,
  );
}

/**
 * Turns `--sdk` into what package.json and the package manager are given. A path (a folder with a
 * local build, or a tarball; `file:` optional) is resolved from where the user typed it and written as
 * `file:` relative to the project, so the project stays movable; URLs and version ranges pass through.
 */
export function resolveSdkSpec(sdk: string | undefined, cwd: string, root: string): string {
  if (sdk === undefined) return SDK_DEFAULT_RANGE;
  const spec = sdk.trim().replace(/^smolvm-embedded@/, '');
  if (spec === '') throw badSdk(sdk, 'it is empty');
  if (spec.startsWith('-')) throw badSdk(sdk, 'it looks like a flag, not a source');
  if (REMOTE.test(spec)) return spec;
  const path = spec.startsWith('file:') ? spec.slice('file:'.length) : spec;
  const looksLikePath = spec.startsWith('file:') || path.startsWith('.') || isAbsolute(path) || /[\\/]/.test(path) || /\.t(?:ar\.)?gz$/.test(path);
  if (!looksLikePath) {
    if (!RANGE.test(spec)) throw badSdk(sdk, 'it is neither a path, a URL nor a version range');
    return spec;
  }
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) throw badSdk(sdk, `nothing exists at ${absolute}`);
  const fromRoot = relative(root, absolute).replaceAll('\\', '/');
  return `file:${fromRoot === '' ? '.' : fromRoot}`;
}
