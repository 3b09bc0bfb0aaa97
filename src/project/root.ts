import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ExitCode } from '../cli/exit-codes.ts';
import { UserError } from '../cli/user-error.ts';

/** The nearest directory at or above `start` that holds a package.json. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new UserError(
    `No package.json found in ${resolve(start)} or any folder above it.`,
    'Run this inside your Flue project, or pass --cwd <project-dir>. New project: `npx @flue/cli init my-app --target node`.',
    ExitCode.projectRefused,
  );
}
