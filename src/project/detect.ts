import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLUE_CONFIG_NAMES, VITE_CONFIG_NAMES, firstExisting } from './config-files.ts';
import { requireFlueRuntime, type FlueRuntimeInfo } from './flue-runtime.ts';
import { readManifest, type Manifest } from './manifest.ts';
import { findProjectRoot } from './root.ts';
import { findSourceRoot } from './source-root.ts';

/** A source file of the project as it is on disk now. */
export interface ProjectFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

/** Everything the recipe needs to know about the user's project, read once. */
export interface Project {
  root: string;
  manifest: Manifest;
  flueRuntime: FlueRuntimeInfo;
  /** Flue's source root relative to `root` ('' for the root itself). */
  sourceRoot: string;
  flueConfig?: ProjectFile;
  viteConfig?: ProjectFile;
}

function readProjectFile(root: string, path: string | undefined): ProjectFile | undefined {
  return path === undefined ? undefined : { path, text: readFileSync(join(root, path), 'utf8') };
}

/** Reads the project around `cwd`; refuses anything that is not a Flue 2.x project. */
export function detectProject(cwd: string): Project {
  const root = findProjectRoot(cwd);
  const manifest = readManifest(root);
  const flueRuntime = requireFlueRuntime(root, manifest);
  const project: Project = { root, manifest, flueRuntime, sourceRoot: findSourceRoot(root) };
  const flueConfig = readProjectFile(root, firstExisting(root, FLUE_CONFIG_NAMES));
  const viteConfig = readProjectFile(root, firstExisting(root, VITE_CONFIG_NAMES));
  if (flueConfig) project.flueConfig = flueConfig;
  if (viteConfig) project.viteConfig = viteConfig;
  return project;
}
