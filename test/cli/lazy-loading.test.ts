import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/tools.ts';

const HEAVY = ['magicast', 'execa', '@clack/prompts', 'node-diff3', 'diff'];

/** The packages (under node_modules) a CLI command loads, as Node resolved them. */
function loaded(argv: string[]): string[] {
  const script = `const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(${JSON.stringify(argv)}, { line() {}, warn() {}, error() {} });`;
  const result = spawnSync(process.execPath, ['--import', './test/support/record-imports.mjs', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  const line = result.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (!line) throw new Error(`no module list; stderr: ${result.stderr}`);
  const urls = JSON.parse(line.slice('LOADED '.length)) as string[];
  return [...new Set(urls.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []))];
}

describe('commands load only what they use', () => {
  it('`smolvm doctor` and `--version` load none of the heavy modules', () => {
    for (const argv of [['smolvm', 'doctor', '--json'], ['--version']]) {
      const packages = loaded(argv);
      for (const heavy of HEAVY) expect(packages, argv.join(' ')).not.toContain(heavy);
    }
  });

  it('`add smolvm --check` does load the recipe (the probe sees real loads)', () => {
    expect(loaded(['add', 'smolvm', '--check', '--cwd', `${REPO_ROOT}test`])).toContain('magicast');
  });
});
