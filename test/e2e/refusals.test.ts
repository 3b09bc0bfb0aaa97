import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runAdd } from '../../src/cli/add.ts';
import { reportUserError } from '../../src/cli/user-error.ts';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import type { Output } from '../../src/cli/output.ts';
import { copyProject, pnpmExec, snapshotProject } from '../support/flue-project.ts';

const { baseProject } = inject('e2e');

/** Runs the add pipeline in process, as the CLI does, and returns the exit code and what it printed. */
async function add(cwd: string, extra: { sdk?: string } = {}) {
  const lines: string[] = [];
  const out: Output = { line: (t) => lines.push(t), warn: (t) => lines.push(t), error: (t) => lines.push(t) };
  const options = { cwd, yes: true, dryRun: false, install: false, skipHostCheck: false, ...extra };
  const code = await runAdd(options, { out, interactive: false, confirm: async () => true }).catch((error) => reportUserError(error, out));
  return { code, text: lines.join('\n') };
}

/** Edits a project file, runs add, and checks the refusal changed nothing at all. */
async function expectRefusal(project: string, code: number, message: RegExp, extra: { sdk?: string } = {}) {
  const before = snapshotProject(project);
  const result = await add(project, extra);
  expect(result.text).toMatch(message);
  expect(result.text).toMatch(/Next: /);
  expect(result.code).toBe(code);
  expect(snapshotProject(project)).toEqual(before);
}

function edit(project: string, path: string, change: (text: string) => string) {
  const file = join(project, path);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('refusals write nothing and say what to do', () => {
  it('a folder without package.json', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'flue-smolvm-empty-'));
    mkdirSync(join(empty, 'sub'));
    await expectRefusal(join(empty, 'sub'), ExitCode.projectRefused, /No package\.json found/);
  });

  it('a package without @flue/runtime', async () => {
    const project = copyProject(baseProject, { nodeModules: false });
    edit(project, 'package.json', (text) => text.replace(/\s*"@flue\/runtime": "[^"]*",/, ''));
    await expectRefusal(project, ExitCode.projectRefused, /does not depend on @flue\/runtime/);
  });

  it('a project on @flue/runtime 1.x', async () => {
    const project = copyProject(baseProject, { nodeModules: false });
    edit(project, 'package.json', (text) => text.replace(/"@flue\/runtime": "[^"]*"/, '"@flue/runtime": "^1.0.0-beta.9"'));
    await expectRefusal(project, ExitCode.projectRefused, /needs 2\.0\.0 or later/);
  });

  it('a Cloudflare project', async () => {
    const project = copyProject(baseProject, { nodeModules: false });
    edit(project, 'flue.config.ts', (text) => text.replace("target: 'node'", "target: 'cloudflare'"));
    await expectRefusal(project, ExitCode.projectRefused, /targets Cloudflare/);
  });

  it('a connector path holding a file flue-smolvm did not write', async () => {
    const project = copyProject(baseProject, { nodeModules: false });
    mkdirSync(join(project, 'src/sandboxes'));
    writeFileSync(join(project, 'src/sandboxes/smolvm.ts'), '// my own smolvm wrapper\nexport const mine = 1;\n');
    await expectRefusal(project, ExitCode.foreignFile, /src\/sandboxes\/smolvm\.ts exists and was not written by flue-smolvm/);
  });

  it('a config whose target cannot be read safely', async () => {
    const project = copyProject(baseProject, { nodeModules: false });
    edit(project, 'flue.config.ts', (text) => text.replace("target: 'node',", '...shared,').replace('export default', 'const shared = {};\nexport default'));
    await expectRefusal(project, ExitCode.configManual, /Cannot patch flue\.config\.ts safely/);
  });

  it('an --sdk path that does not exist', async () => {
    const project = copyProject(baseProject, { nodeModules: false });
    await expectRefusal(project, ExitCode.usage, /--sdk "\.\/missing-sdk": nothing exists/, { sdk: './missing-sdk' });
  });
});

describe('without @flue/cli', () => {
  it('a Flue command says @flue/cli is missing and exits 127', async () => {
    const project = copyProject(baseProject);
    expect((await pnpmExec(project, ['flue-smolvm', 'run', '--help'])).exitCode).toBe(0);
    rmSync(join(project, 'node_modules/@flue/cli'), { recursive: true, force: true });
    const missing = await pnpmExec(project, ['flue-smolvm', 'run', '--help']);
    expect(missing.exitCode).toBe(ExitCode.flueCliMissing);
    expect(missing.all).toMatch(/@flue\/cli is not installed in this project/);
  });
});
