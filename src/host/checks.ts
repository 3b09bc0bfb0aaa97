// Run every host check that applies to this platform and decide: can this host run microVMs, and with which
// exit code does `doctor` end?

import type { HostCheck } from './check.ts';
import { checkHvf } from './check-hvf.ts';
import { checkKvm } from './check-kvm.ts';
import { checkNode } from './check-node.ts';
import { checkLibc, checkMacosVersion, checkOsArch, checkRosetta } from './check-platform.ts';
import { checkSdk } from './check-sdk.ts';
import { DOCTOR_EXIT, exitCodeFor } from './exit-codes.ts';
import type { HostProbe } from './probe.ts';

export type { CheckStatus, HostCheck } from './check.ts';

export interface HostReport {
  /** The host can run smolvm microVMs: every `host`-scope check passed or only warned. */
  ready: boolean;
  /** In report order: platform, libc | rosetta + macos-version, hypervisor, sdk, node. */
  checks: HostCheck[];
  /** 0, or the code of the first failing check (see exit-codes.ts). */
  exitCode: number;
  /** Whether SDK and Node problems counted as failures. */
  strict: boolean;
}

export interface CheckHostOptions {
  /** Project whose node_modules should hold smolvm-embedded; without it the SDK check is left out. */
  projectRoot?: string;
  /** Turn the SDK and Node warnings into failures. */
  strict?: boolean;
}

/** A check that throws is a bug; report it as a failure of that check instead of crashing the command. */
function guarded(id: string, scope: HostCheck['scope'], run: () => HostCheck): HostCheck {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      id,
      status: 'fail',
      scope,
      title: `The ${id} check could not run`,
      cause: `The check itself failed: ${message}`,
      fix: 'Report this as a bug in flue-smolvm, with the output of `flue smolvm doctor --json`.',
      code: 'check-crashed',
    };
  }
}

export async function checkHost(probe: HostProbe, options: CheckHostOptions = {}): Promise<HostReport> {
  const strict = options.strict ?? false;
  const checks: HostCheck[] = [guarded('platform', 'host', () => checkOsArch(probe))];
  const platform = probe.platform();
  if (platform === 'linux') {
    checks.push(guarded('libc', 'host', () => checkLibc(probe)));
    checks.push(guarded('hypervisor', 'host', () => checkKvm(probe)));
  } else if (platform === 'darwin') {
    checks.push(guarded('macos-version', 'host', () => checkMacosVersion(probe)));
    checks.push(guarded('rosetta', 'host', () => checkRosetta(probe)));
    checks.push(guarded('hypervisor', 'host', () => checkHvf(probe)));
  }
  const { projectRoot } = options;
  if (projectRoot !== undefined) checks.push(guarded('sdk', 'toolchain', () => checkSdk(probe, projectRoot, strict)));
  checks.push(guarded('node', 'toolchain', () => checkNode(probe, strict)));

  const ready = checks.every((c) => c.scope !== 'host' || c.status !== 'fail');
  const firstFailure = checks.find((c) => c.status === 'fail');
  const exitCode = firstFailure ? exitCodeFor(firstFailure.code ?? '') : DOCTOR_EXIT.ok;
  return { ready, checks, exitCode, strict };
}
