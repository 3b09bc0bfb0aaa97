import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import { childEnv, FLUE_CLI_BIN, PNPM, REPO_ROOT } from './tools.ts';

/** `npm pack` of this repository: the tarball a user installs, so `files` and bins are tested too. */
export async function packThisPackage(destination: string): Promise<string> {
  const { stdout } = await execa('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPO_ROOT, env: childEnv() });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error('npm pack reported no tarball');
  return join(destination, packed.filename);
}

/**
 * A real Flue project: `flue init --target node --deploy` by the real @flue/cli, installed by pnpm,
 * with our packed tarball added as a user would add it.
 */
export async function createFlueProject(dir: string, tarball: string): Promise<void> {
  const parent = join(dir, '..');
  const name = relative(parent, dir);
  await execa(process.execPath, [FLUE_CLI_BIN, 'init', name, '--target', 'node', '--deploy'], { cwd: parent, env: childEnv() });
  // CI makes pnpm default to a frozen lockfile, and a fresh project has none yet.
  await execa(PNPM, ['install', '--no-frozen-lockfile'], { cwd: dir, env: childEnv() });
  await execa(PNPM, ['add', '-D', tarball], { cwd: dir, env: childEnv() });
}

/** A private copy of a prepared project (node_modules included unless asked; pnpm's links are relative). */
export function copyProject(base: string, options: { nodeModules?: boolean } = {}): string {
  // Beside the base project, so the run's teardown removes every copy with it.
  const dir = join(mkdtempSync(join(dirname(base), 'case-')), 'app');
  const skip = join(base, 'node_modules');
  cpSync(base, dir, { recursive: true, verbatimSymlinks: true, filter: (path) => options.nodeModules !== false || path !== skip });
  return dir;
}

/** Every file of the project outside node_modules, with its bytes and mtime: "left as it was". */
export function snapshotProject(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else files[relative(root, path)] = `${readFileSync(path, 'hex')} ${statSync(path).mtimeMs}`;
    }
  };
  visit(root);
  return files;
}

/** A command in the project through pnpm, as a user types it; never throws, for exit-code checks. */
export function pnpmExec(cwd: string, args: string[], extraEnv: Record<string, string> = {}) {
  return execa(PNPM, ['exec', ...args], { cwd, env: childEnv(extraEnv), reject: false, stdin: 'ignore', all: true });
}

/** `tsc --noEmit` diagnostics of the project, one string each, without positions' noise. */
export async function typeDiagnostics(cwd: string): Promise<string[]> {
  const result = await execa(PNPM, ['exec', 'tsc', '--noEmit', '--pretty', 'false'], { cwd, env: childEnv(), reject: false });
  return result.stdout
    .split('\n')
    .filter((line) => /error TS\d+/.test(line))
    .sort();
}
