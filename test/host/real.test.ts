// The real probe on this machine: /dev/kvm here is a real device that root opens.

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/doctor.ts';
import { checkHost } from '../../src/host/checks.ts';
import { DOCTOR_EXIT } from '../../src/host/exit-codes.ts';
import { reportToJson } from '../../src/host/format.ts';
import type { ReportJson } from '../../src/host/format.ts';
import { systemProbe } from '../../src/host/probe.ts';
import { expectJsonShape } from './helpers.ts';

const SRC_HOST = fileURLToPath(new URL('../../src/host/', import.meta.url));
const isRoot = process.geteuid?.() === 0;
const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flue-doctor-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('this machine, real probe', () => {
  it('can run microVMs: /dev/kvm opens read+write for real', async () => {
    const report = await checkHost(systemProbe(), { projectRoot: tempDir() });
    const json = reportToJson(report);
    expectJsonShape(json);
    const hv = json.checks.find((c) => c.id === 'hypervisor');
    expect(hv?.status, JSON.stringify(hv)).toBe('pass');
    expect(json.ready).toBe(true);
    expect(json.exitCode).toBe(0);
    expect(json.checks.find((c) => c.id === 'sdk')?.code).toBe('sdk-missing');
  });

  it('doctor exits 0, and 40 under --strict because no SDK is installed in an empty project', async () => {
    const cwd = tempDir();
    const sink = () => {};
    expect(await runDoctor({ cwd, json: false, strict: false, stdout: sink })).toBe(0);
    expect(await runDoctor({ cwd, json: true, strict: true, stdout: sink })).toBe(DOCTOR_EXIT['sdk-missing']);
  });
});

describe('smolvm-embedded resolution on a real file system', () => {
  const native = `smolvm-embedded-${process.platform}-${process.arch}${process.platform === 'linux' ? '-gnu' : ''}`;

  function project(layout: 'flat' | 'pnpm', nativeSource: string): string {
    const root = tempDir();
    writeFileSync(join(root, 'package.json'), '{"name":"p","private":true}');
    const store = layout === 'flat' ? join(root, 'node_modules') : join(root, 'node_modules/.pnpm/smolvm-embedded@0.2.0/node_modules');
    mkdirSync(join(store, 'smolvm-embedded'), { recursive: true });
    writeFileSync(join(store, 'smolvm-embedded/package.json'), '{"name":"smolvm-embedded","version":"0.2.0"}');
    mkdirSync(join(store, native, 'native'), { recursive: true });
    writeFileSync(join(store, native, 'package.json'), `{"name":"${native}","version":"0.1.0"}`);
    writeFileSync(join(store, native, 'native/index.js'), nativeSource);
    if (layout === 'pnpm') symlinkSync(join(store, 'smolvm-embedded'), join(root, 'node_modules/smolvm-embedded'));
    return root;
  }

  it('a flat install whose native entry loads passes', async () => {
    const report = await checkHost(systemProbe(), { projectRoot: project('flat', 'module.exports = {};') });
    const sdk = report.checks.find((c) => c.id === 'sdk');
    expect(sdk?.status, JSON.stringify(sdk)).toBe('pass');
    expect(sdk?.detail).toBe(`smolvm-embedded 0.2.0 with ${native} 0.1.0; native part loads`);
  });

  it('an entry that keeps a handle open still loads at once; one that exits while loading does not count', async () => {
    const busy = await checkHost(systemProbe(), { projectRoot: project('flat', 'setInterval(() => {}, 1000); module.exports = {};') });
    // Waiting for the event loop would end in the loader's 20 s time-out, reported as a load failure.
    expect(busy.checks.find((c) => c.id === 'sdk')?.status).toBe('pass');
    const quits = await checkHost(systemProbe(), { projectRoot: project('flat', 'process.exit(0);'), strict: true });
    expect(quits.checks.find((c) => c.id === 'sdk')?.code).toBe('sdk-native-load-failed');
  });

  it('a pnpm layout resolves the native part beside the real SDK directory, and a broken entry fails to load', async () => {
    const root = project('pnpm', "throw new Error('dlopen failed: libkrun.so.1: cannot open shared object file');");
    const report = await checkHost(systemProbe(), { projectRoot: join(root), strict: true });
    const sdk = report.checks.find((c) => c.id === 'sdk');
    expect(sdk?.code, JSON.stringify(sdk)).toBe('sdk-native-load-failed');
    expect(sdk?.cause).toMatch(/does not load in this Node: Error: dlopen failed: libkrun\.so\.1/);
    expect(sdk?.detail).toContain('0.1.0');
    expect(report.exitCode).toBe(DOCTOR_EXIT['sdk-native-load-failed']);
  });
});

describe('stays light', () => {
  it('src/host and src/cli/doctor.ts import only node: builtins and src/host modules', () => {
    const files = [
      ...readdirSync(SRC_HOST).filter((f) => f.endsWith('.ts')).map((f) => join(SRC_HOST, f)),
      fileURLToPath(new URL('../../src/cli/doctor.ts', import.meta.url)),
    ];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        const ok = spec.startsWith('node:') || (spec.startsWith('.') && join(dirname(file), spec).startsWith(SRC_HOST));
        expect(ok, `${file} imports ${spec}`).toBe(true);
      }
    }
  });
});

const USER = 'flue-doctor-probe';

describe.runIf(process.platform === 'linux' && isRoot)(`as non-root user ${USER} (real /dev/kvm, real open)`, () => {
  let uid = '';
  let gid = '';
  beforeAll(() => {
    if (spawnSync('id', ['-u', USER]).status !== 0) {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
    }
    uid = execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim();
    gid = execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim();
  });

  function runAsUser(): { uid: number; json: ReportJson } {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const script = join(dir, 'probe.mjs');
    const url = (f: string) => pathToFileURL(join(SRC_HOST, f)).href;
    writeFileSync(
      script,
      [
        `import { systemProbe } from ${JSON.stringify(url('probe.ts'))};`,
        `import { checkHost } from ${JSON.stringify(url('checks.ts'))};`,
        `import { reportToJson } from ${JSON.stringify(url('format.ts'))};`,
        'const report = await checkHost(systemProbe(), {});',
        'process.stdout.write(JSON.stringify({ uid: process.geteuid(), json: reportToJson(report) }));',
      ].join('\n'),
    );
    chmodSync(script, 0o644);
    const out = spawnSync('setpriv', ['--reuid', uid, '--regid', gid, '--init-groups', process.execPath, script], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
    });
    expect(out.status, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as { uid: number; json: ReportJson };
  }

  it('gets the permission branch with the device group and membership named', () => {
    const { uid: seenUid, json } = runAsUser();
    expect(seenUid).toBe(Number(uid));
    expectJsonShape(json);
    const hv = json.checks.find((c) => c.id === 'hypervisor');
    expect(hv?.status).toBe('fail');
    expect(hv?.code).toBe('kvm-permission');
    expect(hv?.exitCode).toBe(DOCTOR_EXIT['kvm-permission']);
    expect(hv?.detail).toMatch(new RegExp(`EACCES; device c\\S+ \\S+:\\S+; ${USER} is not a member of group \\S+`));
    expect(hv?.cause).toMatch(new RegExp(USER));
    expect(hv?.fix).toMatch(/usermod -aG|udev/);
    expect(json.ready).toBe(false);
    expect(json.exitCode).toBe(DOCTOR_EXIT['kvm-permission']);
  });
});
