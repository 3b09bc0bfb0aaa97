import { describe, expect, it } from 'vitest';
import { KVM_OK, noKvm } from './fake-probe.ts';
import type { FakeHost } from './fake-probe.ts';
import { expectFailure, run } from './helpers.ts';

const X86_FLAGS = (extra: string) => `processor\t: 0\nflags\t\t: fpu vme de pse tsc msr ${extra} sse sse2\n`;

describe('/dev/kvm verdict', () => {
  it('passes when the real open succeeds and never reads hints it does not need', async () => {
    const r = await run({});
    expect(r.check('hypervisor').status).toBe('pass');
    expect(r.check('hypervisor').detail).toBe('crw-rw---- root:kvm');
    expect(r.json.ready).toBe(true);
    expect(r.json.exitCode).toBe(0);
    expect(r.probe.calls).toContain('openReadWrite(/dev/kvm)');
    expect(r.probe.calls.filter((c) => c.startsWith('readText') || c.startsWith('sysctl'))).toEqual([]);
  });

  it('trusts the open over the mode: 0600 root:root that opens (an ACL) passes', async () => {
    const r = await run({ paths: { '/dev/kvm': { ...KVM_OK, mode: 0o600, gid: 0 } } });
    expect(r.check('hypervisor').status).toBe('pass');
    expect(r.json.ready).toBe(true);
  });

  it('trusts the open over the mode: group member with 0660 whose open fails is not ready', async () => {
    const r = await run({ open: { '/dev/kvm': { ok: false, code: 'EACCES', message: 'permission denied' } } });
    expect(r.check('hypervisor').status).toBe('fail');
    expect(r.json.ready).toBe(false);
  });

  it('follows a symbolic link to the character device', async () => {
    const r = await run({
      paths: { '/dev/kvm': { kind: 'symlink', mode: 0o777, uid: 0, gid: 0 } },
      targets: { '/dev/kvm': KVM_OK },
    });
    expect(r.check('hypervisor').status).toBe('pass');
  });
});

