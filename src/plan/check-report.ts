import type { Plan, PlanItem } from './plan.ts';
import { diffOf } from './show.ts';

/** `--check --json`: a stable shape for CI. Bump the schema when a field changes meaning. */
export interface CheckReport {
  schema: 'flue-smolvm/check@1';
  /** True when a rerun would write nothing: every item is `ok` or `edited`. */
  ok: boolean;
  exitCode: number;
  project: string;
  items: {
    id: PlanItem['id'];
    state: PlanItem['state'];
    summary: string;
    /** For `blocked`: what to do. */
    fix: string | null;
    /** What a rerun would write: a unified diff for a changed file; for a new file its line count. */
    changes: { path: string; kind: 'create' | 'update'; diff: string | null; lines: number }[];
  }[];
}

export function itemPasses(item: PlanItem): boolean {
  return item.state === 'ok' || item.state === 'edited';
}

export function checkReport(plan: Plan, failCode: number): CheckReport {
  const ok = plan.items.every(itemPasses);
  return {
    schema: 'flue-smolvm/check@1',
    ok,
    exitCode: ok ? 0 : failCode,
    project: plan.root,
    items: plan.items.map((item) => ({
      id: item.id,
      state: item.state,
      summary: item.summary.replace(/ Nothing was written\.$/, ''),
      fix: item.blocker?.fix ?? null,
      changes: item.changes.map((change) => ({
        path: change.path,
        kind: change.kind,
        // A new file is all ours: its name says enough, as in the plan `add` shows.
        diff: change.kind === 'update' ? diffOf(change) : null,
        lines: change.after.split('\n').length - (change.after.endsWith('\n') ? 1 : 0),
      })),
    })),
  };
}

const LABEL: Record<PlanItem['state'], string> = { ok: 'ok     ', edited: 'edited ', change: 'CHANGE ', blocked: 'BLOCKED' };

/** One line per item, the diff under every change, the fix under every blocker. */
export function formatCheckReport(report: CheckReport): string {
  const lines = [report.ok ? 'smolvm is up to date in this project.' : 'A rerun of `flue add smolvm` would change this project:'];
  const indent = (text: string) => text.replace(/\n/g, '\n          ');
  for (const item of report.items) {
    lines.push(`  ${LABEL[item.state]} ${item.id.padEnd(10)} ${indent(item.summary)}`);
    if (item.fix) lines.push(`          fix: ${indent(item.fix)}`);
    for (const change of item.changes) {
      lines.push(change.diff === null ? `          create ${change.path} (${change.lines} lines)` : `          ${indent(change.diff.trimEnd())}`);
    }
  }
  if (report.items.some((item) => item.state === 'blocked')) lines.push('Follow the fix of each BLOCKED item first; `add smolvm` refuses until then.');
  else if (!report.ok) lines.push('Run `add smolvm` (`flue-smolvm add smolvm`) to apply it.');
  return lines.join('\n');
}
