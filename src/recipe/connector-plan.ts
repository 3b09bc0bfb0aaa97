import { ExitCode } from '../cli/exit-codes.ts';
import { UserError } from '../cli/user-error.ts';
import type { FileChange, PlanItem } from '../plan/plan.ts';
import { carryOver, withCarryOver, type CarryOver } from './carry-over.ts';
import { generatedConnector, renderHeader } from './connector-header.ts';
import { classifyConnector } from './connector-state.ts';
import { mergeThreeWay } from './merge.ts';
import { latestVersion, type TemplateStore } from './templates.ts';

/** How to settle a template upgrade that overlaps the user's edits. */
export type ConflictChoice = 'markers' | 'overwrite';

export interface ConnectorInput {
  /** `<source-root>/sandboxes/smolvm.ts`. */
  path: string;
  text: string | undefined;
  /** Flue 0.x's `<source-root>/connectors/smolvm.ts`, when one is there and ours is not. */
  legacy?: { path: string; text: string };
  templates: TemplateStore;
  /** Overwrite a file we did not write (a backup is kept). */
  force: boolean;
  onConflict?: ConflictChoice;
  /** Whether a project file exists, to pick a free backup name. */
  exists: (path: string) => boolean;
}

const toLf = (text: string) => text.replaceAll('\r\n', '\n');
const likeOriginal = (text: string, original: string) => (original.includes('\r\n') ? text.replaceAll('\n', '\r\n') : text);

function backupPath(path: string, exists: (path: string) => boolean): string {
  if (!exists(`${path}.bak`)) return `${path}.bak`;
  for (let n = 1; ; n++) if (!exists(`${path}.bak.${n}`)) return `${path}.bak.${n}`;
}

function describeCarry(carried: CarryOver, backup: string): string {
  const parts = [`your previous file is kept as ${backup}`];
  if (carried.declarations.length > 0) parts.push(`${carried.declarations.length} declaration(s) of your own carried over`);
  if (carried.dropped.length > 0) parts.push(`not carried (same names as the connector's): ${carried.dropped.join(', ')}`);
  return parts.join('; ');
}

/**
 * The rerun matrix for the connector file: create, keep, upgrade, merge, migrate a Flue-guide adapter,
 * or stop and say why. Pure: everything it needs is in `input`.
 */