describe('/dev/kvm missing: one diagnosis per cause', () => {
  it('WSL 2 without nested virtualization', async () => {
    const r = await run(noKvm({ files: { '/proc/sys/kernel/osrelease': '5.15.153.1-microsoft-standard-WSL2\n' } }));
    expectFailure(r, 'hypervisor', 'kvm-missing-wsl', {
      cause: /WSL 2 without nested virtualization/,
      fix: /nestedVirtualization=true.*\.wslconfig.*wsl --shutdown/s,
    });
  });

  it('WSL 1 has no kernel at all', async () => {
    const r = await run(noKvm({ files: { '/proc/sys/kernel/osrelease': '4.4.0-19041-Microsoft\n' } }));
    expectFailure(r, 'hypervisor', 'kvm-missing-wsl', { cause: /WSL 1.*no Linux kernel/, fix: /wsl --set-version <distribution> 2/ });
  });

  it('a container started without the device', async () => {
    const r = await run(noKvm({ files: { '/.dockerenv': '' } }));
    const c = expectFailure(r, 'hypervisor', 'kvm-missing-container', {
      cause: /Docker container was started without the KVM device/,
      fix: /--device \/dev\/kvm/,
    });
    expect(c.detail).toMatch(/Docker container/);
  });

  it('KVM loaded in the kernel but no device node', async () => {
    const r = await run(noKvm({ files: { '/sys/class/misc/kvm/dev': '10:232\n', '/proc/cpuinfo': X86_FLAGS('vmx') } }));
    expectFailure(r, 'hypervisor', 'kvm-missing-node', {
      cause: /KVM is loaded in the kernel, but no \/dev\/kvm node/,
      fix: /mknod \/dev\/kvm c 10 232/,
    });
  });

  it('a cloud VM without nested virtualization (GCP)', async () => {
    const r = await run(
      noKvm({
        files: {
          '/proc/cpuinfo': X86_FLAGS('hypervisor'),
          '/sys/class/dmi/id/sys_vendor': 'Google\n',
          '/sys/class/dmi/id/product_name': 'Google Compute Engine\n',
        },
      }),
    );
    expectFailure(r, 'hypervisor', 'kvm-missing-nested', {
      cause: /itself a virtual machine \(Google Compute Engine.*no nested virtualization/,
      fix: /--enable-nested-virtualization/,
    });
  });

  it('an AWS instance names the metal fix; an AWS .metal instance is not treated as a VM', async () => {
    const aws = (product: string, flags: string): FakeHost =>
      noKvm({ files: { '/proc/cpuinfo': X86_FLAGS(flags), '/sys/class/dmi/id/sys_vendor': 'Amazon EC2', '/sys/class/dmi/id/product_name': product } });
    const vm = await run(aws('m7i.large', 'hypervisor'));
    expectFailure(vm, 'hypervisor', 'kvm-missing-nested', { cause: /AWS EC2/, fix: /\*\.metal/ });
    const metal = await run(aws('m7i.metal-24xl', 'vmx'));
    expect(metal.check('hypervisor').code).toBe('kvm-missing-module');
  });

  it('an unnamed hypervisor (cpu flag only) gets the generic nested fix', async () => {
    const r = await run(noKvm({ files: { '/proc/cpuinfo': X86_FLAGS('hypervisor') } }));
    expectFailure(r, 'hypervisor', 'kvm-missing-nested', { cause: /a virtual machine/, fix: /host-passthrough.*ExposeVirtualizationExtensions/s });
  });

  it('Azure gets the VM size fix', async () => {
    const r = await run(
      noKvm({ files: { '/proc/cpuinfo': X86_FLAGS('hypervisor'), '/sys/class/dmi/id/sys_vendor': 'Microsoft Corporation', '/sys/class/dmi/id/product_name': 'Virtual Machine' } }),
    );
    expectFailure(r, 'hypervisor', 'kvm-missing-nested', { cause: /Azure/, fix: /VM size that supports nested virtualization/ });
  });

  it('Intel CPU with VT-x but the module not loaded', async () => {
    const r = await run(noKvm({ files: { '/proc/cpuinfo': X86_FLAGS('vmx') } }));
    expectFailure(r, 'hypervisor', 'kvm-missing-module', { cause: /supports hardware virtualization \(vmx\).*not loaded/, fix: /modprobe kvm_intel/ });
  });

  it('AMD CPU with SVM but the module not loaded', async () => {
    const r = await run(noKvm({ files: { '/proc/cpuinfo': X86_FLAGS('svm') } }));
    expectFailure(r, 'hypervisor', 'kvm-missing-module', { cause: /\(svm\)/, fix: /modprobe kvm_amd/ });
  });

  it('bare-metal x86 with virtualization off in the firmware', async () => {
    const r = await run(noKvm({ files: { '/proc/cpuinfo': X86_FLAGS('') } }));
    expectFailure(r, 'hypervisor', 'kvm-missing-firmware', { cause: /switched off in the firmware/, fix: /BIOS\/UEFI/ });
  });

  it('arm64 without KVM gets the generic module cause', async () => {
    const r = await run(noKvm({ arch: 'arm64', files: { '/proc/cpuinfo': 'processor\t: 0\nFeatures\t: fp asimd\n' } }));
    expectFailure(r, 'hypervisor', 'kvm-missing-module', { cause: /not loaded, or this kernel was built without KVM/, fix: /EL2/ });
  });
});

describe('/dev/kvm present but unusable', () => {
  it('a regular file is not the device', async () => {
    const r = await run({ paths: { '/dev/kvm': { kind: 'file', mode: 0o644, uid: 0, gid: 0 } } });
    expectFailure(r, 'hypervisor', 'kvm-not-char-device', { cause: /is a file, not the KVM character device/, fix: /--device \/dev\/kvm/ });
  });

  it('a dangling symbolic link is not the device', async () => {
    const r = await run({ paths: { '/dev/kvm': { kind: 'symlink', mode: 0o777, uid: 0, gid: 0 } } });
    const c = expectFailure(r, 'hypervisor', 'kvm-not-char-device', { cause: /symbolic link to nothing/, fix: /ls -l \/dev\/kvm/ });
    expect(c.detail).toMatch(/through a symbolic link/);
  });

  const denied = (over: FakeHost): FakeHost => ({
    ...over,
    open: { '/dev/kvm': { ok: false, code: 'EACCES', message: 'EACCES: permission denied' } },
  });

  it('permission: user not in the group that owns the device', async () => {
    const r = await run(denied({ identity: { uid: 1001, gid: 1001, groups: [1001], userName: 'bob', passwdGid: 1001 } }));
    const c = expectFailure(r, 'hypervisor', 'kvm-permission', { cause: /bob is not a member of group kvm/, fix: /usermod -aG kvm bob.*log out/s });
    expect(c.detail).toMatch(/EACCES; device crw-rw---- root:kvm; bob is not a member of group kvm/);
  });

  it('permission: listed in the group, but the login session predates it', async () => {
    const r = await run(denied({ identity: { uid: 1000, gid: 1000, groups: [1000], userName: 'ada', passwdGid: 1000 } }));
    const c = expectFailure(r, 'hypervisor', 'kvm-permission', { cause: /was added to group kvm, but this login session started before/, fix: /newgrp kvm/ });
    expect(c.detail).toMatch(/listed in group kvm but this session does not carry it/);
  });

  it('permission: device mode gives the group nothing (0600 root:root)', async () => {
    const r = await run(denied({ paths: { '/dev/kvm': { ...KVM_OK, mode: 0o600, gid: 0 } } }));
    const c = expectFailure(r, 'hypervisor', 'kvm-permission', { cause: /gives its group no read\+write access \(crw------- root:root\)/, fix: /MODE="0660".*99-kvm\.rules/s });
    expect(c.detail).toMatch(/not a member of group root|is in group root/);
  });

  it('permission: in the group with a group-writable mode, refused anyway (ACL or LSM)', async () => {
    const r = await run(denied({}));
    expectFailure(r, 'hypervisor', 'kvm-permission', { cause: /access control list or a security module/, fix: /getfacl \/dev\/kvm/ });
  });

  it('permission on a GitHub-hosted runner gives the udev rule step', async () => {
    const r = await run(
      denied({
        env: { GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'github-hosted' },
        paths: { '/dev/kvm': { ...KVM_OK, mode: 0o660, gid: 0 } },
        identity: { uid: 1001, gid: 1001, groups: [1001], userName: 'runner', passwdGid: 1001 },
      }),
    );
    expectFailure(r, 'hypervisor', 'kvm-permission', {
      cause: /GitHub-hosted Linux runners/,
      fix: /99-kvm4all\.rules.*udevadm trigger --name-match=kvm/s,
    });
  });

  it('EPERM inside a container: the device cgroup blocks it', async () => {
    const r = await run({ env: { container: 'podman' }, open: { '/dev/kvm': { ok: false, code: 'EPERM', message: 'operation not permitted' } } });
    expectFailure(r, 'hypervisor', 'kvm-blocked', { cause: /podman container's device rules/, fix: /--device \/dev\/kvm/ });
  });

  it('EPERM outside a container: a security module or service sandbox', async () => {
    const r = await run({ open: { '/dev/kvm': { ok: false, code: 'EPERM', message: 'operation not permitted' } } });
    expectFailure(r, 'hypervisor', 'kvm-blocked', { cause: /security module.*seccomp/s, fix: /DeviceAllow=/ });
  });

  it('ENXIO: a device node without a driver', async () => {
    const r = await run({ files: { '/proc/cpuinfo': X86_FLAGS('svm') }, open: { '/dev/kvm': { ok: false, code: 'ENXIO', message: 'no such device or address' } } });
    expectFailure(r, 'hypervisor', 'kvm-open-failed', { cause: /no KVM driver answers/, fix: /modprobe kvm_amd/ });
  });

  it('any other open error is reported with its message', async () => {
    const r = await run({ open: { '/dev/kvm': { ok: false, code: 'EIO', message: 'EIO: i/o error, open' } } });
    const c = expectFailure(r, 'hypervisor', 'kvm-open-failed', { cause: /failed: EIO: i\/o error/, fix: /dmesg/ });
    expect(c.detail).toMatch(/failed with EIO/);
  });

  it('an lstat error on /dev/kvm is an open failure', async () => {
    const r = await run({ paths: { '/dev/kvm': { kind: 'error', code: 'EACCES', message: 'EACCES: permission denied, lstat' } } });
    expectFailure(r, 'hypervisor', 'kvm-open-failed', { cause: /lstat/, fix: /ls -l \/dev\/kvm/ });
  });
});
