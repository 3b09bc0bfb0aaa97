// The real HostProbe: reads this machine, and only what a check asks for. Node builtins only.

import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { release, userInfo } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
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
} from './probe.ts';

export function systemProbe(): HostProbe {
  let libcCache: LibcInfo | undefined;
  return {
    platform: () => process.platform,
    arch: () => process.arch,
    osRelease: () => release(),
    nodeVersion: () => process.versions.node,
    libc: () => (libcCache ??= detectLibc()),
    env: (name) => process.env[name],
    lstat: (path) => pathInfo(() => lstatSync(path)),
    stat: (path) => pathInfo(() => statSync(path)),
    exists: (path) => existsSync(path),
    readText,
    openReadWrite,
    identity,
    group: lookupGroup,
    sysctl,
    resolvePackage,
    loadNative,
  };
}

function errnoOf(error: unknown): { code: string; message: string } {
  const e = error as NodeJS.ErrnoException;
  return { code: typeof e?.code === 'string' ? e.code : 'UNKNOWN', message: e instanceof Error ? e.message : String(error) };
}

function pathInfo(read: () => Stats): PathInfo {
  let s: Stats;
  try {
    s = read();
  } catch (error) {
    const { code, message } = errnoOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'error', code, message };
  }
  const kind = s.isCharacterDevice()
    ? 'char-device'
    : s.isBlockDevice()
      ? 'block-device'
      : s.isSymbolicLink()
        ? 'symlink'
        : s.isDirectory()
          ? 'directory'
          : s.isFile()
            ? 'file'
            : 'other';
  return { kind, mode: s.mode & 0o7777, uid: s.uid, gid: s.gid };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function openReadWrite(path: string): OpenResult {
  let fd: number;
  try {
    // O_RDWR without O_CREAT: never creates anything, exactly what a VMM does with /dev/kvm.
    fd = openSync(path, constants.O_RDWR);
  } catch (error) {
    return { ok: false, ...errnoOf(error) };
  }
  closeSync(fd);
  return { ok: true };
}

function identity(): ProcessIdentity {
  const id: ProcessIdentity = {
    uid: process.geteuid?.() ?? -1,
    gid: process.getegid?.() ?? -1,
    groups: process.getgroups?.() ?? [],
  };
  try {
    const info = userInfo();
    id.userName = info.username;
    if (info.gid >= 0) id.passwdGid = info.gid;
  } catch {
    // No password database entry for this uid (common in containers started with an arbitrary uid).
  }
  return id;
}

function parseGroupLine(line: string): GroupEntry | undefined {
  const [name, , gidText, members] = line.trim().split(':');
  if (!name || gidText === undefined || !/^\d+$/.test(gidText)) return undefined;
  return { name, gid: Number(gidText), members: (members ?? '').split(',').filter(Boolean) };
}

function lookupGroup(gid: number): GroupEntry | undefined {
  for (const line of (readText('/etc/group') ?? '').split('\n')) {
    const entry = parseGroupLine(line);
    if (entry?.gid === gid) return entry;
  }
  // Groups served by NSS (LDAP, sssd, systemd-userdb) are not in /etc/group.
  const out = spawnSync('getent', ['group', String(gid)], { encoding: 'utf8', timeout: 5_000 });
  return out.status === 0 ? parseGroupLine(out.stdout.split('\n')[0] ?? '') : undefined;
}

function sysctl(name: string): SysctlResult {
  try {
    const out = execFileSync('/usr/sbin/sysctl', ['-n', name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 5_000,
    });
    const value = out.trim();
    return value === '' ? { kind: 'missing' } : { kind: 'value', value };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string; status?: number | null };
    const stderr = typeof e.stderr === 'string' ? e.stderr : '';
    if (typeof e.status === 'number' && /unknown oid|no such|not found/i.test(stderr)) return { kind: 'missing' };
    return { kind: 'error', message: (stderr.trim() || errnoOf(error).message).split('\n')[0] ?? 'sysctl failed' };
  }
}

function detectLibc(): LibcInfo {
  if (process.platform !== 'linux') return { family: 'unknown' };
  // `excludeNetwork` (Node 22) skips network-interface collection, which can be slow; older typings lack it.
  const report = process.report as (NodeJS.ProcessReport & { excludeNetwork?: boolean }) | undefined;
  let header: { glibcVersionRuntime?: string } | undefined;
  let sharedObjects: string[] = [];
  if (report) {
    const previous = report.excludeNetwork;
    report.excludeNetwork = true;
    try {
      const r = report.getReport() as { header?: { glibcVersionRuntime?: string }; sharedObjects?: string[] };
      header = r.header;
      sharedObjects = Array.isArray(r.sharedObjects) ? r.sharedObjects : [];
    } finally {
      report.excludeNetwork = previous;
    }
  }
  if (header?.glibcVersionRuntime) return { family: 'glibc', version: header.glibcVersionRuntime };
  if (sharedObjects.some((so) => /ld-musl|libc\.musl/.test(so))) return { family: 'musl' };
  try {
    if (readdirSync('/lib').some((f) => f.startsWith('ld-musl-'))) return { family: 'musl' };
  } catch {
    // no /lib: fall through
  }
  return { family: 'unknown' };
}

function resolvePackage(name: string, fromDir: string): PackageLocation | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    const manifest = join(candidate, 'package.json');
    if (existsSync(manifest)) {
      let version: string | undefined;
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
        if (typeof parsed.version === 'string') version = parsed.version;
      } catch {
        // unreadable manifest: still a location
      }
      let real = candidate;
      try {
        real = realpathSync(candidate);
      } catch {
        // keep the unresolved path
      }
      return version === undefined ? { name, dir: real } : { name, dir: real, version };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function loadNative(entryPath: string, libDir?: string): NativeLoadResult {
  const env = { ...process.env };
  if (libDir) {
    env.SMOLVM_LIB_DIR ??= libDir;
    const key = process.platform === 'darwin' ? 'DYLD_LIBRARY_PATH' : 'LD_LIBRARY_PATH';
    env[key] = env[key] ? `${libDir}${delimiter}${env[key]}` : libDir;
  }
  // Exit as soon as the entry has loaded (an addon may hold handles open), with a code only a completed
  // require reaches, so an entry that calls process.exit itself does not count as loaded.
  const script = 'require(process.argv[1]); process.exit(42)';
  const out = spawnSync(process.execPath, ['-e', script, entryPath], {
    encoding: 'utf8',
    env,
    timeout: 20_000,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (out.error) return { ok: false, message: out.error.message };
  if (out.signal) return { ok: false, message: `the loader process was killed by ${out.signal}` };
  if (out.status === 42) return { ok: true };
  if (out.status === 0) return { ok: false, message: 'the native entry ended the process while loading' };
  const lines = (out.stderr ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^\w*Error\b|^Error:/.test(l)) ?? lines.at(-1) ?? `exit status ${out.status}`;
  return { ok: false, message: line.length > 400 ? `${line.slice(0, 400)}…` : line };
}
