/**
 * Every exit code `flue add smolvm` can end with. The README documents the same table;
 * a test keeps the two in step.
 */
export const ExitCode = {
  /** Done, or already up to date. */
  ok: 0,
  /** A bug or an error nobody planned for; the message says what happened. */
  unexpected: 1,
  /** The command line itself is wrong (unknown flag, missing argument). */
  usage: 2,
  /** The directory is not a Flue 2.x project we can add smolvm to (no package.json, no or old @flue/runtime, Cloudflare target). */
  projectRefused: 3,
  /** The host cannot run microVMs (no usable KVM or Hypervisor.framework). */
  hostUnsupported: 4,
  /** Changes are needed but nobody confirmed them: no TTY or CI=true without --yes. */
  confirmationNeeded: 5,
  /** The user answered no at the prompt. */
  declined: 6,
  /** Writing the changes failed; every file was restored. */
  applyFailed: 7,
  /** The files were changed, but installing smolvm-embedded failed. */
  installFailed: 8,
  /** A file at the connector's path was not written by flue-smolvm; it is left alone (see --force). */
  foreignFile: 9,
  /** The Flue config has a shape we cannot patch safely; the manual change is printed. */
  configManual: 10,
  /** The template upgrade overlaps the user's edits (or conflict markers are still in the file); nothing was written. */
  conflict: 11,
  /** The connector comes from a newer flue-smolvm than this one. */
  cliTooOld: 12,
  /** `--check`: a rerun would change something (or needs the user first). */
  checkFailed: 13,
  /** Handing a command to @flue/cli failed because it is not installed in the project. */
  flueCliMissing: 127,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
