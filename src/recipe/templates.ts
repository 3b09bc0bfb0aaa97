import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `templates/sandbox-smolvm/<version>/` holds every released connector version, so the exact text
 * generated at any version can be rebuilt (the base of a three-way merge). Resolved from this file,
 * which sits two levels below the package root both as source (src/recipe) and compiled (dist/recipe).
 */
export const TEMPLATE_ROOT = fileURLToPath(new URL('../../templates/sandbox-smolvm/', import.meta.url));

export const CONNECTOR_FILE = 'smolvm.ts';

/** Every template version this CLI ships, ascending. */
export function templateVersions(): number[] {
  return readdirSync(TEMPLATE_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d+$/.test(entry.name))
    .map((entry) => Number(entry.name))
    .sort((a, b) => a - b);
}

export function latestTemplateVersion(): number {
  const latest = templateVersions().at(-1);
  if (latest === undefined) throw new Error(`No connector templates found in ${TEMPLATE_ROOT}: the package is incomplete.`);
  return latest;
}

export function readTemplate(version: number): string {
  return readFileSync(`${TEMPLATE_ROOT}${version}/${CONNECTOR_FILE}`, 'utf8');
}
