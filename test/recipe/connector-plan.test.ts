import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { renderHeader } from '../../src/recipe/connector-header.ts';
import { planConnector, type ConnectorInput } from '../../src/recipe/connector-plan.ts';
import { hasConflictMarkers } from '../../src/recipe/merge.ts';
import { realTemplates, storeWithNextVersion } from '../support/template-versions.ts';

const PATH = 'src/sandboxes/smolvm.ts';
const store = storeWithNextVersion();
const generated = (version: number) => renderHeader(version, store.read(version)) + store.read(version);
const oldFile = generated(store.current);
const newFile = generated(store.next);

function plan(text: string | undefined, extra: Partial<ConnectorInput> = {}) {
  return planConnector({ path: PATH, text, templates: store, force: false, exists: () => false, ...extra });
}

function written(text: string | undefined, extra: Partial<ConnectorInput> = {}): string {
  const item = plan(text, extra);
  const change = item.changes.find((c) => c.path === PATH);
  if (!change) throw new Error(`no change to ${PATH}: ${item.state} ${item.summary}`);
  return change.after;
}

/** The edits the issue names, applied as a user would make them. */
const edits = {
  addedImport: (t: string) => t.replace(/(^import .*\n)(?!import)/m, "$1import { join } from 'node:path';\n"),
  changedCwd: (t: string) => t.replace("const DEFAULT_CWD = '/workspace';", "const DEFAULT_CWD = '/home/agent';"),
  extraMethod: (t: string) => `${t.trimEnd()}\n\nexport function smolvmPing(): string {\n\treturn 'pong';\n}\n`,
  reformatted: (t: string) => t.replace(/^\t+/gm, (tabs) => '  '.repeat(tabs.length)),
  crlf: (t: string) => t.replaceAll('\n', '\r\n'),
};

/** An edit on the very line the next template changes: a real overlap. */
const overlapping = (t: string) => t.replace(/^(\/\*.*\n)/m, '$1 * my own note about this file\n');

