import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Flue looks for its config under these names, in this order. */
export const FLUE_CONFIG_NAMES = [
  'flue.config.ts',
  'flue.config.mts',
  'flue.config.mjs',
  'flue.config.js',
  'flue.config.cjs',
  'flue.config.cts',
] as const;

/** Vite's own config names, in Vite's lookup order. */
export const VITE_CONFIG_NAMES = [
  'vite.config.js',
  'vite.config.mjs',
  'vite.config.ts',
  'vite.config.cjs',
  'vite.config.mts',
  'vite.config.cts',
] as const;

/** The first of `names` that exists in `root`, as a name relative to it. */
export function firstExisting(root: string, names: readonly string[]): string | undefined {
  return names.find((name) => existsSync(join(root, name)));
}
