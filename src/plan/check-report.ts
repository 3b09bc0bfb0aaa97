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
    /** Unified diffs of what a rerun would write. */
    changes: { path: string; kind: 'create' | 'update'; diff: string }[];
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
      summary: item.summary,
      fix: item.blocker?.fix ?? null,
      changes: item.changes.map((change) => ({ path: change.path, kind: change.kind, diff: diffOf(change) })),
    })),
  };
}

const LABEL: Record<PlanItem['state'], string> = { ok: 'ok     ', edited: 'edited ', change: 'CHANGE ', blocked: 'BLOCKED' };

/** One line per item, the diff under every change, the fix under every blocker. */
export function formatCheckReport(report: CheckReport): string {
  const lines = [report.ok ? 'smolvm is up to date in this project.' : 'A rerun of `flue add smolvm` would change this project:'];
  for (const item of report.items) {
    lines.push(`  ${LABEL[item.state]} ${item.id.padEnd(10)} ${item.summary}`);
    if (item.fix) lines.push(`          fix: ${item.fix}`);
    for (const change of item.changes) lines.push(change.diff.trimEnd().replace(/^/gm, '          '));
  }
  if (!report.ok) lines.push('Run `flue add smolvm` (or `flue-smolvm add smolvm`) to apply it.');
  return lines.join('\n');
}
