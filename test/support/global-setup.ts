import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createFlueProject, packThisPackage } from './flue-project.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Made once per run: our tarball and a real, installed Flue project with it added. */
    e2e: { tarball: string; baseProject: string };
  }
}

export default async function setup(project: TestProject) {
  const work = mkdtempSync(join(tmpdir(), 'flue-smolvm-e2e-'));
  const tarball = await packThisPackage(work);
  const baseProject = join(work, 'base-app');
  await createFlueProject(baseProject, tarball);
  project.provide('e2e', { tarball, baseProject });
  return () => rmSync(work, { recursive: true, force: true });
}
