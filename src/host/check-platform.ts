// Operating system, CPU architecture, C library, macOS version and Rosetta: is this a host smolvm-embedded
// ships for at all?

import { pass, problem } from './check.ts';
import type { HostCheck } from './check.ts';
import type { HostProbe } from './probe.ts';

const SUPPORTED_ARCHES = new Set(['arm64', 'x64']);

export function checkOsArch(probe: HostProbe): HostCheck {
  const platform = probe.platform();
  const arch = probe.arch();
  const title = 'Operating system and CPU';
  const detail = `${platform} ${arch}`;
  if (platform === 'win32') {
    return problem('platform', 'host', 'fail', 'os-windows', {
      title,
      detail,
      cause:
        'smolvm-embedded has no Windows build: its microVMs need KVM (Linux) or Hypervisor.framework (macOS).',
      fix:
        'Work inside WSL 2 on Windows 11 (nested virtualization is on by default there), install Node and the project in the WSL distribution, and run this check again from the WSL shell.',
    });
  }
  if (platform !== 'linux' && platform !== 'darwin') {
    return problem('platform', 'host', 'fail', 'os-unsupported', {
      title,
      detail,
      cause: `smolvm runs microVMs only on Linux (KVM) and macOS (Hypervisor.framework); this host is ${platform}.`,
      fix: 'Run the project on a Linux or macOS machine.',
    });
  }
  if (!SUPPORTED_ARCHES.has(arch)) {
    return problem('platform', 'host', 'fail', 'arch-unsupported', {
      title,
      detail,
      cause: `smolvm-embedded ships native parts for arm64 and x64 only; this Node runs on ${arch}.`,
      fix: 'Run the project on an arm64 or x86-64 machine, with a Node build for that architecture.',
    });
  }
  return pass('platform', 'host', title, `${detail}, a platform smolvm-embedded ships for`);
}

export function checkLibc(probe: HostProbe): HostCheck {
  const libc = probe.libc();
  const title = 'C library (glibc needed)';
  if (libc.family === 'glibc') return pass('libc', 'host', title, `glibc ${libc.version}`);
  if (libc.family === 'musl') {
    return problem('libc', 'host', 'fail', 'libc-musl', {
      title,
      detail: libc.version ? `musl ${libc.version}` : 'musl',
      cause:
        "This Node is linked against musl (Alpine Linux and similar). smolvm-embedded's Linux native parts are glibc builds (linux-x64-gnu, linux-arm64-gnu) and do not load into a musl process.",
      fix:
        'Use a glibc-based system: Debian, Ubuntu, Fedora and the like; in containers a glibc image such as node:22-bookworm-slim instead of node:22-alpine.',
    });
  }
  return problem('libc', 'host', 'warn', undefined, {
    title,
    detail: 'unknown',
    cause: 'Could not tell which C library this Node binary uses (no glibc version in its process report).',
    fix: 'Make sure the system and Node are glibc builds (`ldd --version` names GNU libc); musl is not supported.',
  });
}

/** Darwin kernel major version to macOS marketing version (Darwin 20 = macOS 11, Darwin 25 = macOS 26). */
export function macosVersionFromDarwin(darwinRelease: string): string | undefined {
  const major = Number.parseInt(darwinRelease, 10);
  if (!Number.isFinite(major)) return undefined;
  if (major >= 25) return String(major + 1);
  if (major >= 20) return String(major - 9);
  if (major >= 5) return `10.${major - 4}`;
  return undefined;
}

export function checkMacosVersion(probe: HostProbe): HostCheck {
  const darwin = probe.osRelease();
  const title = 'macOS 11 or later';
  const macos = macosVersionFromDarwin(darwin);
  const detail = `macOS ${macos ?? 'unknown'} (Darwin ${darwin})`;
  const major = Number.parseInt(darwin, 10);
  if (Number.isFinite(major) && major >= 20) return pass('macos-version', 'host', title, detail);
  return problem('macos-version', 'host', 'fail', 'macos-too-old', {
    title,
    detail,
    cause: `smolvm needs macOS 11 (Big Sur) or later for its Hypervisor.framework use; this Mac runs ${
      macos ? `macOS ${macos}` : `an unrecognised Darwin release ${darwin}`
    }.`,
    fix: 'Update macOS to version 11 or later (Apple menu > System Settings > General > Software Update).',
  });
}

export function checkRosetta(probe: HostProbe): HostCheck {
  const title = 'Node runs natively, not under Rosetta';
  // An arm64 process cannot be translated; only an x64 Node on Apple silicon can be.
  if (probe.arch() !== 'x64') return pass('rosetta', 'host', title, `${probe.arch()} Node, native`);
  const answer = probe.sysctl('sysctl.proc_translated');
  if (answer.kind === 'missing') return pass('rosetta', 'host', title, 'x64 Node on an Intel Mac (no Rosetta here)');
  if (answer.kind === 'value' && answer.value === '0') return pass('rosetta', 'host', title, 'x64 Node, not translated');
  if (answer.kind === 'value' && answer.value === '1') {
    return problem('rosetta', 'host', 'fail', 'rosetta-translated', {
      title,
      detail: 'sysctl.proc_translated = 1 (x64 Node on Apple silicon)',
      cause:
        "This Node is an x86-64 build running under Rosetta 2 on an Apple silicon Mac. smolvm-embedded would load its darwin-x64 native part, which is the wrong one for this Mac: microVMs here need the arm64 part in an arm64 process.",
      fix:
        'Install an arm64 build of Node (from nodejs.org, or with your version manager in a terminal that is not running under Rosetta), check that `node -p process.arch` prints arm64, then reinstall the project dependencies so the darwin-arm64 part is installed.',
    });
  }
  return problem('rosetta', 'host', 'warn', undefined, {
    title,
    detail: answer.kind === 'error' ? answer.message : `sysctl.proc_translated = ${answer.value}`,
    cause: 'Could not ask macOS whether this x64 Node is translated by Rosetta.',
    fix: 'Run `sysctl -n sysctl.proc_translated`: it must print 0 (or fail on an Intel Mac). If it prints 1, install an arm64 Node.',
  });
}
