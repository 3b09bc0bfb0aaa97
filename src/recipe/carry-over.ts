import { parseForEdit, type AstNode } from './ast.ts';

/**
 * Top-level names the Flue guides' smolvm adapters declared. Migrating such a file replaces these with
 * our connector; every other top-level declaration is the user's own and is carried over.
 */
export const FLUE_GUIDE_NAMES = new Set([
  'shellQuote',
  'quote',
  'SmolvmSandboxApi',
  'SmolvmSandbox',
  'SmolvmSessionEnv',
  'SmolvmApi',
  'smolvm',
  'smolvmSandbox',
  'createSmolvmSandbox',
]);

/** Modules whose imports our connector brings itself. */
const OWN_MODULES = new Set(['@flue/runtime', 'smolvm-embedded']);

export interface CarryOver {
  /** The user's import lines our connector lacks (modules other than ours, or names ours does not import). */
  imports: string[];
  /** The user's own top-level declarations, with their leading comments, as written. */
  declarations: string[];
  /** Names that could not be carried (they collide with ours); they stay in the backup. */
  dropped: string[];
  /** Why nothing could be carried, when the old file does not parse. */
  unreadable?: string;
}

function declaredNames(statement: AstNode): string[] {
  const inner = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? (statement.declaration as AstNode | null) : statement;
  if (!inner) return [];
  const id = inner.id as AstNode | undefined;
  if (id?.type === 'Identifier') return [id.name as string];
  if (inner.type === 'VariableDeclaration') {
    return (inner.declarations as AstNode[]).map((d) => d.id as AstNode).filter((id) => id.type === 'Identifier').map((id) => id.name as string);
  }
  return [];
}

function topLevelNames(text: string): Set<string> {
  const program = (parseForEdit(text).$ast as unknown as AstNode);
  return new Set((program.body as AstNode[]).flatMap(declaredNames));
}

function importedNames(text: string): Set<string> {
  const program = (parseForEdit(text).$ast as unknown as AstNode);
  const names = new Set<string>();
  for (const statement of program.body as AstNode[]) {
    if (statement.type !== 'ImportDeclaration') continue;
    for (const specifier of statement.specifiers as AstNode[]) names.add((specifier.local as AstNode).name as string);
  }
  return names;
}

/** Source of a statement with the comments right above it (babel attaches them as leadingComments). */
function sliceWithComments(text: string, statement: AstNode): string {
  const comments = (statement.leadingComments as AstNode[] | undefined) ?? [];
  const start = Math.min(statement.start as number, ...comments.map((c) => c.start as number));
  return text.slice(start, statement.end as number);
}

const mentions = (code: string, name: string) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(code);

/**
 * What of a Flue-guide adapter is the user's own: every top-level declaration the guide did not
 * write, and the imports those need. `ours` is the connector body it is being carried into.
 */
export function carryOver(userText: string, ours: string): CarryOver {
  let program: AstNode;
  try {
    program = parseForEdit(userText.replaceAll('\r\n', '\n')).$ast as unknown as AstNode;
  } catch (error) {
    return { imports: [], declarations: [], dropped: [], unreadable: (error as Error).message };
  }
  const text = userText.replaceAll('\r\n', '\n');
  const ourNames = topLevelNames(ours);
  const ourImports = importedNames(ours);
  const declarations: string[] = [];
  const dropped: string[] = [];
  const importStatements: AstNode[] = [];

  for (const statement of program.body as AstNode[]) {
    if (statement.type === 'ImportDeclaration') {
      importStatements.push(statement);
      continue;
    }
    const names = declaredNames(statement);
    if (names.length > 0 && names.every((name) => FLUE_GUIDE_NAMES.has(name))) continue;
    const colliding = names.filter((name) => ourNames.has(name) || ourImports.has(name));
    if (colliding.length > 0) {
      dropped.push(...colliding);
      continue;
    }
    declarations.push(sliceWithComments(text, statement));
  }

  const carried = declarations.join('\n');
  const imports: string[] = [];
  for (const statement of importStatements) {
    const source = (statement.source as AstNode).value as string;
    const all = statement.specifiers as AstNode[];
    if (all.length === 0) {
      if (!OWN_MODULES.has(source)) imports.push(sliceWithComments(text, statement)); // a side-effect import
      continue;
    }
    const needed = all.filter((s) => {
      const local = (s.local as AstNode).name as string;
      return !ourImports.has(local) && mentions(carried, local);
    });
    if (needed.length === 0) continue;
    const whole = needed.length === all.length || needed.some((s) => s.type !== 'ImportSpecifier');
    if (whole) {
      imports.push(sliceWithComments(text, statement));
      continue;
    }
    const typeOnly = statement.importKind === 'type';
    const names = needed.map((s) => {
      const local = (s.local as AstNode).name as string;
      const imported = ((s.imported as AstNode).name as string | undefined) ?? local;
      const prefix = !typeOnly && s.importKind === 'type' ? 'type ' : '';
      return imported === local ? `${prefix}${local}` : `${prefix}${imported} as ${local}`;
    });
    imports.push(`import ${typeOnly ? 'type ' : ''}{ ${names.join(', ')} } from '${source}';`);
  }
  return { imports, declarations, dropped };
}

/** Our connector body with the carried imports after its own and the carried declarations at the end. */
export function withCarryOver(ours: string, carried: CarryOver, origin: string): string {
  if (carried.declarations.length === 0) return ours;
  const lines = ours.split('\n');
  let lastImport = -1;
  lines.forEach((line, i) => {
    if (/^import\b.*from\s+['"][^'"]+['"];?\s*$/.test(line)) lastImport = i;
  });
  lines.splice(lastImport + 1, 0, ...carried.imports);
  const body = lines.join('\n').replace(/\n*$/, '\n');
  return `${body}\n// Carried over from your previous connector (${origin}):\n\n${carried.declarations.join('\n\n')}\n`;
}
