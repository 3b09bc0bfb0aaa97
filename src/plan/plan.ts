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

/** Everything one run would do, computed before anything is touched. */
export interface Plan {
  root: string;
  changes: FileChange[];
  /** Present when the dependency still has to be installed into node_modules. */
  install?: DependencyInstall;
  /** Facts worth telling the user that change nothing (e.g. "kept your edits to ..."). */
  notes: string[];
}

export function isEmpty(plan: Plan): boolean {
  return plan.changes.length === 0 && plan.install === undefined;
}
