import * as fs from 'node:fs';

/**
 * The file system calls a transaction makes, as one object so a test can make any of them fail
 * at a chosen moment. `nodeFileOps` is the real thing.
 */
export interface FileOps {
  readFile(path: string): Buffer;
  stat(path: string): fs.Stats;
  writeFile(path: string, data: Buffer | string, mode?: number): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  mkdir(path: string): void;
  rmdir(path: string): void;
  /** Times in seconds since the epoch, fractions allowed (a Date would drop the microseconds). */
  utimes(path: string, atime: number, mtime: number): void;
}

export const nodeFileOps: FileOps = {
  readFile: (path) => fs.readFileSync(path),
  stat: (path) => fs.statSync(path),
  writeFile: (path, data, mode) => {
    // Flush before the rename makes it visible: a crash must not leave an empty file in place.
    const fd = fs.openSync(path, 'wx', mode ?? 0o644);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (path) => fs.unlinkSync(path),
  mkdir: (path) => fs.mkdirSync(path),
  rmdir: (path) => fs.rmdirSync(path),
  utimes: (path, atime, mtime) => fs.utimesSync(path, atime, mtime),
};

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
