import type { Manifest } from '../project/manifest.ts';

/** The indentation unit of a JSON text (tab, or the first indented line's spaces). */
function indentOf(text: string): string | number {
  const first = /\n([ \t]+)"/.exec(text)?.[1];
  if (!first) return 2;
  return first.startsWith('\t') ? '\t' : first.length;
}

function isSorted(keys: string[]): boolean {
  return keys.every((key, i) => i === 0 || (keys[i - 1] as string).localeCompare(key) <= 0);
}

/** Inserts `name` into a dependency map: at its sorted place when the map is sorted, else at the end. */
function withEntry(map: Record<string, string>, name: string, spec: string): Record<string, string> {
  const keys = Object.keys(map);
  if (!isSorted(keys)) return { ...map, [name]: spec };
  const entries = Object.entries(map);
  const at = entries.findIndex(([key]) => key.localeCompare(name) > 0);
  entries.splice(at === -1 ? entries.length : at, 0, [name, spec]);
  return Object.fromEntries(entries);
}

/**
 * The package.json text with `name` in `dependencies`, keeping indentation, key order, line endings
 * and the final newline. An existing entry is kept (`keep`) or given `spec` in place (`replace`, for
 * an SDK source the user chose). A copy in devDependencies moves to dependencies: the connector is
 * imported at run time.
 */
export function setDependency(manifest: Manifest, name: string, spec: string, mode: 'keep' | 'replace'): string {
  const { text, data } = manifest;
  const current = data.dependencies?.[name];
  if (current !== undefined && (mode === 'keep' || current === spec)) return text;
  // An optional dependency is still one the project installs and imports at run time: leave it be.
  if (mode === 'keep' && data.optionalDependencies?.[name] !== undefined) return text;

  const next: Record<string, unknown> = {};
  const devSpec = mode === 'keep' ? data.devDependencies?.[name] : undefined;
  const dependencies =
    current !== undefined ? { ...data.dependencies, [name]: spec } : withEntry(data.dependencies ?? {}, name, devSpec ?? spec);
  for (const [key, value] of Object.entries(data)) {
    // A new `dependencies` block goes just before devDependencies, where npm and pnpm put it.
    if (key === 'devDependencies' && data.dependencies === undefined) next.dependencies = dependencies;
    if (key === 'dependencies') next.dependencies = dependencies;
    else if (key === 'devDependencies' && data.devDependencies?.[name] !== undefined) {
      const { [name]: _moved, ...rest } = data.devDependencies as Record<string, string>;
      next.devDependencies = rest;
    } else next[key] = value;
  }
  if (next.dependencies === undefined) next.dependencies = dependencies;

  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const body = JSON.stringify(next, null, indentOf(text)).replaceAll('\n', newline);
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  return bom + (/\r?\n$/.test(text) ? body + newline : body);
}
