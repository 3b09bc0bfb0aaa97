// `npm run demo`: the main job on a real Flue project, as a user meets it. Packs this package, makes
// a project with the real `flue init`, installs it with pnpm, adds our tarball, then runs
// `pnpm exec flue add smolvm` twice (the second run must be a no-op) and the host doctor.
import { rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { createFlueProject, packThisPackage } from './flue-project.ts';
import { childEnv, PNPM, REPO_ROOT } from './tools.ts';

const work = join(REPO_ROOT, '.tmp');
const app = join(work, 'demo-app');
rmSync(app, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

console.log('> packing flue-smolvm and creating a Flue project with `flue init --target node --deploy`');
const tarball = await packThisPackage(work);
await createFlueProject(app, tarball);

const run = async (args: string[]) => {
  console.log(`\n> pnpm exec ${args.join(' ')}`);
  const result = await execa(PNPM, ['exec', ...args], { cwd: app, env: childEnv(), stdio: 'inherit', reject: false });
  return result.exitCode ?? 1;
};

// --no-install: smolvm-embedded is not on the npm registry yet (pass --sdk <build> where you have one).
const first = await run(['flue', 'add', 'smolvm', '--yes', '--no-install']);
const second = await run(['flue', 'add', 'smolvm', '--yes', '--no-install']);
await run(['flue', 'smolvm', 'doctor']);
console.log(`\nThe project is in ${app} (first run exit ${first}, rerun exit ${second}).`);
process.exitCode = first === 0 && second === 0 ? 0 : 1;
