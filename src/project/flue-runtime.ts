import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { ExitCode } from '../cli/exit-codes.ts';
import { UserError } from '../cli/user-error.ts';
import { declaredRange, type Manifest } from './manifest.ts';

/** The connector targets the sandbox contract of @flue/runtime 2.x. */
export const MIN_FLUE_RUNTIME = '2.0.0';

export interface FlueRuntimeInfo {
  /** The range package.json declares. */
  range: string;
  /** The version in node_modules, when installed. */
  installed?: string;
}

function installedVersion(root: string): string | undefined {
  try {
    const text = readFileSync(join(root, 'node_modules', '@flue', 'runtime', 'package.json'), 'utf8');
    const version: unknown = JSON.parse(text).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a project that is not on @flue/runtime 2.x or later. The installed version wins over the
 * declared range; a range we cannot read (a tag, `workspace:`) is given the benefit of the doubt.
 */
export function requireFlueRuntime(root: string, manifest: Manifest): FlueRuntimeInfo {
  const range = declaredRange(manifest, '@flue/runtime');
  if (range === undefined) {
    throw new UserError(
      `${join(root, 'package.json')} does not depend on @flue/runtime, so this is not a Flue project.`,
      'Run this in a Flue project (create one with `npx @flue/cli init my-app --target node`), or pass --cwd <project-dir>.',
      ExitCode.projectRefused,
    );
  }
  const installed = installedVersion(root);
  const tooOld = installed
    ? semver.valid(installed) !== null && semver.lt(installed, MIN_FLUE_RUNTIME)
    : (() => {
        const min = semver.validRange(range) ? semver.minVersion(range) : null;
        return min !== null && semver.lt(min, MIN_FLUE_RUNTIME);
      })();
  if (tooOld) {
    throw new UserError(
      `This project uses @flue/runtime ${installed ?? range}; the smolvm connector needs ${MIN_FLUE_RUNTIME} or later (the 2.x sandbox contract).`,
      'Upgrade Flue first (for example `pnpm add @flue/runtime@latest @flue/cli@latest`), then run this again.',
      ExitCode.projectRefused,
    );
  }
  return installed ? { range, installed } : { range };
}
