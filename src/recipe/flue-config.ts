import { ExitCode } from '../cli/exit-codes.ts';
import { UserError } from '../cli/user-error.ts';
import type { ProjectFile } from '../project/detect.ts';
import { parseForEdit, stringProperty, unwrap, walk, type AstNode } from './ast.ts';

/** What the Flue config needs: the target must be `'node'` (smolvm needs a local hypervisor). */
export type ConfigEdit =
  | { kind: 'unchanged' }
  | { kind: 'create'; path: string; text: string }
  | { kind: 'update'; path: string; text: string };

export const NEW_CONFIG_PATH = 'flue.config.ts';

/** Written only when the project has no Flue config; in Flue's own style (tabs, single quotes). */
export const NEW_CONFIG_TEXT = `import { defineConfig } from '@flue/runtime/config';

export default defineConfig({
\ttarget: 'node',
});
`;

const MANUAL_CHANGE = `Set the target in your Flue config by hand:

  export default defineConfig({
    target: 'node',
    // ...your other settings
  });`;

function cloudflareRefusal(where: string): UserError {
  return new UserError(
    `${where} targets Cloudflare. smolvm runs microVMs on a local hypervisor, which Workers cannot reach.`,
    "Use smolvm in a project with target 'node' (or pick a Cloudflare sandbox such as @cloudflare/sandbox for this one).",
    ExitCode.projectRefused,
  );
}

function manual(path: string, why: string): UserError {
  return new UserError(`Cannot patch ${path} safely: ${why}. Nothing was written.`, MANUAL_CHANGE, ExitCode.configManual);
}

/**
 * The object a config module exports, through the shapes Flue accepts: `export default` (ESM and TS),
 * `module.exports =` (CJS), `export =` (CTS); each either the object itself, `defineConfig({...})`, or a
 * top-level `const` holding one of those.
 */
function exportedObject(program: AstNode): AstNode | undefined {
  const body = program.body as AstNode[];
  const resolve = (node: AstNode | undefined, depth = 0): AstNode | undefined => {
    if (!node || depth > 3) return undefined;
    const value = unwrap(node);
    if (value.type === 'ObjectExpression') return value;
    if (value.type === 'CallExpression') return resolve((value.arguments as AstNode[])[0], depth + 1);
    if (value.type !== 'Identifier') return undefined;
    for (const statement of body) {
      const declaration = statement.type === 'ExportNamedDeclaration' ? (statement.declaration as AstNode | null) : statement;
      if (declaration?.type !== 'VariableDeclaration') continue;
      const declarator = (declaration.declarations as AstNode[]).find((d) => (d.id as AstNode).type === 'Identifier' && (d.id as AstNode).name === value.name);
      if (declarator) return resolve(declarator.init as AstNode | undefined, depth + 1);
    }
    return undefined;
  };
  for (const statement of body) {
    if (statement.type === 'ExportDefaultDeclaration') return resolve(statement.declaration as AstNode);
    if (statement.type === 'TSExportAssignment') return resolve(statement.expression as AstNode);
    const expression = statement.type === 'ExpressionStatement' ? (statement.expression as AstNode) : undefined;
    if (expression?.type !== 'AssignmentExpression') continue;
    const target = expression.left as AstNode;
    const isModuleExports =
      target.type === 'MemberExpression' && (target.object as AstNode).type === 'Identifier' && (target.object as AstNode).name === 'module' && (target.property as AstNode).name === 'exports';
    if (isModuleExports) return resolve(expression.right as AstNode);
  }
  return undefined;
}

function configObject(file: ProjectFile): AstNode {
  let program: AstNode;
  try {
    program = parseForEdit(file.text).$ast as unknown as AstNode;
  } catch (error) {
    throw manual(file.path, `it does not parse (${(error as Error).message})`);
  }
  const object = exportedObject(program);
  if (!object) throw manual(file.path, 'its export is not an object literal, defineConfig({...}), or a const holding one');
  return object;
}

