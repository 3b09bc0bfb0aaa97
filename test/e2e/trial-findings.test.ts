// Cases a first user found by trying to break the tool; each stays fixed here.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runAdd, type AddOptions } from '../../src/cli/add.ts';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import type { Output } from '../../src/cli/output.ts';
import { reportUserError } from '../../src/cli/user-error.ts';
import { systemProbe } from '../../src/host/probe.ts';
import { copyProject, pnpmExec, snapshotProject } from '../support/flue-project.ts';
import { childEnv, REPO_ROOT } from '../support/tools.ts';

const { baseProject } = inject('e2e');
const CONNECTOR = 'src/sandboxes/smolvm.ts';
const GUEST = join(REPO_ROOT, 'test', 'guest');

async function addInProcess(cwd: string, extra: Partial<AddOptions> = {}, probe = systemProbe()) {
  const lines: string[] = [];
  const out: Output = { line: (t) => lines.push(t), warn: (t) => lines.push(t), error: (t) => lines.push(t) };
  const options: AddOptions = { cwd, yes: true, dryRun: false, install: false, skipHostCheck: false, ...extra };
  const code = await runAdd(options, { out, interactive: false, confirm: async () => true, probe }).catch((error) => reportUserError(error, out));
  return { code, text: lines.join('\n') };
}

describe('what a first user ran into', () => {
  it('a rerun that only has to install asks first, and installs the declared source, not the default range', async () => {
    const project = copyProject(baseProject);
    expect((await pnpmExec(project, ['flue', 'add', 'smolvm', '--yes', '--sdk', GUEST])).exitCode).toBe(0);
    rmSync(join(project, 'node_modules/smolvm-embedded'), { recursive: true });
    const before = snapshotProject(project);

    const unattended = await pnpmExec(project, ['flue', 'add', 'smolvm'], { CI: 'true' });
    expect(unattended.exitCode).toBe(ExitCode.confirmationNeeded);
    expect(unattended.all).toMatch(/install smolvm-embedded@file:/);
    expect(snapshotProject(project)).toEqual(before);

    const confirmed = await pnpmExec(project, ['flue', 'add', 'smolvm', '--yes']);
    expect(confirmed.exitCode, confirmed.all).toBe(0);
    expect(snapshotProject(project)['package.json']?.split(' ')[0]).toBe(before['package.json']?.split(' ')[0]);
    expect(readFileSync(join(project, 'node_modules/smolvm-embedded/package.json'), 'utf8')).toContain('"name": "smolvm-embedded"');
  });

  it('our connector with its second header line deleted is not ours any more: refused without --force', async () => {
    const project = copyProject(baseProject, { nodeModules: false });
    mkdirSync(join(project, 'src/sandboxes'));
    const result = await addInProcess(project, { skipHostCheck: true });
    expect(result.code).toBe(0);
    const text = readFileSync(join(project, CONNECTOR), 'utf8').split('\n');
    text.splice(1, 1);
    writeFileSync(join(project, CONNECTOR), text.join('\n'));
    const before = snapshotProject(project);
    expect((await addInProcess(project, { skipHostCheck: true })).code).toBe(ExitCode.foreignFile);
    expect(snapshotProject(project)).toEqual(before);
  });

  it('a file where the sandboxes folder should be: exit 7, nothing written', async () => {
    const project = copyProject(baseProject, { nodeModules: false });
    writeFileSync(join(project, 'src/sandboxes'), 'x\n');
    const before = snapshotProject(project);
    const result = await addInProcess(project, { skipHostCheck: true });
    expect(result.code).toBe(ExitCode.applyFailed);
    expect(result.text).toMatch(/a file stands where a folder on its path should be/);
    expect(snapshotProject(project)).toEqual(before);
  });

  it('a host without KVM does not stop an up-to-date rerun or a dry run, only a run that would write', async () => {
    const project = copyProject(baseProject, { nodeModules: false });
    const noKvm = { ...systemProbe(), openReadWrite: () => ({ ok: false as const, code: 'EACCES', message: 'permission denied' }) };
    expect((await addInProcess(project, { dryRun: true }, noKvm)).code).toBe(ExitCode.ok);
    expect((await addInProcess(project, {}, noKvm)).code).toBe(ExitCode.hostUnsupported);
    expect((await addInProcess(project, { skipHostCheck: true })).code).toBe(ExitCode.ok);
    const rerun = await addInProcess(project, {}, noKvm);
    expect(rerun.code).toBe(ExitCode.ok);
    expect(rerun.text).toMatch(/up to date/);
    expect(rerun.text).toMatch(/cannot run smolvm microVMs/);
  });

  it('output piped into a reader that stops early is not a crash', () => {
    const project = copyProject(baseProject);
    const output = execFileSync('bash', ['-c', 'set -o pipefail; ./node_modules/.bin/flue-smolvm add smolvm --check 2>&1 | head -1; echo "exit=$?"'], { cwd: project, env: childEnv(), encoding: 'utf8' });
    expect(output).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(output).toMatch(/exit=13/);
  });

  it('hints name the collision-free command for the project’s package manager, and check lists new files by name', async () => {
    const project = copyProject(baseProject);
    const check = await pnpmExec(project, ['flue', 'smolvm', 'check']);
    expect(check.all).toMatch(/create src\/sandboxes\/smolvm\.ts \(\d+ lines\)/);
    expect(check.all.split('\n').length).toBeLessThan(40);
    const add = await pnpmExec(project, ['flue', 'add', 'smolvm', '--yes', '--no-install']);
    expect(add.all).toMatch(/pnpm exec flue-smolvm smolvm doctor/);
  });
});
