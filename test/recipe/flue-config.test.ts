import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { UserError } from '../../src/cli/user-error.ts';
import { NEW_CONFIG_TEXT, planFlueConfig } from '../../src/recipe/flue-config.ts';

const file = (text: string, path = 'flue.config.ts') => ({ path, text });

function updated(text: string): string {
  const edit = planFlueConfig(file(text), undefined);
  if (edit.kind !== 'update') throw new Error(`expected an update, got ${edit.kind}`);
  return edit.text;
}

function refusal(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('planFlueConfig', () => {
  it("leaves flue init's own config alone", () => {
    const text = "import { defineConfig } from '@flue/runtime/config';\n\nexport default defineConfig({\n\ttarget: 'node',\n});\n";
    expect(planFlueConfig(file(text), undefined)).toEqual({ kind: 'unchanged' });
  });

  it('creates flue.config.ts when the project has none', () => {
    expect(planFlueConfig(undefined, undefined)).toEqual({ kind: 'create', path: 'flue.config.ts', text: NEW_CONFIG_TEXT });
  });

  it('adds the target after the last property, keeping tabs, comments and the trailing comma', () => {
    const text = "import { defineConfig } from '@flue/runtime/config';\n\nexport default defineConfig({\n\t// the app\n\tapp: './src/app.ts', // routes\n});\n";
    expect(updated(text)).toBe(
      "import { defineConfig } from '@flue/runtime/config';\n\nexport default defineConfig({\n\t// the app\n\tapp: './src/app.ts', // routes\n\ttarget: 'node',\n});\n",
    );
  });

  it('keeps a style without trailing commas, with double quotes and two spaces', () => {
    const text = 'import { defineConfig } from "@flue/runtime/config";\n\nexport default defineConfig({\n  app: "./src/app.ts"\n});\n';
    expect(updated(text)).toBe('import { defineConfig } from "@flue/runtime/config";\n\nexport default defineConfig({\n  app: "./src/app.ts",\n  target: "node"\n});\n');
  });

  it('keeps CRLF line endings', () => {
    const text = "import { defineConfig } from '@flue/runtime/config';\r\n\r\nexport default defineConfig({\r\n\tapp: './src/app.ts',\r\n});\r\n";
    expect(updated(text)).toBe("import { defineConfig } from '@flue/runtime/config';\r\n\r\nexport default defineConfig({\r\n\tapp: './src/app.ts',\r\n\ttarget: 'node',\r\n});\r\n");
  });

  it('fills empty objects on one line and a plain object export', () => {
    expect(updated("import { defineConfig } from '@flue/runtime/config';\nexport default defineConfig({});\n")).toBe(
      "import { defineConfig } from '@flue/runtime/config';\nexport default defineConfig({ target: 'node' });\n",
    );
    expect(updated("export default { app: './a.ts' };\n")).toBe("export default { app: './a.ts', target: 'node' };\n");
  });

  it('refuses a Cloudflare target in the config, in the Vite plugin, or by the Cloudflare plugin alone', () => {
    const cloudflare = refusal(() => planFlueConfig(file("export default { target: 'cloudflare' };\n"), undefined));
    expect(cloudflare.exitCode).toBe(ExitCode.projectRefused);
    expect(cloudflare.message).toMatch(/targets Cloudflare/);

    const vite = file("import { flue } from '@flue/vite';\nexport default { plugins: [flue({ target: 'cloudflare' })] };\n", 'vite.config.ts');
    expect(refusal(() => planFlueConfig(undefined, vite)).message).toMatch(/flue\(\) plugin in vite\.config\.ts/);

    const plugin = file(
      "import { flue } from '@flue/vite';\nimport { cloudflare } from '@cloudflare/vite-plugin';\nexport default { plugins: [flue(), cloudflare()] };\n",
      'vite.config.ts',
    );
    expect(refusal(() => planFlueConfig(file("export default { app: './a.ts' };\n"), plugin)).exitCode).toBe(ExitCode.projectRefused);
    // An explicit node target wins over the mere presence of Cloudflare's plugin.
    expect(planFlueConfig(file("export default { target: 'node' };\n"), plugin)).toEqual({ kind: 'unchanged' });
  });

  it('reads every export shape Flue accepts: CJS, CTS, a const, `as const`, a template literal', () => {
    const unchanged = { kind: 'unchanged' };
    expect(planFlueConfig(file("module.exports = {\n\ttarget: 'node',\n};\n", 'flue.config.cjs'), undefined)).toEqual(unchanged);
    expect(planFlueConfig(file("const { defineConfig } = require('@flue/runtime/config');\nmodule.exports = defineConfig({ target: 'node' });\n", 'flue.config.cjs'), undefined)).toEqual(unchanged);
    expect(planFlueConfig(file("export = { target: 'node' };\n", 'flue.config.cts'), undefined)).toEqual(unchanged);
    expect(planFlueConfig(file("export default { target: 'node' as const };\n"), undefined)).toEqual(unchanged);
    expect(planFlueConfig(file('export default { target: `node` };\n'), undefined)).toEqual(unchanged);
    expect(planFlueConfig(file("const config = defineConfig({ target: 'node' });\nexport default config;\n"), undefined)).toEqual(unchanged);
    expect(updated("module.exports = {\n\tapp: './a.ts',\n};\n")).toBe("module.exports = {\n\tapp: './a.ts',\n\ttarget: 'node',\n};\n");
    expect(updated("const config = defineConfig({ app: './a.ts' });\nexport default config;\n")).toBe(
      "const config = defineConfig({ app: './a.ts', target: 'node' });\nexport default config;\n",
    );
  });

  it('asks for a manual change when the shape is not safe to patch', () => {
    for (const text of [
      'export default makeConfig();\n',
      'const shared = {};\nexport default { ...shared };\n',
      "const t = 'node';\nexport default { target: t };\n",
    ]) {
      const error = refusal(() => planFlueConfig(file(text), undefined));
      expect(error.exitCode).toBe(ExitCode.configManual);
      expect(error.fix).toMatch(/target: 'node'/);
    }
  });
});