/** Where the Vite plugin `flue({...})` sets a target, and whether Cloudflare's plugin is loaded. */
function viteTarget(vite: ProjectFile): { target?: string; cloudflarePlugin: boolean } {
  let mod;
  try {
    mod = parseForEdit(vite.text);
  } catch {
    return { cloudflarePlugin: false }; // Vite will report its own syntax errors; they are not ours to judge.
  }
  const imports = mod.imports.$items as { from: string; local: string }[];
  const fluePlugin = imports.find((item) => item.from === '@flue/vite')?.local;
  const cloudflarePlugin = imports.some((item) => item.from === '@cloudflare/vite-plugin');
  for (const node of walk(mod.$ast as unknown as AstNode)) {
    const callee = node.callee as AstNode | undefined;
    if (node.type !== 'CallExpression' || callee?.type !== 'Identifier' || callee.name !== fluePlugin) continue;
    const options = (node.arguments as AstNode[])[0];
    if (options?.type !== 'ObjectExpression') continue;
    const target = stringProperty(options, 'target');
    if (target.found && target.value !== undefined) return { target: target.value, cloudflarePlugin };
  }
  return { cloudflarePlugin };
}

/** The end of the line holding `offset`, so an insertion lands after any trailing comment. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline;
}

function indentOfLine(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** Adds `target: 'node'` as the last property, in the file's own quotes, indentation and comma style. */
function insertTarget(text: string, object: AstNode): string {
  const quote = /^\s*import[^'"]*"/m.test(text) ? '"' : "'";
  const entry = `target: ${quote}node${quote}`;
  const properties = object.properties as AstNode[];
  const open = object.start as number;
  const close = (object.end as number) - 1;
  const multiline = text.slice(open, close).includes('\n');
  const last = properties.at(-1);
  if (!last) {
    if (!multiline) return `${text.slice(0, open)}{ ${entry} }${text.slice(close + 1)}`;
    // No property to copy the indentation from: spaces if the file indents with spaces, else Flue's tab.
    const unit = indentOfLine(text, close) + (/\n {2,}\S/.test(text) && !text.includes('\n\t') ? '  ' : '\t');
    return `${text.slice(0, open + 1)}\n${unit}${entry},${text.slice(open + 1)}`;
  }
  const lastEnd = last.end as number;
  const between = text.slice(lastEnd, close);
  const comma = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*,/.exec(between);
  if (!multiline) {
    const at = comma ? lastEnd + comma[0].length : lastEnd;
    return `${text.slice(0, at)}${comma ? ' ' : ', '}${entry}${text.slice(at)}`;
  }
  const indent = indentOfLine(text, last.start as number);
  if (comma) {
    const at = lineEnd(text, lastEnd + comma[0].length - 1);
    return `${text.slice(0, at)}\n${indent}${entry},${text.slice(at)}`;
  }
  const at = lineEnd(text, lastEnd);
  return `${text.slice(0, lastEnd)},${text.slice(lastEnd, at)}\n${indent}${entry}${text.slice(at)}`;
}

/**
 * Plans the config change: refuse Cloudflare, leave `target: 'node'` alone, add it where missing,
 * create `flue.config.ts` where there is no config. Never adds any other key: Flue rejects unknown keys.
 */
export function planFlueConfig(config: ProjectFile | undefined, vite: ProjectFile | undefined): ConfigEdit {
  const fromVite = vite ? viteTarget(vite) : { cloudflarePlugin: false };
  if (fromVite.target === 'cloudflare') throw cloudflareRefusal(`The flue() plugin in ${vite?.path}`);

  if (!config) {
    if (fromVite.cloudflarePlugin && fromVite.target === undefined) {
      throw cloudflareRefusal(`${vite?.path} (it loads @cloudflare/vite-plugin and sets no target)`);
    }
    return { kind: 'create', path: NEW_CONFIG_PATH, text: NEW_CONFIG_TEXT };
  }

  // recast reads CRLF as one character, so offsets only match LF text: edit that, then restore CRLF.
  const crlf = config.text.includes('\r\n');
  const text = crlf ? config.text.replaceAll('\r\n', '\n') : config.text;
  const object = configObject({ path: config.path, text });
  const target = stringProperty(object, 'target');
  if (target.found) {
    if (target.value === 'node') return { kind: 'unchanged' };
    if (target.value === 'cloudflare') throw cloudflareRefusal(config.path);
    throw manual(config.path, 'its target is not a plain string');
  }
  if (fromVite.cloudflarePlugin && fromVite.target === undefined) {
    throw cloudflareRefusal(`${vite?.path} (it loads @cloudflare/vite-plugin and no config sets a target)`);
  }
  if ((object.properties as AstNode[]).some((property) => property.type !== 'ObjectProperty')) {
    throw manual(config.path, 'its options object spreads or computes keys, so a target may hide in them');
  }
  const patched = insertTarget(text, object);
  return { kind: 'update', path: config.path, text: crlf ? patched.replaceAll('\n', '\r\n') : patched };
}
