// Is smolvm-embedded resolvable from the project, and does its native part for this platform load?
// Reported apart from the hypervisor: a ready host may lack the SDK, and a project may be prepared on a
// machine that will never run it.

import { join, dirname } from 'node:path';
import { pass, problem } from './check.ts';
import type { HostCheck } from './check.ts';
import type { HostProbe, PackageLocation } from './probe.ts';

export const SDK_PACKAGE = 'smolvm-embedded';
const TITLE = 'smolvm-embedded installed and its native part loads';

/** The prebuilt native package smolvm-embedded picks for this process, or undefined when none exists. */
export function nativePackageName(probe: HostProbe): string | undefined {
  const platform = probe.platform();
  const arch = probe.arch();
  if (arch !== 'arm64' && arch !== 'x64') return undefined;
  if (platform === 'darwin') return `${SDK_PACKAGE}-darwin-${arch}`;
  if (platform === 'linux') {
    // The SDK itself does not look at the C library; only glibc builds exist, so musl has none.
    return probe.libc().family === 'musl' ? undefined : `${SDK_PACKAGE}-linux-${arch}-gnu`;
  }
  return undefined;
}

/** Where the SDK finds its native package: a sibling directory first, then normal resolution from the SDK. */
function findNative(probe: HostProbe, sdk: PackageLocation, name: string): PackageLocation | undefined {
  const sibling = join(dirname(sdk.dir), name);
  const manifest = join(sibling, 'package.json');
  if (probe.exists(manifest)) {
    const found: PackageLocation = { name, dir: sibling };
    try {
      const version = (JSON.parse(probe.readText(manifest) ?? '{}') as { version?: unknown }).version;
      if (typeof version === 'string') found.version = version;
    } catch {
      // unreadable manifest: the location still counts
    }
    return found;
  }
  return probe.resolvePackage(name, sdk.dir);
}

function label(p: PackageLocation): string {
  return p.version ? `${p.name} ${p.version}` : p.name;
}

export function checkSdk(probe: HostProbe, projectRoot: string, strict: boolean): HostCheck {
  const severity = strict ? 'fail' : 'warn';
  const sdk = probe.resolvePackage(SDK_PACKAGE, projectRoot);
  if (!sdk) {
    return problem('sdk', 'toolchain', severity, 'sdk-missing', {
      title: TITLE,
      detail: `no node_modules/${SDK_PACKAGE} from ${projectRoot} upward`,
      cause: `${SDK_PACKAGE} is not installed in this project. It is not published on the public npm registry at the time of writing; it comes from a local build or from tarballs.`,
      fix: `Build it from the smolvm repository (sdks/node) or get its tarballs, then install both the SDK and the native part for this platform in the project, e.g. \`npm i ./${SDK_PACKAGE}-<version>.tgz ./${nativePackageName(probe) ?? `${SDK_PACKAGE}-<platform>`}-<version>.tgz\`. Preparing a project here for another host is fine; the SDK is needed where agents run.`,
    });
  }

  const nativeName = nativePackageName(probe);
  if (!nativeName) {
    const libc = probe.platform() === 'linux' ? ` (${probe.libc().family})` : '';
    return problem('sdk', 'toolchain', severity, 'sdk-platform-unsupported', {
      title: TITLE,
      detail: `${label(sdk)} at ${sdk.dir}; host ${probe.platform()} ${probe.arch()}${libc}`,
      cause: `${SDK_PACKAGE} has no native part for ${probe.platform()} ${probe.arch()}${libc}; it ships darwin-arm64, darwin-x64, linux-arm64-gnu and linux-x64-gnu only.`,
      fix: 'Run the project on one of those hosts (macOS, or glibc Linux, on arm64 or x86-64).',
    });
  }

  const native = findNative(probe, sdk, nativeName);
  if (!native) {
    return problem('sdk', 'toolchain', severity, 'sdk-native-missing', {
      title: TITLE,
      detail: `${label(sdk)} at ${sdk.dir}; ${nativeName} not found beside it`,
      cause: `${SDK_PACKAGE} is installed but its native part ${nativeName} is not: the package manager skipped the optional dependency (an install with --omit=optional / --no-optional, or a lockfile written on another OS or CPU).`,
      fix: `Install the native part next to the SDK (\`npm i ${nativeName}\`, or its tarball if you build locally), or reinstall without omitting optional dependencies.`,
    });
  }

  const entry = join(native.dir, 'native', 'index.js');
  if (!probe.exists(entry)) {
    return problem('sdk', 'toolchain', severity, 'sdk-native-load-failed', {
      title: TITLE,
      detail: `${label(sdk)}; ${label(native)} at ${native.dir} has no native/index.js`,
      cause: `The native part ${nativeName} is incomplete: it has no native/index.js, so it was packed without its native build.`,
      fix: `Rebuild ${nativeName} (in the smolvm repository: sdks/node, \`npm run build\`) and reinstall it.`,
    });
  }

  const loaded = probe.loadNative(entry, join(native.dir, 'lib'));
  if (!loaded.ok) {
    return problem('sdk', 'toolchain', severity, 'sdk-native-load-failed', {
      title: TITLE,
      detail: `${label(sdk)}; ${label(native)}: ${loaded.message}`,
      cause: `The native part ${nativeName} is installed but does not load in this Node: ${loaded.message}`,
      fix: `Reinstall a build of ${nativeName} made for this OS, CPU and C library; a build linked against a newer glibc than this system's (\`ldd --version\`) or missing its bundled lib/ directory fails this way.`,
    });
  }
  return pass('sdk', 'toolchain', TITLE, `${label(sdk)} with ${label(native)}; native part loads`);
}
