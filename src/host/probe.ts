// Everything the host checks read from the outside world, behind one interface.
//
// The checks in this folder are pure functions of a HostProbe: tests hand them a fake one that describes a
// file system view, sysctl answers, an environment and a platform; the CLI hands them `systemProbe()`, which
// reads the real machine lazily (each method touches the system only when a check calls it).

/** What `lstat`/`stat` saw at a path. `missing` covers ENOENT and ENOTDIR. */
export type PathInfo =
  | { kind: 'missing' }
  | { kind: 'error'; code: string; message: string }
  | {
      kind: 'char-device' | 'block-device' | 'file' | 'directory' | 'symlink' | 'other';
      /** Permission bits only (`mode & 0o7777`). */
      mode: number;
      uid: number;
      gid: number;
    };

/** The outcome of a real `open(path, O_RDWR)` followed by `close`. */
export type OpenResult = { ok: true } | { ok: false; code: string; message: string };

/**
 * A sysctl answer. `missing` means the key does not exist on this kernel (sysctl ran and said so), which is
 * different from `error` (sysctl could not be run or gave something unreadable).
 */
export type SysctlResult =
  | { kind: 'value'; value: string }
  | { kind: 'missing' }
  | { kind: 'error'; message: string };

/** The C library the running Node binary is linked against (Linux only). */
export type LibcInfo =
  | { family: 'glibc'; version: string }
  | { family: 'musl'; version?: string }
  | { family: 'unknown' };

/** Who this process is, as the kernel sees it. */
export interface ProcessIdentity {
  uid: number;
  /** Effective group id. */
  gid: number;
  /** Supplementary groups of this process (what the kernel checks, not what /etc/group lists). */
  groups: number[];
  /** Login name from the password database, when there is an entry for the uid. */
  userName?: string;
  /** Primary group id recorded in the password database for this user. */
  passwdGid?: number;
}

/** A group from the group database (/etc/group, then NSS via getent). */
export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** An installed npm package found by Node's node_modules lookup. */
export interface PackageLocation {
  name: string;
  /** Real (symlink-resolved) directory of the package. */
  dir: string;
  version?: string;
}

/** Result of loading a native entry point in a separate Node process. */
export type NativeLoadResult = { ok: true } | { ok: false; message: string };

export interface HostProbe {
  /** `process.platform` of the Node running the check. */
  platform(): NodeJS.Platform;
  /** `process.arch` of the Node running the check. */
  arch(): string;
  /** Kernel release (`os.release()`): Darwin version on macOS, kernel version on Linux. */
  osRelease(): string;
  /** `process.versions.node`. */
  nodeVersion(): string;
  /** C library of this Node binary. Only meaningful on Linux. */
  libc(): LibcInfo;
  env(name: string): string | undefined;
  /** Information about the path itself (does not follow a final symlink). */
  lstat(path: string): PathInfo;
  /** Information about what the path points to (follows symlinks). */
  stat(path: string): PathInfo;
  exists(path: string): boolean;
  /** Text of a small file (procfs, sysfs, /etc), or undefined when it cannot be read. */
  readText(path: string): string | undefined;
  /** A real open for read+write, closed again at once. The only source of the /dev/kvm verdict. */
  openReadWrite(path: string): OpenResult;
  identity(): ProcessIdentity;
  group(gid: number): GroupEntry | undefined;
  /** `sysctl -n <name>` on macOS. */
  sysctl(name: string): SysctlResult;
  /** Resolve `<name>/package.json` from `fromDir` the way Node resolves a bare specifier (node_modules upward). */
  resolvePackage(name: string, fromDir: string): PackageLocation | undefined;
  /**
   * Load a native entry (`.js` that requires a `.node` addon) in a child Node process, so a crash or a
   * dlopen failure cannot take the doctor down. `libDir` is exported the way smolvm-embedded does.
   */
  loadNative(entryPath: string, libDir?: string): NativeLoadResult;
}

export { systemProbe } from './system-probe.ts';
