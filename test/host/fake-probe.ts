// A HostProbe built from a description of a host: platform, a file system view, sysctl answers, environment.
// Defaults describe a healthy glibc Linux x64 machine where user `ada` is in the kvm group.

import type {
  GroupEntry,
  HostProbe,
  LibcInfo,
  NativeLoadResult,
  OpenResult,
  PackageLocation,
  PathInfo,
  ProcessIdentity,
  SysctlResult,
} from '../../src/host/probe.ts';

export interface FakeHost {
  platform?: NodeJS.Platform;
  arch?: string;
  osRelease?: string;
  node?: string;
  libc?: LibcInfo;
  env?: Record<string, string>;
  /** Readable text files (also count as existing paths). */
  files?: Record<string, string>;
  /** lstat view; a path not listed is missing. Set to null to remove a default entry. */
  paths?: Record<string, PathInfo | null>;
  /** stat view where it differs from lstat (symlink targets). */
  targets?: Record<string, PathInfo>;
  open?: Record<string, OpenResult>;
  identity?: ProcessIdentity;
  groups?: GroupEntry[];
  sysctl?: Record<string, SysctlResult>;
  /** Packages resolvable by name from anywhere. */
  packages?: Record<string, PackageLocation>;
  native?: NativeLoadResult;
  /** Make one probe method throw. */
  throwIn?: keyof HostProbe;
}

export const KVM_OK: Extract<PathInfo, { mode: number }> = { kind: 'char-device', mode: 0o660, uid: 0, gid: 992 };

export interface RecordingProbe extends HostProbe {
  calls: string[];
}

export function fakeProbe(host: FakeHost = {}): RecordingProbe {
  const calls: string[] = [];
  const paths: Record<string, PathInfo> = {};
  for (const [p, info] of Object.entries({ '/dev/kvm': KVM_OK, ...host.paths })) if (info) paths[p] = info;
  const files = host.files ?? {};
  const groups = host.groups ?? [
    { name: 'root', gid: 0, members: [] },
    { name: 'kvm', gid: 992, members: ['ada'] },
    { name: 'ada', gid: 1000, members: [] },
  ];
  const note = (name: string, arg?: unknown) => {
    calls.push(arg === undefined ? name : `${name}(${String(arg)})`);
    if (host.throwIn === name) throw new Error(`probe ${name} exploded`);
  };
  const missing: PathInfo = { kind: 'missing' };
  return {
    calls,
    platform: () => (note('platform'), host.platform ?? 'linux'),
    arch: () => (note('arch'), host.arch ?? 'x64'),
    osRelease: () => (note('osRelease'), host.osRelease ?? '6.1.0-18-amd64'),
    nodeVersion: () => (note('nodeVersion'), host.node ?? '22.23.3'),
    libc: () => (note('libc'), host.libc ?? { family: 'glibc', version: '2.36' }),
    env: (name) => (note('env', name), host.env?.[name]),
    lstat: (p) => (note('lstat', p), paths[p] ?? missing),
    stat: (p) => (note('stat', p), host.targets?.[p] ?? (paths[p]?.kind === 'symlink' ? missing : paths[p] ?? missing)),
    exists: (p) => {
      note('exists', p);
      if (p in files) return true;
      if (paths[p] && paths[p].kind !== 'missing') return true;
      return Object.values(host.packages ?? {}).some((pkg) => p === `${pkg.dir}/package.json`);
    },
    readText: (p) => (note('readText', p), files[p]),
    openReadWrite: (p) => (note('openReadWrite', p), host.open?.[p] ?? (paths[p] ? { ok: true } : { ok: false, code: 'ENOENT', message: 'no such file' })),
    identity: () => (note('identity'), host.identity ?? { uid: 1000, gid: 1000, groups: [1000, 992], userName: 'ada', passwdGid: 1000 }),
    group: (gid) => (note('group', gid), groups.find((g) => g.gid === gid)),
    sysctl: (name) => (note('sysctl', name), host.sysctl?.[name] ?? { kind: 'missing' }),
    resolvePackage: (name, from) => (note('resolvePackage', `${name} from ${from}`), host.packages?.[name]),
    loadNative: (entry, libDir) => (note('loadNative', `${entry} lib=${libDir}`), host.native ?? { ok: true }),
  };
}

/** Healthy Apple silicon Mac. */
export function macHost(over: FakeHost = {}): FakeHost {
  return {
    platform: 'darwin',
    arch: 'arm64',
    osRelease: '24.6.0',
    ...over,
    sysctl: { 'kern.hv_support': { kind: 'value', value: '1' }, ...over.sysctl },
  };
}

/** Linux host without /dev/kvm. */
export function noKvm(over: FakeHost = {}): FakeHost {
  return { ...over, paths: { '/dev/kvm': null, ...over.paths } };
}