describe('the rerun matrix for the connector', () => {
  it('nothing there: creates the current template', () => {
    expect(written(undefined)).toBe(newFile);
  });

  it('up to date and unedited: nothing to write', () => {
    expect(plan(newFile)).toMatchObject({ state: 'ok', changes: [] });
  });

  it('up to date with the user’s edits: kept, reported as edited', () => {
    expect(plan(edits.changedCwd(newFile))).toMatchObject({ state: 'edited', changes: [] });
  });

  it('older and unedited: replaced by the new version', () => {
    expect(written(oldFile)).toBe(newFile);
  });

  it('older with CRLF line endings only: still unedited, replaced, CRLF kept', () => {
    expect(written(edits.crlf(oldFile))).toBe(edits.crlf(newFile));
  });

  for (const name of ['addedImport', 'changedCwd', 'extraMethod'] as const) {
    it(`older and edited (${name}): a clean three-way merge keeps the edit and brings the upgrade`, () => {
      const edit = edits[name];
      const after = written(edit(oldFile));
      expect(after).toBe(renderHeader(store.next, store.read(store.next)) + edit(store.read(store.next)));
      expect(hasConflictMarkers(after)).toBe(false);
    });
  }

  it('older, edited and CRLF: merged in LF, written back in CRLF', () => {
    const after = written(edits.crlf(edits.changedCwd(oldFile)));
    expect(after).toBe(edits.crlf(renderHeader(store.next, store.read(store.next)) + edits.changedCwd(store.read(store.next))));
  });

  it('older and reformatted (tabs to spaces): the merge still brings the new lines in, in the user’s layout', () => {
    const after = written(edits.reformatted(oldFile));
    expect(after).toBe(renderHeader(store.next, store.read(store.next)) + edits.reformatted(store.read(store.next)));
  });

  it('an overlapping edit: nothing is written until the user chooses', () => {
    const item = plan(overlapping(oldFile));
    expect(item.state).toBe('blocked');
    expect(item.changes).toEqual([]);
    expect(item.blocker?.exitCode).toBe(ExitCode.conflict);
    expect(item.blocker?.fix).toMatch(/--on-conflict markers.*--on-conflict overwrite/);
    expect(hasConflictMarkers(item.conflictPreview ?? '')).toBe(true);
  });

  it('an overlap written as git-style markers on request', () => {
    const mine = overlapping(oldFile);
    const after = written(mine, { onConflict: 'markers' });
    expect(after).toMatch(/^<<<<<<< your edits\n \* my own note about this file\n\|\|\|\|\|\|\| template \d+\n=======\n \* \(next template: adds SMOLVM_TEMPLATE\)\n>>>>>>> template \d+$/m);
    expect(plan(mine, { onConflict: 'markers' }).markedConflicts).toBe(1);
  });

  it('an overlap overwritten on request, the user’s file kept as a backup', () => {
    const mine = overlapping(oldFile);
    const item = plan(mine, { onConflict: 'overwrite', exists: (p) => p === `${PATH}.bak` });
    expect(item.changes).toEqual([
      { kind: 'create', path: `${PATH}.bak.1`, after: mine, why: expect.any(String) },
      { kind: 'update', path: PATH, before: mine, after: newFile, why: expect.any(String) },
    ]);
  });

  it('conflict markers left in the file: blocked until resolved', () => {
    const withMarkers = written(overlapping(oldFile), { onConflict: 'markers' });
    expect(plan(withMarkers)).toMatchObject({ state: 'blocked', blocker: { exitCode: ExitCode.conflict } });
  });

  it('newer than this CLI: refused, asking to upgrade the CLI', () => {
    const future = renderHeader(store.next + 1, 'export {};\n') + 'export {};\n';
    const item = plan(future);
    expect(item.blocker?.exitCode).toBe(ExitCode.cliTooOld);
    expect(item.blocker?.fix).toMatch(/Upgrade flue-smolvm/);
  });

  it('a marker without our second line is not ours, unless it is the guide’s sandbox/smolvm@1', () => {
    const withoutGeneratorLine = newFile.split('\n').filter((_, i) => i !== 1).join('\n');
    expect(plan(withoutGeneratorLine)).toMatchObject({ state: 'blocked', blocker: { exitCode: ExitCode.foreignFile } });
  });

  it('a file without our marker: never overwritten without --force; --force keeps a backup', () => {
    const mine = '// hand-written\nexport const x = 1;\n';
    expect(plan(mine)).toMatchObject({ state: 'blocked', blocker: { exitCode: ExitCode.foreignFile } });
    expect(plan(mine, { force: true }).changes).toEqual([
      { kind: 'create', path: `${PATH}.bak`, after: mine, why: expect.any(String) },
      { kind: 'update', path: PATH, before: mine, after: newFile, why: expect.any(String) },
    ]);
  });

  it('the shipped templates alone: the current version is what gets created', () => {
    const latest = realTemplates.versions().at(-1) as number;
    const item = planConnector({ path: PATH, text: undefined, templates: realTemplates, force: false, exists: () => false });
    expect(item.changes[0]?.kind === 'create' && item.changes[0].after.startsWith(`// flue-blueprint: sandbox/smolvm@${latest}\n`)).toBe(true);
  });
});

describe('headers someone edited', () => {
  it('a byte-order mark added by an editor is not an edit', () => {
    expect(plan(`\uFEFF${newFile}`)).toMatchObject({ state: 'ok' });
  });

  it('a marker turned into the guide’s @1 while our second line stays is not Flue’s guide', () => {
    const item = plan(newFile.replace(/sandbox\/smolvm@\d+/, 'sandbox/smolvm@1'));
    expect(item).toMatchObject({ state: 'blocked', blocker: { exitCode: ExitCode.foreignFile } });
    expect(item.blocker?.message).toMatch(/header lines name different template versions/);
  });

  it('a header naming a template that was never released: refused, --force replaces it with a backup', () => {
    const body = store.read(store.current);
    const unknown = renderHeader(1, body) + body;
    expect(plan(unknown)).toMatchObject({ state: 'blocked', blocker: { message: expect.stringMatching(/no flue-smolvm released/) } });
    expect(plan(unknown, { force: true }).changes.map((c) => c.path)).toEqual([`${PATH}.bak`, PATH]);
  });
});
