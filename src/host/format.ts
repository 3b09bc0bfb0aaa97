// Two renderings of a HostReport: human lines for a terminal, and a stable JSON object for CI.

import type { HostReport } from './checks.ts';
import { exitCodeFor } from './exit-codes.ts';

/** Version of the JSON shape below; bumped only on an incompatible change. */
export const REPORT_SCHEMA = 'flue-smolvm/doctor@1';

export interface ReportJsonCheck {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  scope: 'host' | 'toolchain';
  title: string;
  detail: string | null;
  cause: string | null;
  fix: string | null;
  code: string | null;
  /** Exit code this check's failure maps to; null on pass and on warnings without a code. */
  exitCode: number | null;
}

export interface ReportJson {
  schema: typeof REPORT_SCHEMA;
  ready: boolean;
  strict: boolean;
  exitCode: number;
  summary: { pass: number; warn: number; fail: number };
  checks: ReportJsonCheck[];
}

/** The documented JSON object (every key always present; absent values are null). */
export function reportToJson(report: HostReport): ReportJson {
  const summary = { pass: 0, warn: 0, fail: 0 };
  for (const c of report.checks) summary[c.status] += 1;
  return {
    schema: REPORT_SCHEMA,
    ready: report.ready,
    strict: report.strict,
    exitCode: report.exitCode,
    summary,
    checks: report.checks.map((c) => ({
      id: c.id,
      status: c.status,
      scope: c.scope,
      title: c.title,
      detail: c.detail ?? null,
      cause: c.cause ?? null,
      fix: c.fix ?? null,
      code: c.code ?? null,
      exitCode: c.code ? exitCodeFor(c.code) : null,
    })),
  };
}

export function formatReportJson(report: HostReport): string {
  return `${JSON.stringify(reportToJson(report), null, 2)}\n`;
}

const LABEL = { pass: 'pass', warn: 'warn', fail: 'FAIL' } as const;

function indent(label: string, text: string): string[] {
  const pad = ' '.repeat(8 + label.length);
  return text.split('\n').map((line, i) => (i === 0 ? `        ${label}${line}` : `${pad}${line}`));
}

/** Human output: a verdict line, then one line per check; cause and fix under every warning and failure. */
export function formatReport(report: HostReport): string {
  const lines: string[] = [];
  lines.push(
    report.ready
      ? 'This host can run smolvm microVMs.'
      : 'This host cannot run smolvm microVMs: fix the FAIL lines below.',
  );
  for (const c of report.checks) {
    lines.push(`  ${LABEL[c.status]}  ${c.id.padEnd(13)} ${c.title}${c.detail ? `: ${c.detail}` : ''}`);
    if (c.status !== 'pass') {
      if (c.cause) lines.push(...indent('cause: ', c.cause));
      if (c.fix) lines.push(...indent('fix:   ', c.fix));
    }
  }
  if (report.exitCode !== 0) {
    const first = report.checks.find((c) => c.status === 'fail');
    lines.push(`exit ${report.exitCode}${first?.code ? ` (${first.code})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
