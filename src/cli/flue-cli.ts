import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { findUp } from '../fs/find-up.ts';

/** Where the project's real @flue/cli lives, found the way Node resolves a bare package name. */
export interface FlueCli {
  version: string;
  /** The JavaScript file its `flue` bin runs. */
  bin: string;
}

export function findFlueCli(cwd: string): FlueCli | undefined {
  const manifestPath = findUp(cwd, 'node_modules/@flue/cli/package.json');
  if (!manifestPath) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string; bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.flue;
  return bin ? { version: manifest.version, bin: join(dirname(manifestPath), bin) } : undefined;
}

/**
 * Runs @flue/cli with our exact arguments and terminal, and resolves with its exit code, so a
 * command we do not own behaves as if our package were not installed.
 */
export function runFlueCli(cli: FlueCli, args: string[]): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli.bin, ...args], { stdio: 'inherit' });
    // The terminal sends Ctrl-C to the whole process group; @flue/cli decides what to do with it.
    const ignore = () => {};
    process.on('SIGINT', ignore);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      // A child killed by a signal exits like a shell reports it: 128 + the signal number.
      done(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
