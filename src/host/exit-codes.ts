// Exit codes of `flue smolvm doctor`, one per failure kind. Stable: CI scripts may branch on them.
//
// 0-5 are shared with the rest of the CLI (`add` exits 4 for any host that cannot run microVMs).
// 20-39: the host cannot run microVMs (the report's `ready` is false).
// 40-49: the host is ready, but `--strict` turned an SDK or Node warning into a failure.
// When several checks fail, the exit code is the one of the first failing check in report order.

export const DOCTOR_EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,

  // Operating system and CPU architecture
  'os-windows': 20,
  'os-unsupported': 21,
  'arch-unsupported': 22,
  'libc-musl': 23,

  // macOS
  'macos-too-old': 24,
  'rosetta-translated': 25,
  'hvf-unsupported': 26,
  'hvf-unknown': 27,

  // Linux /dev/kvm: absent, one code per diagnosed reason
  'kvm-missing-module': 30,
  'kvm-missing-firmware': 31,
  'kvm-missing-nested': 32,
  'kvm-missing-container': 33,
  'kvm-missing-wsl': 34,
  'kvm-missing-node': 35,
  // Linux /dev/kvm: present but unusable
  'kvm-not-char-device': 36,
  'kvm-permission': 37,
  'kvm-blocked': 38,
  'kvm-open-failed': 39,

  // Only under --strict
  'sdk-missing': 40,
  'sdk-native-missing': 41,
  'sdk-native-load-failed': 42,
  'sdk-platform-unsupported': 43,
  'node-too-old': 44,
} as const;

export type DoctorExitName = keyof typeof DOCTOR_EXIT;

/** Failure codes a check can carry (everything except the generic 0/1/2). */
export type FailureCode = Exclude<DoctorExitName, 'ok' | 'unexpected' | 'usage'>;

/** The code `add` uses when its preflight finds a host that cannot run microVMs. */
export const HOST_UNREADY_EXIT = 4;

/** Exit code for a check's failure code, or `unexpected` for a code this table does not know. */
export function exitCodeFor(code: string): number {
  return Object.hasOwn(DOCTOR_EXIT, code) ? DOCTOR_EXIT[code as DoctorExitName] : DOCTOR_EXIT.unexpected;
}
