import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Every released connector template version, so the exact text generated at any version can be rebuilt
 * (the base of a three-way merge). The CLI reads `templates/sandbox-smolvm/<version>/smolvm.ts`; tests can
 * hand the recipe a store with a future version in it.
 */
export interface TemplateStore {
  /** Released versions, ascending. */
  versions(): number[];
  read(version: number): string;
}

/**
 * `templates/` sits two levels above this file both as source (src/recipe) and compiled (dist/recipe).
 */
export const TEMPLATE_ROOT = fileURLToPath(new URL('../../templates/sandbox-smolvm/', import.meta.url));

export const CONNECTOR_FILE = 'smolvm.ts';

export function directoryTemplateStore(root: string = TEMPLATE_ROOT): TemplateStore {
  return {
    versions: () =>
      readdirSync(root, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && /^\d+$/.test(entry.name))
        .map((entry) => Number(entry.name))
        .sort((a, b) => a - b),
    read: (version) => readFileSync(`${root}${version}/${CONNECTOR_FILE}`, 'utf8'),
  };
}

export function latestVersion(store: TemplateStore): number {
  const latest = store.versions().at(-1);
  if (latest === undefined) throw new Error('No connector templates found: the flue-smolvm package is incomplete.');
  return latest;
}
