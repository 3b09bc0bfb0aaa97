// `flue smolvm doctor [--json] [--strict] [--cwd <dir>]`: check this host and print the report.
// Loads only node: builtins and src/host; nothing heavy.

import { resolve } from 'node:path';
import { checkHost } from '../host/checks.ts';
import { DOCTOR_EXIT } from '../host/exit-codes.ts';
import { formatReport, formatReportJson } from '../host/format.ts';
import type { HostProbe } from '../host/probe.ts';
import { systemProbe } from '../host/system-probe.ts';

export interface DoctorOptions {
  /** Project directory; smolvm-embedded is looked up from here. */
  cwd: string;
  json: boolean;
  strict: boolean;
  probe?: HostProbe;
  stdout?: (s: string) => void;
}

/** Runs the checks, writes the report, and returns the exit code (see src/host/exit-codes.ts). */
export async function runDoctor(options: DoctorOptions): Promise<number> {
  const write = options.stdout ?? ((s: string) => void process.stdout.write(s));
  try {
    const report = await checkHost(options.probe ?? systemProbe(), {
      projectRoot: resolve(options.cwd),
      strict: options.strict,
    });
    write(options.json ? formatReportJson(report) : formatReport(report));
    return report.exitCode;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (options.json) {
      write(`${JSON.stringify({ schema: 'flue-smolvm/doctor@1', error: message, exitCode: DOCTOR_EXIT.unexpected }, null, 2)}\n`);
    } else {
      write(`doctor failed unexpectedly: ${message}\n`);
    }
    return DOCTOR_EXIT.unexpected;
  }
}
