import { dirname, resolve } from 'node:path';
import { findUp } from '../fs/find-up.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import { UserError } from '../cli/user-error.ts';

/** The nearest directory at or above `start` that holds a package.json. */
export function findProjectRoot(start: string): string {
  const manifest = findUp(start, 'package.json');
  if (manifest) return dirname(manifest);
  throw new UserError(
    `No package.json found in ${resolve(start)} or any folder above it.`,
    'Run this inside your Flue project, or pass --cwd <project-dir>. New project: `npx @flue/cli init my-app --target node`.',
    ExitCode.projectRefused,
  );
}
