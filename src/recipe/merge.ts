import { diff3Merge } from 'node-diff3';

export type MergeOutcome =
  | { clean: true; text: string }
  /** `text` holds git-style conflict markers (with the base section, as `merge.conflictStyle=diff3`). */
  | { clean: false; text: string; conflicts: number };

export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

/**
 * Line-based three-way merge (node-diff3, the classic diff3 algorithm): `ours` is the user's file,
 * `base` what we generated for it, `theirs` what we generate now. Works on LF text; the caller keeps
 * the user's line endings.
 */
export function mergeThreeWay(ours: string, base: string, theirs: string, labels: MergeLabels): MergeOutcome {
  const regions = diff3Merge(ours.split('\n'), base.split('\n'), theirs.split('\n'), { excludeFalseConflicts: true });
  const lines: string[] = [];
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) {
      lines.push(...region.ok);
      continue;
    }
    const { a, o, b } = region.conflict as { a: string[]; o: string[]; b: string[] };
    conflicts++;
    lines.push(`<<<<<<< ${labels.ours}`, ...a, `||||||| ${labels.base}`, ...o, '=======', ...b, `>>>>>>> ${labels.theirs}`);
  }
  const text = lines.join('\n');
  return conflicts === 0 ? { clean: true, text } : { clean: false, text, conflicts };
}

const MARKER = /^(?:<{7}|={7}|>{7}|\|{7})(?: |$)/m;

/** Whether a file still holds conflict markers from a merge. */
export function hasConflictMarkers(text: string): boolean {
  return MARKER.test(text.replaceAll('\r\n', '\n'));
}
