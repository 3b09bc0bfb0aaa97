import { describe, expect, it } from 'vitest';
import { route } from '../../src/cli/route.ts';

describe('route', () => {
  it('claims our recipe in both spellings, with flags anywhere', () => {
    expect(route(['add', 'smolvm'])).toEqual({ kind: 'add', args: ['smolvm'] });
    expect(route(['add', 'sandbox', 'smolvm', '--yes'])).toEqual({ kind: 'add', args: ['sandbox', 'smolvm', '--yes'] });
    expect(route(['add', '--cwd', 'app', 'smolvm']).kind).toBe('add');
    expect(route(['update', 'sandbox', 'smolvm']).kind).toBe('add');
    expect(route(['smolvm', 'doctor', '--json'])).toEqual({ kind: 'smolvm', args: ['doctor', '--json'] });
  });

  it('hands every other command to @flue/cli', () => {
    for (const argv of [['run', '--help'], ['add'], ['add', 'sandbox', 'daytona'], ['add', 'smolvm-other'], ['init', 'x'], ['docs'], ['--version', 'x']]) {
      expect(route(argv)).toEqual({ kind: 'flue' });
    }
  });

  it('answers version and help itself', () => {
    expect(route(['--version'])).toEqual({ kind: 'version' });
    expect(route(['-v'])).toEqual({ kind: 'version' });
    expect(route([])).toEqual({ kind: 'help' });
    expect(route(['--help'])).toEqual({ kind: 'help' });
  });
});
