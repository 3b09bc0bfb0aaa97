import type { ExitCodeValue } from './exit-codes.ts';
import type { Output } from './output.ts';

/**
 * A failure the user can act on: what went wrong, the one thing to do next, and the exit code.
 * Anything else that is thrown is a bug and ends with `ExitCode.unexpected`.
 */
export class UserError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly fix: string;

  constructor(message: string, fix: string, exitCode: ExitCodeValue) {
    super(message);
    this.name = 'UserError';
    this.fix = fix;
    this.exitCode = exitCode;
  }
}

/** Prints a UserError as the CLI does (what went wrong, then `Next:`) and returns its exit code; rethrows bugs. */
export function reportUserError(error: unknown, out: Output): number {
  if (!(error instanceof UserError)) throw error;
  out.error(error.message);
  out.line(`Next: ${error.fix}`);
  return error.exitCode;
}
