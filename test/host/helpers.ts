import { expect } from 'vitest';
import { checkHost } from '../../src/host/checks.ts';
import type { CheckHostOptions } from '../../src/host/checks.ts';
import { DOCTOR_EXIT } from '../../src/host/exit-codes.ts';
import type { FailureCode } from '../../src/host/exit-codes.ts';
import { REPORT_SCHEMA, reportToJson } from '../../src/host/format.ts';
import type { ReportJson, ReportJsonCheck } from '../../src/host/format.ts';
import { fakeProbe } from './fake-probe.ts';
import type { FakeHost } from './fake-probe.ts';

const TOP_KEYS = ['checks', 'exitCode', 'ready', 'schema', 'strict', 'summary'];
const CHECK_KEYS = ['cause', 'code', 'detail', 'exitCode', 'fix', 'id', 'scope', 'status', 'title'];

/** The documented JSON shape, checked on every report a test produces. */
export function expectJsonShape(json: ReportJson): void {
  expect(Object.keys(json).sort()).toEqual(TOP_KEYS);
  expect(json.schema).toBe(REPORT_SCHEMA);
  expect(typeof json.ready).toBe('boolean');
  expect(Number.isInteger(json.exitCode)).toBe(true);
  const counted = { pass: 0, warn: 0, fail: 0 };
  for (const c of json.checks) {
    expect(Object.keys(c).sort()).toEqual(CHECK_KEYS);
    expect(['pass', 'warn', 'fail']).toContain(c.status);
    expect(['host', 'toolchain']).toContain(c.scope);
    expect(c.title.length).toBeGreaterThan(0);
    counted[c.status] += 1;
    if (c.status === 'pass') {
      expect([c.cause, c.fix, c.code, c.exitCode]).toEqual([null, null, null, null]);
    } else {
      expect(c.cause).toEqual(expect.any(String));
      expect(c.fix).toEqual(expect.any(String));
    }
  }
  expect(json.summary).toEqual(counted);
  // JSON-serialisable as documented (no undefined, no functions).
  expect(JSON.parse(JSON.stringify(json))).toEqual(json);
}

export async function run(host: FakeHost, options: CheckHostOptions = {}) {
  const probe = fakeProbe(host);
  const report = await checkHost(probe, options);
  const json = reportToJson(report);
  expectJsonShape(json);
  const check = (id: string): ReportJsonCheck => {
    const found = json.checks.find((c) => c.id === id);
    if (!found) throw new Error(`no ${id} check in ${json.checks.map((c) => c.id).join(', ')}`);
    return found;
  };
  return { probe, report, json, check };
}

/** A failing check with its code, exit code, cause and fix; and the report's exit code. */
export function expectFailure(
  result: Awaited<ReturnType<typeof run>>,
  id: string,
  code: FailureCode,
  expected: { cause: RegExp; fix: RegExp; ready?: boolean; status?: 'fail' | 'warn'; reportExit?: number },
): ReportJsonCheck {
  const c = result.check(id);
  expect(c.status).toBe(expected.status ?? 'fail');
  expect(c.code).toBe(code);
  expect(c.exitCode).toBe(DOCTOR_EXIT[code]);
  expect(c.cause).toMatch(expected.cause);
  expect(c.fix).toMatch(expected.fix);
  expect(result.json.exitCode).toBe(expected.reportExit ?? DOCTOR_EXIT[code]);
  expect(result.json.ready).toBe(expected.ready ?? false);
  return c;
}
