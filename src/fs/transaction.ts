import { basename, dirname, join } from 'node:path';
import { ExitCode } from '../cli/exit-codes.ts';
import { UserError } from '../cli/user-error.ts';
import type { FileChange } from '../plan/plan.ts';
import { errorCode, nodeFileOps, type FileOps } from './file-ops.ts';

/** What a file was before the transaction touched it, to put it back exactly. */
type Original = { exists: false } | { exists: true; bytes: Buffer; mode: number; atimeMs: number; mtimeMs: number };

function readOriginal(ops: FileOps, path: string): Original {
  try {
    const stats = ops.stat(path);
    return { exists: true, bytes: ops.readFile(path), mode: stats.mode & 0o7777, atimeMs: stats.atimeMs, mtimeMs: stats.mtimeMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { exists: false };
    throw error;
  }
}

/** Writes beside the target, then renames over it: readers see the old file or the new one, never half. */
function writeAtomic(ops: FileOps, path: string, data: Buffer | string, mode?: number): void {
  const temp = join(dirname(path), `.${basename(path)}.flue-smolvm-${process.pid}.tmp`);
  try {
    ops.writeFile(temp, data, mode);
    ops.rename(temp, path);
  } catch (error) {
    try {
      ops.unlink(temp);
    } catch {
      // The temp file was never made, or is already gone.
    }
    throw error;
  }
}

function exists(ops: FileOps, path: string): boolean {
  try {
    ops.stat(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/** Creates the missing parents of `dir`, returning the ones it made (outermost first). */
function makeParents(ops: FileOps, dir: string): string[] {
  const missing: string[] = [];
  for (let at = dir; !exists(ops, at); at = dirname(at)) missing.unshift(at);
  for (const path of missing) ops.mkdir(path);
  return missing;
}

function restore(ops: FileOps, path: string, original: Original): void {
  if (!original.exists) {
    ops.unlink(path);
    return;
  }
  writeAtomic(ops, path, original.bytes, original.mode);
  ops.utimes(path, original.atimeMs / 1000, original.mtimeMs / 1000);
}

/**
 * Applies every change or none. Each file is first checked to be exactly as planned (nobody edited it
 * in the meantime), then written atomically; when any write fails, every file already written is put
 * back byte for byte (content, mode and times) and directories we created are removed.
 */
export function applyChanges(root: string, changes: FileChange[], ops: FileOps = nodeFileOps): void {
  const originals = changes.map((change) => {
    const path = join(root, change.path);
    let original: Original;
    try {
      original = readOriginal(ops, path);
    } catch (error) {
      const inTheWay = errorCode(error) === 'ENOTDIR' ? ': a file stands where a folder on its path should be' : '';
      throw new UserError(
        `Cannot write ${change.path} (${errorCode(error) ?? (error as Error).message})${inTheWay}. Nothing was written.`,
        `Move the file in the way (or fix the permissions) so ${change.path} can be written, then run the command again.`,
        ExitCode.applyFailed,
      );
    }
    const unchanged = change.kind === 'create' ? !original.exists : original.exists && original.bytes.toString('utf8') === change.before;
    if (!unchanged) {
      throw new UserError(
        `${change.path} changed on disk while the plan was being made. Nothing was written.`,
        'Run the command again; it will plan from the file as it is now.',
        ExitCode.applyFailed,
      );
    }
    return { path, original };
  });

  // Creating and removing files touches their folders' times; put those back too on a rollback.
  const folders = new Map<string, { atimeMs: number; mtimeMs: number }>();
  for (const { path } of originals) {
    for (let dir = dirname(path); !folders.has(dir); dir = dirname(dir)) {
      try {
        const stats = ops.stat(dir);
        folders.set(dir, { atimeMs: stats.atimeMs, mtimeMs: stats.mtimeMs });
        break;
      } catch {
        if (dirname(dir) === dir) break; // not made yet: its nearest existing parent is what changes
      }
    }
  }

  const written: { path: string; original: Original }[] = [];
  const createdDirs: string[] = [];
  try {
    changes.forEach((change, i) => {
      const { path, original } = originals[i] as (typeof originals)[number];
      createdDirs.push(...makeParents(ops, dirname(path)));
      writeAtomic(ops, path, change.after, original.exists ? original.mode : undefined);
      written.push({ path, original });
    });
  } catch (error) {
    const unrestored: string[] = [];
    for (const { path, original } of written.reverse()) {
      try {
        restore(ops, path, original);
      } catch {
        unrestored.push(path);
      }
    }
    for (const dir of createdDirs.reverse()) {
      try {
        ops.rmdir(dir);
      } catch {
        // Not empty (someone else wrote there) or already gone: leave it.
      }
    }
    for (const [dir, times] of folders) {
      try {
        ops.utimes(dir, times.atimeMs / 1000, times.mtimeMs / 1000);
      } catch {
        // Times are a courtesy; the files' bytes are what must be right.
      }
    }
    const cause = (error as Error).message;
    if (unrestored.length > 0) {
      throw new UserError(
        `Writing failed (${cause}) and these files could not be restored: ${unrestored.join(', ')}.`,
        'Restore them from version control (git checkout -- <file>), then run the command again.',
        ExitCode.applyFailed,
      );
    }
    throw new UserError(
      `Writing failed (${cause}). Every file was restored to what it was before.`,
      'Fix the cause above (disk space, permissions, a read-only folder), then run the command again.',
      ExitCode.applyFailed,
    );
  }
}
