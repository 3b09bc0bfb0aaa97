import { describe, expect, it } from 'vitest';
import { setDependency } from '../../src/recipe/package-json.ts';

const manifest = (text: string) => ({ text, data: JSON.parse(text) });

describe('setDependency', () => {
  it('inserts at the sorted place, keeping tabs and the final newline', () => {
    const text = '{\n\t"name": "app",\n\t"dependencies": {\n\t\t"@flue/runtime": "^2.0.3",\n\t\t"zod": "^3.0.0"\n\t}\n}\n';
    expect(setDependency(manifest(text), 'smolvm-embedded', '^0.2.0', 'keep')).toBe(
      '{\n\t"name": "app",\n\t"dependencies": {\n\t\t"@flue/runtime": "^2.0.3",\n\t\t"smolvm-embedded": "^0.2.0",\n\t\t"zod": "^3.0.0"\n\t}\n}\n',
    );
  });

  it('appends to an unsorted map and keeps four-space indentation without a final newline', () => {
    const text = '{\n    "dependencies": {\n        "z": "1",\n        "a": "1"\n    }\n}';
    expect(setDependency(manifest(text), 'smolvm-embedded', '^0.2.0', 'keep')).toBe(
      '{\n    "dependencies": {\n        "z": "1",\n        "a": "1",\n        "smolvm-embedded": "^0.2.0"\n    }\n}',
    );
  });

  it('creates dependencies before devDependencies and keeps CRLF', () => {
    const text = '{\r\n  "name": "app",\r\n  "devDependencies": {\r\n    "vite": "^8.0.0"\r\n  }\r\n}\r\n';
    expect(setDependency(manifest(text), 'smolvm-embedded', '^0.2.0', 'keep')).toBe(
      '{\r\n  "name": "app",\r\n  "dependencies": {\r\n    "smolvm-embedded": "^0.2.0"\r\n  },\r\n  "devDependencies": {\r\n    "vite": "^8.0.0"\r\n  }\r\n}\r\n',
    );
  });

  it('moves a devDependency to dependencies with its own spec', () => {
    const text = '{\n  "devDependencies": {\n    "smolvm-embedded": "file:../sdk",\n    "vite": "^8.0.0"\n  }\n}\n';
    expect(JSON.parse(setDependency(manifest(text), 'smolvm-embedded', '^0.2.0', 'keep'))).toEqual({
      dependencies: { 'smolvm-embedded': 'file:../sdk' },
      devDependencies: { vite: '^8.0.0' },
    });
  });

  it('keeps an existing entry, or replaces it in place when the user chose a source', () => {
    const text = '{\n  "dependencies": {\n    "a": "1",\n    "smolvm-embedded": "^0.2.0",\n    "z": "1"\n  }\n}\n';
    expect(setDependency(manifest(text), 'smolvm-embedded', 'file:../sdk', 'keep')).toBe(text);
    expect(setDependency(manifest(text), 'smolvm-embedded', '^0.2.0', 'replace')).toBe(text);
    expect(setDependency(manifest(text), 'smolvm-embedded', 'file:../sdk', 'replace')).toBe(text.replace('^0.2.0', 'file:../sdk'));
  });

  it('keeps a byte-order mark some editors write', () => {
    const text = '\uFEFF{\n  "name": "app"\n}\n';
    expect(setDependency({ text, data: JSON.parse(text.slice(1)) }, 'smolvm-embedded', '^0.2.0', 'keep')).toBe(
      '\uFEFF{\n  "name": "app",\n  "dependencies": {\n    "smolvm-embedded": "^0.2.0"\n  }\n}\n',
    );
  });
});

describe('setDependency with the SDK elsewhere', () => {
  it('an optional dependency is left as declared', () => {
    const text = '{\n  "optionalDependencies": {\n    "smolvm-embedded": "file:../sdk"\n  }\n}\n';
    expect(setDependency({ text, data: JSON.parse(text) }, 'smolvm-embedded', '^0.2.0', 'keep')).toBe(text);
  });
});
