import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../cli/exit-codes.ts';
import { UserError } from '../cli/user-error.ts';

/** The fields of a project's package.json that the recipe reads. */
export interface Manifest {
  /** The exact text on disk, so an edit can keep its formatting. */
  text: string;
  data: {
    name?: string;
    packageManager?: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    [key: string]: unknown;
  };
}

export function readManifest(root: string): Manifest {
  const path = join(root, 'package.json');
  const text = readFileSync(path, 'utf8');
  try {
    const data: unknown = JSON.parse(text.replace(/^\uFEFF/, '')); // some Windows editors write a BOM
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('not an object');
    return { text, data: data as Manifest['data'] };
  } catch (error) {
    throw new UserError(
      `${path} is not valid JSON (${(error as Error).message}).`,
      'Fix the syntax of package.json, then run the command again.',
      ExitCode.projectRefused,
    );
  }
}

/** The version range a manifest declares for a package, from any dependency field. */
export function declaredRange(manifest: Manifest, name: string): string | undefined {
  const { dependencies, devDependencies, optionalDependencies } = manifest.data;
  return dependencies?.[name] ?? devDependencies?.[name] ?? optionalDependencies?.[name];
}
