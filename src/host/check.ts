// The shape of one check result and small helpers shared by the check modules.

import type { FailureCode } from './exit-codes.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface HostCheck {
  /** Stable identifier: platform, libc, rosetta, macos-version, hypervisor, sdk, node. */
  id: string;
  status: CheckStatus;
  /** One line saying what was checked and what was found. */
  title: string;
  /** Extra facts behind the verdict (device mode, versions, paths). */
  detail?: string;
  /** Why it failed or warns, in terms of this host. */
  cause?: string;
  /** The one thing to do about it. */
  fix?: string;
  /** Failure kind; maps to an exit code in `exit-codes.ts`. Absent on a pass and on hint-only warnings. */
  code?: string;
  /**
   * `host` checks decide whether this machine can run microVMs (`ready`); `toolchain` checks (SDK, Node) are
   * warnings unless the run is strict.
   */
  scope: 'host' | 'toolchain';
}

export function pass(id: string, scope: HostCheck['scope'], title: string, detail?: string): HostCheck {
  return detail === undefined ? { id, status: 'pass', title, scope } : { id, status: 'pass', title, detail, scope };
}

export function problem(
  id: string,
  scope: HostCheck['scope'],
  status: 'warn' | 'fail',
  code: FailureCode | undefined,
  parts: { title: string; detail?: string; cause: string; fix: string },
): HostCheck {
  const check: HostCheck = { id, status, title: parts.title, scope, cause: parts.cause, fix: parts.fix };
  if (parts.detail !== undefined) check.detail = parts.detail;
  if (code !== undefined) check.code = code;
  return check;
}

/** `ls -l` style type and permission string, e.g. `crw-rw----`. */
export function modeString(kind: string, mode: number): string {
  const type = kind === 'char-device' ? 'c' : kind === 'block-device' ? 'b' : kind === 'directory' ? 'd' : kind === 'symlink' ? 'l' : '-';
  const bits = ['r', 'w', 'x'];
  let out = type;
  for (let shift = 6; shift >= 0; shift -= 3) {
    for (let i = 0; i < 3; i++) out += mode & (1 << (shift + 2 - i)) ? bits[i] : '-';
  }
  return out;
}