export function planConnector(input: ConnectorInput): PlanItem {
  const { path, text, templates } = input;
  const latest = latestVersion(templates);
  const freshBody = templates.read(latest);
  const header = renderHeader(latest, freshBody);
  const fresh = generatedConnector(latest, freshBody);
  const item = (state: PlanItem['state'], summary: string, changes: FileChange[] = []): PlanItem => ({ id: 'connector', state, summary, changes });
  const blocked = (summary: string, blocker: UserError): PlanItem => ({ ...item('blocked', summary), blocker });
  /** --force: the current template over a file we cannot merge into, the old one kept beside it. */
  const replaceKeepingBackup = (original: string, why: string): PlanItem => {
    const backup = backupPath(path, input.exists);
    return item('change', `replace ${path} (--force; backup ${backup})`, [
      { kind: 'create', path: backup, after: original, why: `backup of ${path}` },
      { kind: 'update', path, before: original, after: fresh, why },
    ]);
  };

  const state = classifyConnector(text);
  switch (state.kind) {
    case 'missing': {
      if (!input.legacy) return item('change', `create ${path} (template ${latest})`, [{ kind: 'create', path, after: fresh, why: `smolvm sandbox connector, template ${latest}` }]);
      const { legacy } = input;
      const carried = carryOver(legacy.text, freshBody);
      const backup = backupPath(legacy.path, input.exists);
      const relative = path.split('/').at(-1);
      const shim =
        `// flue-smolvm moved this Flue 0.x connector to ../sandboxes/${relative} (the Flue 2.x layout); your\n` +
        `// previous file is kept beside this one as ${backup.split('/').at(-1)}. Imports of this path keep working:\n` +
        `export * from '../sandboxes/${relative}';\n`;
      return item('change', `migrate Flue 0.x ${legacy.path} to ${path}: ${describeCarry(carried, backup)}`, [
        { kind: 'create', path, after: header + withCarryOver(freshBody, carried, `Flue 0.x ${legacy.path}`), why: `connector migrated from ${legacy.path}` },
        { kind: 'create', path: backup, after: legacy.text, why: `backup of ${legacy.path}` },
        { kind: 'update', path: legacy.path, before: legacy.text, after: likeOriginal(shim, legacy.text), why: `re-exports ${path}` },
      ]);
    }
    case 'foreign': {
      const refusal = new UserError(
        state.why ? `${path}: ${state.why}, so it was left as it is.` : `${path} exists and was not written by flue-smolvm, so it was left as it is.`,
        `Move it aside and rerun, or rerun with --force to replace it (a backup is kept as ${path}.bak).`,
        ExitCode.foreignFile,
      );
      if (!input.force) return blocked(`${path} was not written by flue-smolvm`, refusal);
      return replaceKeepingBackup(text as string, `template ${latest}, replacing a file we did not write`);
    }
    case 'flue-guide': {
      const original = text as string;
      const carried = carryOver(original, freshBody);
      const backup = backupPath(path, input.exists);
      return item('change', `upgrade Flue's smolvm guide adapter (sandbox/smolvm@${state.version}) to template ${latest}: ${describeCarry(carried, backup)}`, [
        { kind: 'create', path: backup, after: original, why: `backup of Flue's guide adapter` },
        { kind: 'update', path, before: original, after: likeOriginal(header + withCarryOver(freshBody, carried, `Flue's smolvm guide, sandbox/smolvm@${state.version}`), original), why: `template ${latest}, migrated from Flue's guide` },
      ]);
    }
    case 'ours': {
      const original = text as string;
      if (state.version > latest) {
        return blocked(
          `${path} comes from template ${state.version}, newer than this flue-smolvm (${latest})`,
          new UserError(
            `${path} was generated from connector template ${state.version}, newer than this flue-smolvm knows (${latest}).`,
            'Upgrade flue-smolvm (for example `pnpm add -D flue-smolvm@latest`), then rerun.',
            ExitCode.cliTooOld,
          ),
        );
      }
      if (!templates.versions().includes(state.version) && state.version < latest) {
        if (input.force) return replaceKeepingBackup(original, `template ${latest}, replacing an unknown template ${state.version}`);
        return blocked(
          `${path} names template ${state.version}, which no flue-smolvm released`,
          new UserError(
            `${path} names connector template ${state.version}, which no flue-smolvm released, so its edits cannot be told apart.`,
            `Rerun with --force to replace it with template ${latest} (your file is kept as ${path}.bak).`,
            ExitCode.foreignFile,
          ),
        );
      }
      if (state.markers) {
        return blocked(
          `${path} still holds conflict markers`,
          new UserError(`${path} still holds conflict markers from an earlier merge.`, 'Resolve them (search the file for <<<<<<<), then rerun.', ExitCode.conflict),
        );
      }
      if (state.version === latest) {
        return state.edited ? item('edited', `${path} has your own edits on top of template ${latest} (kept)`) : item('ok', `${path} is template ${latest}`);
      }
      if (!state.edited) {
        return item('change', `upgrade ${path} from template ${state.version} to ${latest}`, [
          { kind: 'update', path, before: original, after: likeOriginal(fresh, original), why: `template ${state.version} -> ${latest}` },
        ]);
      }
      const merged = mergeThreeWay(toLf(state.body), templates.read(state.version), freshBody, {
        ours: 'your edits',
        base: `template ${state.version}`,
        theirs: `template ${latest}`,
      });
      const update = (body: string, why: string): FileChange => ({ kind: 'update', path, before: original, after: likeOriginal(header + body, original), why });
      if (merged.clean) {
        return item('change', `merge your edits into template ${latest} (from ${state.version}, no overlap)`, [update(merged.text, `template ${state.version} -> ${latest}, your edits kept`)]);
      }
      if (input.onConflict === 'markers') {
        return {
          ...item('change', `merge into template ${latest} with ${merged.conflicts} conflict(s) marked in ${path}`, [update(merged.text, `template ${state.version} -> ${latest}, conflicts marked`)]),
          markedConflicts: merged.conflicts,
        };
      }
      if (input.onConflict === 'overwrite') {
        const backup = backupPath(path, input.exists);
        return item('change', `replace ${path} with template ${latest}; your version is kept as ${backup}`, [
          { kind: 'create', path: backup, after: original, why: `backup of your edited connector` },
          update(freshBody, `template ${latest}, overwriting your edits`),
        ]);
      }
      return {
        ...blocked(
          `template ${state.version} -> ${latest} overlaps your edits in ${merged.conflicts} place(s)`,
          new UserError(
            `Upgrading ${path} from template ${state.version} to ${latest} overlaps your edits in ${merged.conflicts} place(s). Nothing was written.`,
            'Rerun with --on-conflict markers (git-style markers to resolve by hand) or --on-conflict overwrite (template wins, your file is kept as a .bak).',
            ExitCode.conflict,
          ),
        ),
        conflictPreview: header + merged.text,
      };
    }
  }
}
