import type { UserError } from '../cli/user-error.ts';

/** One file the run will write. Paths are relative to the project root, with forward slashes. */
export type FileChange =
  | { kind: 'create'; path: string; after: string; why: string }
  | { kind: 'update'; path: string; before: string; after: string; why: string };

/** A package the run will install after the files are written. */
export interface DependencyInstall {
  name: string;
  /** What the package manager is asked for: a semver range, `file:` path or URL. */
  spec: string;
}

/**
 * Where one part of the recipe stands in this project:
 * - `ok`: already as it should be;
 * - `edited`: the user's own edits on top of the current template (reported, never a failure);
 * - `change`: a rerun would write the `changes`;
 * - `blocked`: needs the user first (`blocker` says what and how).
 */
export interface PlanItem {
  id: 'connector' | 'config' | 'dependency';
  state: 'ok' | 'edited' | 'change' | 'blocked';
  summary: string;
  changes: FileChange[];
  blocker?: UserError;
  /** For a blocked merge: the file as it would be with conflict markers, to show the user. */
  conflictPreview?: string;
  /** How many conflict regions the changes write as markers (the user asked for them). */
  markedConflicts?: number;
}

/** Everything one run would do, computed before anything is touched. */
export interface Plan {
  root: string;
  items: PlanItem[];
  /** Every change of every item, in order. */
  changes: FileChange[];
  /** Present when the dependency still has to be installed into node_modules. */
  install?: DependencyInstall;
}

export function isEmpty(plan: Plan): boolean {
  return plan.changes.length === 0 && plan.install === undefined;
}

export function blockers(plan: Plan): UserError[] {
  return plan.items.flatMap((item) => (item.blocker ? [item.blocker] : []));
}
