import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { UserError } from '../../src/cli/user-error.ts';
import { nodeFileOps, type FileOps } from '../../src/fs/file-ops.ts';
import { applyChanges } from '../../src/fs/transaction.ts';
import type { FileChange } from '../../src/plan/plan.ts';

let root: string;

/** Every file below root with its bytes, mode and mtime: what "left as it was" means. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const stats = statSync(path);
    out[path.slice(root.length)] = entry.isDirectory() ? 'dir' : `${readFileSync(path, 'hex')} ${stats.mode}`;
  }
  return out;
}

/** mtimes in ms; utimes takes seconds as a double, so a restored one may differ below the microsecond. */
function mtimes(dir: string): number[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs);
}

/** The real file system, except that the `n`-th rename fails like a full disk. */
function failingOnRename(n: number): FileOps {
  let renames = 0;
  return {
    ...nodeFileOps,
    rename(from, to) {
      renames++;
      if (renames === n) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      nodeFileOps.rename(from, to);
    },
  };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'flue-smolvm-tx-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'package.json'), '{\n\t"name": "app"\n}\n', { mode: 0o600 });
  writeFileSync(join(root, 'flue.config.ts'), 'export default {};\n');
});

const changes = (): FileChange[] => [
  { kind: 'create', path: 'src/sandboxes/smolvm.ts', after: '// connector\n', why: 'test' },
  { kind: 'update', path: 'package.json', before: '{\n\t"name": "app"\n}\n', after: '{\n\t"name": "app",\n\t"x": 1\n}\n', why: 'test' },
  { kind: 'update', path: 'flue.config.ts', before: 'export default {};\n', after: "export default { target: 'node' };\n", why: 'test' },
];

describe('applyChanges', () => {
  it('writes every change and keeps the mode of updated files', () => {
    applyChanges(root, changes());
    expect(readFileSync(join(root, 'src/sandboxes/smolvm.ts'), 'utf8')).toBe('// connector\n');
    expect(readFileSync(join(root, 'flue.config.ts'), 'utf8')).toBe("export default { target: 'node' };\n");
    expect(statSync(join(root, 'package.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  for (const failAt of [1, 2, 3]) {
    it(`restores everything byte for byte when write ${failAt} of 3 fails`, () => {
      const before = snapshot(root);
      const timesBefore = mtimes(root);
      let error: unknown;
      try {
        applyChanges(root, changes(), failingOnRename(failAt));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(ExitCode.applyFailed);
      expect((error as UserError).message).toMatch(/ENOSPC.*restored/);
      expect(snapshot(root)).toEqual(before);
      mtimes(root).forEach((time, i) => expect(time).toBeCloseTo(timesBefore[i] as number, 2));
      expect(existsSync(join(root, 'src/sandboxes'))).toBe(false);
    });
  }

  it('writes nothing when a file changed after planning', () => {
    writeFileSync(join(root, 'flue.config.ts'), 'export default { app: "x" };\n');
    const before = snapshot(root);
    expect(() => applyChanges(root, changes())).toThrow(/changed on disk/);
    expect(snapshot(root)).toEqual(before);
  });
});
