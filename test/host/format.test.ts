import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/doctor.ts';
import { DOCTOR_EXIT } from '../../src/host/exit-codes.ts';
import { formatReport } from '../../src/host/format.ts';
import { fakeProbe, noKvm } from './fake-probe.ts';
import { expectJsonShape, run } from './helpers.ts';

describe('human report', () => {
  it('one line per check, cause and fix under every problem, the exit code at the end', async () => {
    const r = await run(noKvm({ files: { '/.dockerenv': '' } }), { projectRoot: '/p' });
    const text = formatReport(r.report);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('This host cannot run smolvm microVMs: fix the FAIL lines below.');
    const checkLines = lines.filter((l) => /^ {2}(pass|warn|FAIL) {2}/.test(l));
    expect(checkLines.map((l) => l.slice(2, 6))).toEqual(['pass', 'pass', 'FAIL', 'warn', 'pass']);
    expect(checkLines[2]).toMatch(/^ {2}FAIL {2}hypervisor +\/dev\/kvm opens read\+write: \/dev\/kvm does not exist/);
    const hv = lines.indexOf(checkLines[2]!);
    expect(lines[hv + 1]).toMatch(/^ {8}cause: This Docker container was started without/);
    expect(lines[hv + 2]).toMatch(/^ {8}fix: {3}Start the container with the device/);
    expect(lines.at(-1)).toBe(`exit ${DOCTOR_EXIT['kvm-missing-container']} (kvm-missing-container)`);
  });

  it('multi-line fixes stay aligned under their label', async () => {
    const r = await run({
      env: { GITHUB_ACTIONS: 'true' },
      open: { '/dev/kvm': { ok: false, code: 'EACCES', message: 'denied' } },
    });
    const lines = formatReport(r.report).split('\n');
    const fix = lines.findIndex((l) => l.startsWith('        fix:   Add this step'));
    expect(fix).toBeGreaterThan(0);
    expect(lines[fix + 1]).toMatch(/^ {15} {2}echo 'KERNEL=="kvm"/);
  });

  it('a ready host says so and prints no exit line', async () => {
    const r = await run({});
    const text = formatReport(r.report);
    expect(text.startsWith('This host can run smolvm microVMs.\n')).toBe(true);
    expect(text).not.toMatch(/^exit /m);
  });
});

describe('runDoctor', () => {
  it('--json prints the documented object and returns its exit code', async () => {
    let out = '';
    const code = await runDoctor({ cwd: '/p', json: true, strict: true, probe: fakeProbe({}), stdout: (s) => (out += s) });
    const json = JSON.parse(out);
    expectJsonShape(json);
    expect(code).toBe(DOCTOR_EXIT['sdk-missing']);
    expect(json.exitCode).toBe(code);
    expect(json.checks.find((c: { id: string }) => c.id === 'sdk').detail).toMatch(/from \/p upward/);
  });

  it('human output returns 0 on a ready host even with SDK and Node warnings', async () => {
    let out = '';
    const code = await runDoctor({ cwd: '/p', json: false, strict: false, probe: fakeProbe({ node: '20.1.0' }), stdout: (s) => (out += s) });
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}warn {2}sdk/m);
    expect(out).toMatch(/^ {2}warn {2}node/m);
  });

  it('an unexpected error returns 1 and still prints JSON', async () => {
    let out = '';
    const code = await runDoctor({ cwd: '/p', json: true, strict: false, probe: fakeProbe({ throwIn: 'platform' }), stdout: (s) => (out += s) });
    expect(code).toBe(DOCTOR_EXIT.unexpected);
    expect(JSON.parse(out)).toEqual({ schema: 'flue-smolvm/doctor@1', error: 'probe platform exploded', exitCode: 1 });
  });
});

describe('exit codes', () => {
  it('are distinct per failure kind', () => {
    const values = Object.values(DOCTOR_EXIT);
    expect(new Set(values).size).toBe(values.length);
  });

  it('the README table lists exactly the exported codes', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| (\d+) \| `([a-z-]+)` \|/gm)].map((m) => [m[2], Number(m[1])]);
    expect(Object.fromEntries(rows)).toEqual(DOCTOR_EXIT);
  });

  it('every failure code a check can produce is documented with cause and fix in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(DOCTOR_EXIT).filter((c) => !['ok', 'unexpected', 'usage'].includes(c))) {
      expect(readme, code).toMatch(new RegExp(`^#### \`${code}\``, 'm'));
    }
  });
});
