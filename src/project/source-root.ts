import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Flue's source root: `.flue/` when it exists, else `src/`, else the project root.
 * Returned relative to the root ('' for the root itself). We only ever read this rule:
 * creating `.flue/` would silently move the user's whole source root.
 */
export function findSourceRoot(root: string): string {
  for (const candidate of ['.flue', 'src']) {
    const path = join(root, candidate);
    if (existsSync(path) && statSync(path).isDirectory()) return candidate;
  }
  return '';
}
