import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The first `<dir>/<relative>` that exists, from `start` up to the file system root: how Node finds
 * `node_modules` packages and how tools find the nearest `package.json`.
 */
export function findUp(start: string, relative: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
