import { createTwoFilesPatch } from 'diff';
import type { FileChange, Plan } from './plan.ts';

/** A unified diff of one planned change; a created file shows as all additions. */
export function diffOf(change: FileChange): string {
  const before = change.kind === 'update' ? change.before : '';
  const oldName = change.kind === 'update' ? `a/${change.path}` : '/dev/null';
  return createTwoFilesPatch(oldName, `b/${change.path}`, before, change.after, '', '', { context: 3 })
    .split('\n')
    .slice(1) // drop the "====" banner line jsdiff puts first
    .join('\n');
}

/**
 * The plan as the user reads it before saying yes: what each part of the recipe will do, then created
 * files by name (new, and entirely ours) and changed files as a unified diff (they are the user's: every
 * line matters).
 */
export function describePlan(plan: Plan): string {
  const lines = plan.items.filter((item) => item.state !== 'ok').map((item) => `- ${item.summary}`);
  for (const change of plan.changes) {
    if (change.kind === 'create') lines.push(`create  ${change.path}  (${change.why})`);
    else lines.push(`update  ${change.path}  (${change.why})`, diffOf(change).trimEnd());
  }
  if (plan.install) lines.push(`install ${plan.install.name}@${plan.install.spec}`);
  return lines.join('\n');
}
