import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { runProgram } from '../../src/cli/program.ts';

async function run(argv: string[]) {
  const lines: string[] = [];
  const code = await runProgram(argv, { line: (t) => lines.push(t), warn: (t) => lines.push(t), error: (t) => lines.push(t) });
  return { code, text: lines.join('\n') };
}

const empty = mkdtempSync(`${tmpdir()}/flue-smolvm-program-`);

describe('command-line errors end with the usage exit code at every level', () => {
  for (const argv of [
    ['smolvm', 'doctor', '--bogus'],
    ['smolvm', 'check', '--yes'],
    ['add', 'smolvm', '--bogus'],
    ['add', 'smolvm', '--on-conflict', 'theirs'],
  ]) {
    it(argv.join(' '), async () => {
      expect((await run(argv)).code).toBe(ExitCode.usage);
    });
  }

  it('a recipe name that is not ours, or one word too many', async () => {
    for (const argv of [['add', 'smolvm', 'smolvm'], ['add', 'sandbox', 'daytona'], ['add', 'smolvm', 'extra', '--cwd', empty]]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(ExitCode.usage);
    }
  });

  it('--json without --check says so', async () => {
    const result = await run(['add', 'smolvm', '--json', '--cwd', empty]);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.text).toMatch(/--json only goes with --check/);
  });

  it('--help of a command is not an error', async () => {
    const result = await run(['add', '--help']);
    expect(result.code).toBe(ExitCode.ok);
    expect(result.text).toMatch(/--on-conflict <choice>/);
  });
});

describe('--check --json', () => {
  it('answers in JSON even when the folder is not a Flue project', async () => {
    const result = await run(['smolvm', 'check', '--json', '--cwd', empty]);
    expect(result.code).toBe(ExitCode.projectRefused);
    expect(JSON.parse(result.text)).toMatchObject({ schema: 'flue-smolvm/check@1', ok: false, exitCode: ExitCode.projectRefused, error: expect.stringMatching(/No package\.json/) });
  });
});

describe('--cwd', () => {
  it('must be a folder, for doctor as for add', async () => {
    for (const argv of [['smolvm', 'doctor', '--cwd', '/nonexistent-flue-smolvm'], ['smolvm', 'doctor', '--cwd', '/etc/passwd'], ['add', 'smolvm', '--cwd', '/nonexistent-flue-smolvm']]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(ExitCode.usage);
      expect(result.text).toMatch(/--cwd .*(no such folder|not a folder)/);
    }
  });
});
