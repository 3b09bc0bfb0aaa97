import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ExitCode } from '../cli/exit-codes.ts';
import { UserError } from '../cli/user-error.ts';

/** The registry range written when the user names no source: the SDK's current alpha line. */
export const SDK_NAME = 'smolvm-embedded';
export const SDK_DEFAULT_RANGE = '^0.2.0';

const REMOTE = /^(?:https?:|git\+|git:|github:|gitlab:|bitbucket:|npm:|workspace:|link:|file:)/;

/**
 * Turns `--sdk` into what package.json and the package manager are given. A path (a folder with a
 * local build, or a tarball) is resolved from where the user typed it and written as `file:` relative
 * to the project, so the project stays movable; URLs and ranges pass through.
 */
export function resolveSdkSpec(sdk: string | undefined, cwd: string, root: string): string {
  if (sdk === undefined) return SDK_DEFAULT_RANGE;
  if (REMOTE.test(sdk)) return sdk;
  const looksLikePath = sdk.startsWith('.') || isAbsolute(sdk) || sdk.includes('/') || sdk.includes('\\') || /\.t(?:ar\.)?gz$/.test(sdk);
  if (!looksLikePath) return sdk;
  const absolute = resolve(cwd, sdk);
  if (!existsSync(absolute)) {
    throw new UserError(
      `--sdk ${sdk}: nothing exists at ${absolute}.`,
      'Pass the folder of a smolvm-embedded build (with its package.json) or a tarball made by `npm pack`.',
      ExitCode.usage,
    );
  }
  const fromRoot = relative(root, absolute).replaceAll('\\', '/');
  return `file:${fromRoot === '' ? '.' : fromRoot}`;
}
