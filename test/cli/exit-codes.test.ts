import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { REPO_ROOT } from '../support/tools.ts';

describe('exit codes', () => {
  it('are all distinct and all documented in the README, and the README lists no other', () => {
    const readme = readFileSync(`${REPO_ROOT}README.md`, 'utf8');
    const section = readme.split('### Exit codes')[1]?.split('\n## ')[0] ?? '';
    const documented = [...section.matchAll(/^\| (\d+) \|/gm)].map((match) => Number(match[1]));
    const values = Object.values(ExitCode);
    expect(new Set(values).size).toBe(values.length);
    expect(documented.sort((a, b) => a - b)).toEqual([...values].sort((a, b) => a - b));
  });
});
