import { describe, expect, it } from 'vitest';
import { macosVersionFromDarwin } from '../../src/host/check-platform.ts';
import { macHost } from './fake-probe.ts';
import { expectFailure, run } from './helpers.ts';

describe('operating system and architecture', () => {
  it('Windows is unsupported and points to WSL 2', async () => {
    const r = await run({ platform: 'win32' }, { projectRoot: 'C:\\proj' });
    expectFailure(r, 'platform', 'os-windows', { cause: /no Windows build/, fix: /WSL 2.*nested virtualization/ });
    expect(r.json.checks.map((c) => c.id)).toEqual(['platform', 'sdk', 'node']);
  });

  it('another OS is unsupported with its own reason', async () => {
    const r = await run({ platform: 'freebsd' });
    expectFailure(r, 'platform', 'os-unsupported', { cause: /only on Linux \(KVM\) and macOS.*freebsd/, fix: /Linux or macOS/ });
  });

  it('an unsupported CPU architecture fails', async () => {
    const r = await run({ arch: 'riscv64' });
    expectFailure(r, 'platform', 'arch-unsupported', { cause: /arm64 and x64 only.*riscv64/, fix: /arm64 or x86-64/ });
  });

  it('musl-based Linux fails: the native parts are glibc builds', async () => {
    const r = await run({ libc: { family: 'musl' } });
    expectFailure(r, 'libc', 'libc-musl', { cause: /musl.*glibc builds/s, fix: /bookworm-slim instead of node:22-alpine/ });
  });

  it('an unknown C library only warns and keeps the host ready', async () => {
    const r = await run({ libc: { family: 'unknown' } });
    const c = r.check('libc');
    expect(c.status).toBe('warn');
    expect(c.code).toBeNull();
    expect(c.cause).toMatch(/Could not tell/);
    expect(r.json.ready).toBe(true);
    expect(r.json.exitCode).toBe(0);
  });
});

describe('macOS', () => {
  it('a healthy Apple silicon Mac is ready and is never asked about Rosetta', async () => {
    const r = await run(macHost());
    expect(r.json.ready).toBe(true);
    expect(r.json.exitCode).toBe(0);
    expect(r.json.checks.map((c) => [c.id, c.status])).toEqual([
      ['platform', 'pass'],
      ['macos-version', 'pass'],
      ['rosetta', 'pass'],
      ['hypervisor', 'pass'],
      ['node', 'pass'],
    ]);
    expect(r.probe.calls).not.toContain('sysctl(sysctl.proc_translated)');
    expect(r.probe.calls.some((c) => c.includes('/dev/kvm'))).toBe(false);
  });

  it('macOS older than 11 fails', async () => {
    const r = await run(macHost({ arch: 'x64', osRelease: '19.6.0' }));
    expectFailure(r, 'macos-version', 'macos-too-old', { cause: /macOS 11 .*macOS 10\.15/, fix: /Update macOS/ });
  });

  it('maps Darwin releases to macOS versions', () => {
    expect(macosVersionFromDarwin('20.1.0')).toBe('11');
    expect(macosVersionFromDarwin('24.6.0')).toBe('15');
    expect(macosVersionFromDarwin('25.0.0')).toBe('26');
    expect(macosVersionFromDarwin('19.6.0')).toBe('10.15');
  });

  it('an x64 Node translated by Rosetta on Apple silicon fails', async () => {
    const r = await run(macHost({ arch: 'x64', sysctl: { 'sysctl.proc_translated': { kind: 'value', value: '1' } } }));
    expectFailure(r, 'rosetta', 'rosetta-translated', {
      cause: /Rosetta 2.*darwin-x64/s,
      fix: /arm64 build of Node.*node -p process.arch/s,
    });
  });

  it('an x64 Node on an Intel Mac (no proc_translated key) passes', async () => {
    const r = await run(macHost({ arch: 'x64' }));
    expect(r.check('rosetta').status).toBe('pass');
    expect(r.check('rosetta').detail).toMatch(/Intel Mac/);
    expect(r.json.ready).toBe(true);
  });

  it('kern.hv_support = 0 fails with the nested-virtualization cause', async () => {
    const r = await run(macHost({ sysctl: { 'kern.hv_support': { kind: 'value', value: '0' } } }));
    expectFailure(r, 'hypervisor', 'hvf-unsupported', {
      cause: /cannot run virtual machines.*without nested virtualization/s,
      fix: /physical Mac/,
    });
  });

  it('a missing kern.hv_support key means unsupported, not unknown', async () => {
    const r = await run(macHost({ sysctl: { 'kern.hv_support': { kind: 'missing' } } }));
    const c = expectFailure(r, 'hypervisor', 'hvf-unsupported', { cause: /no kern\.hv_support key/, fix: /physical Mac/ });
    expect(c.detail).toMatch(/does not exist/);
  });

  it('on a GitHub-hosted macOS runner the cause names the runner', async () => {
    const r = await run(
      macHost({
        env: { GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'github-hosted' },
        sysctl: { 'kern.hv_support': { kind: 'value', value: '0' } },
      }),
    );
    expectFailure(r, 'hypervisor', 'hvf-unsupported', { cause: /GitHub-hosted macOS runners/, fix: /self-hosted runner/ });
  });

  it('sysctl that cannot run gives hvf-unknown', async () => {
    const r = await run(macHost({ sysctl: { 'kern.hv_support': { kind: 'error', message: 'spawn /usr/sbin/sysctl ENOENT' } } }));
    const c = expectFailure(r, 'hypervisor', 'hvf-unknown', { cause: /Could not ask macOS/, fix: /sysctl -n kern\.hv_support/ });
    expect(c.detail).toMatch(/ENOENT/);
  });
});
