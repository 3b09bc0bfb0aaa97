import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseForEdit } from '../../src/recipe/ast.ts';
import { renderHeader } from '../../src/recipe/connector-header.ts';
import { planConnector } from '../../src/recipe/connector-plan.ts';
import { classifyConnector, isFlue0Connector } from '../../src/recipe/connector-state.ts';
import { realTemplates } from '../support/template-versions.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/flue-guide/${name}`, import.meta.url), 'utf8');
const guideV1 = fixture('sandboxes-smolvm-v1.ts.txt');
const guide0x = fixture('connectors-smolvm-0x.ts.txt');
const latest = realTemplates.versions().at(-1) as number;
const fresh = realTemplates.read(latest);

/** What a user typically added to the guide's file: a constant and a helper built on the guide's export. */
const USER_ADDITIONS = `
// Which machine our coding agent uses.
export const AGENT_MACHINE = 'coder-box';

export function smolvmFor(machine: Machine): SandboxFactory {
\treturn smolvm(machine);
}
`;

/** The defects of Flue's guide adapters (see test/fixtures/flue-guide/README.md). */
const DEFECTS = [/ls -A1/, /stat -c '%F\|%s\|%Y'/, /\|\| 0/, /size = '0'/, /!\^-\?/];

function migrated(text: string) {
  const item = planConnector({ path: 'src/sandboxes/smolvm.ts', text, templates: realTemplates, force: false, exists: () => false });
  const change = item.changes.find((c) => c.path === 'src/sandboxes/smolvm.ts');
  return { item, after: change?.after ?? '' };
}

describe("migrating Flue's smolvm guide adapters", () => {
  it('the fixtures are what the recognisers look for, defects included', () => {
    expect(classifyConnector(guideV1)).toEqual({ kind: 'flue-guide', version: 1 });
    expect(isFlue0Connector(guide0x)).toBe(true);
    for (const defect of [/ls -A1/, /\|\| 0/]) expect(guideV1).toMatch(defect);
    expect(() => parseForEdit(guideV1)).toThrow(); // its regular expression does not parse
  });

  it('sandbox/smolvm@1 with the user’s additions: upgraded to ours, additions carried, defects gone, backup kept', () => {
    const { item, after } = migrated(guideV1 + USER_ADDITIONS);
    expect(item.state).toBe('change');
    expect(item.changes[0]).toEqual({ kind: 'create', path: 'src/sandboxes/smolvm.ts.bak', after: guideV1 + USER_ADDITIONS, why: expect.any(String) });
    // Ours, whole, plus the carried import line and the carried section at the end.
    const [ours] = after.replace("import type { Machine } from 'smolvm-embedded';\n", '').split('\n// Carried over from your previous connector');
    expect(ours).toBe(renderHeader(latest, fresh) + fresh);
    expect(after).toContain("export const AGENT_MACHINE = 'coder-box';");
    expect(after).toContain('// Which machine our coding agent uses.');
    expect(after).toContain('export function smolvmFor(machine: Machine): SandboxFactory {');
    // The helper's names come along, and only those our connector lacks.
    expect(after).toContain("import type { Machine } from 'smolvm-embedded';");
    for (const defect of DEFECTS) expect(after).not.toMatch(defect);
    expect(() => parseForEdit(after)).not.toThrow();
  });

  it('an unedited guide file becomes exactly the current template', () => {
    const { after } = migrated(guideV1);
    expect(after).toBe(renderHeader(latest, fresh) + fresh);
  });

  it('a rerun after migration is a no-op that reports the carried code as the user’s edits', () => {
    const { after } = migrated(guideV1 + USER_ADDITIONS);
    expect(planConnector({ path: 'src/sandboxes/smolvm.ts', text: after, templates: realTemplates, force: false, exists: () => true })).toMatchObject({ state: 'edited', changes: [] });
  });

  it('Flue 0.x connectors/smolvm.ts: ours at sandboxes/, the old path re-exports it, backup kept', () => {
    const legacy = guide0x + USER_ADDITIONS;
    const item = planConnector({
      path: 'src/sandboxes/smolvm.ts',
      text: undefined,
      legacy: { path: 'src/connectors/smolvm.ts', text: legacy },
      templates: realTemplates,
      force: false,
      exists: () => false,
    });
    const [created, backup, shim] = item.changes;
    expect(created?.path).toBe('src/sandboxes/smolvm.ts');
    expect(created?.after).toContain("export const AGENT_MACHINE = 'coder-box';");
    for (const defect of DEFECTS) expect(created?.after).not.toMatch(defect);
    expect(backup).toEqual({ kind: 'create', path: 'src/connectors/smolvm.ts.bak', after: legacy, why: expect.any(String) });
    expect(shim?.kind === 'update' && shim.after).toMatch(/^export \* from '\.\.\/sandboxes\/smolvm\.ts';$/m);
  });
});
