import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { resolveSdkSpec } from '../../src/recipe/sdk-spec.ts';

const root = mkdtempSync(join(tmpdir(), 'flue-smolvm-sdk-'));
mkdirSync(join(root, 'app'));
mkdirSync(join(root, 'smolvm-embedded'));

describe('resolveSdkSpec', () => {
  it('defaults to the registry range', () => {
    expect(resolveSdkSpec(undefined, root, join(root, 'app'))).toBe('^0.2.0');
  });

  it('writes a local folder as file: relative to the project, with or without file: and from any cwd', () => {
    for (const sdk of ['./smolvm-embedded', 'file:./smolvm-embedded', join(root, 'smolvm-embedded')]) {
      expect(resolveSdkSpec(sdk, root, join(root, 'app'))).toBe('file:../smolvm-embedded');
    }
  });

  it('passes URLs, versions and ranges through, with or without the package name', () => {
    expect(resolveSdkSpec('https://example.test/smolvm-embedded-0.2.0.tgz', root, root)).toBe('https://example.test/smolvm-embedded-0.2.0.tgz');
    expect(resolveSdkSpec('smolvm-embedded@0.2.1', root, root)).toBe('0.2.1');
    expect(resolveSdkSpec('^0.2.0 || ^0.3.0', root, root)).toBe('^0.2.0 || ^0.3.0');
  });

  it('refuses what cannot be a source, with the usage exit code', () => {
    for (const sdk of ['', '  ', '--yes', './missing', 'file:./missing', 'not a $pec']) {
      expect(() => resolveSdkSpec(sdk, root, root), sdk).toThrow(expect.objectContaining({ exitCode: ExitCode.usage }));
    }
  });
});
