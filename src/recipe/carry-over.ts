import { parseForEdit, type AstNode } from './ast.ts';

/**
 * Top-level names the Flue guides' smolvm adapters declared (0.x `connectors/` and 1.x `sandboxes/`
 * alike). Migrating such a file replaces these with our connector; every other top-level declaration
 * is the user's own and is carried over.
 */
export const FLUE_GUIDE_NAMES = new Set(['shellQuote', 'SmolvmSandboxApi', 'smolvm']);

/** Modules whose imports our connector brings itself. */
const OWN_MODULES = new Set(['@flue/runtime', 'smolvm-embedded']);

export interface CarryOver {
  /** The user's import lines our connector lacks (other modules, or names ours does not import). */
  imports: string[];
  /** The user's own top-level declarations, with their leading comments, as written. */
  declarations: string[];
  /** Names that could not be carried (they collide with ours); they stay in the backup. */
  dropped: string[];
}

/** One top-level statement of a file: its source text, the names it declares, its AST when an import. */
interface TopLevel {
  text: string;
  names: string[];
  importNode?: AstNode;
}

function declaredNames(statement: AstNode): string[] {
  const exported = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration';
  const inner = exported ? (statement.declaration as AstNode | null) : statement;
  if (!inner) return [];
  const id = inner.id as AstNode | undefined;
  if (id?.type === 'Identifier') return [id.name as string];
  if (inner.type !== 'VariableDeclaration') return [];
  return (inner.declarations as AstNode[]).flatMap((d) => ((d.id as AstNode).type === 'Identifier' ? [(d.id as AstNode).name as string] : []));
}

/** Source of a statement with the comments right above it (babel attaches them as leadingComments). */
function sliceWithComments(text: string, statement: AstNode): string {
  const comments = (statement.leadingComments as AstNode[] | undefined) ?? [];
  const start = Math.min(statement.start as number, ...comments.map((c) => c.start as number));
  return text.slice(start, statement.end as number);
}

function statementsFromAst(text: string): TopLevel[] {
  const program = parseForEdit(text).$ast as unknown as AstNode;
  return (program.body as AstNode[]).map((statement) => ({
    text: sliceWithComments(text, statement),
    names: declaredNames(statement),
    ...(statement.type === 'ImportDeclaration' ? { importNode: statement } : {}),
  }));
}

const DECLARATION = /^(?:export\s+(?:default\s+)?)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/;

/**
 * The same split for a file that does not parse (one of Flue's guides shipped a regular expression that
 * does not): a statement starts at a line beginning in column 0 with `import` or a declaration keyword,
 * taking the comment lines right above it; the lines until the next such start belong to it.
 */
function statementsFromLines(text: string): TopLevel[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (!/^import\b/.test(line) && !DECLARATION.test(line)) return;
    let start = i;
    while (start > 0 && /^(?:\/\/|\/\*|\s*\*)/.test(lines[start - 1] as string)) start--;
    starts.push(start);
  });
  return starts.map((start, k) => {
    const chunk = lines.slice(start, starts[k + 1] ?? lines.length).join('\n').trimEnd();
    const head = chunk.split('\n').find((line) => /^import\b/.test(line) || DECLARATION.test(line)) ?? '';
    if (/^import\b/.test(head)) {
      const statement = statementsFromAst(chunk.slice(chunk.indexOf(head)))[0];
      return { text: chunk, names: [], ...(statement?.importNode ? { importNode: statement.importNode } : {}) };
    }
    return { text: chunk, names: [DECLARATION.exec(head)?.[1] as string] };
  });
}

const mentions = (code: string, name: string) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(code);

function importedNames(statements: TopLevel[]): Set<string> {
  return new Set(statements.flatMap((s) => ((s.importNode?.specifiers as AstNode[] | undefined) ?? []).map((sp) => (sp.local as AstNode).name as string)));
}

/** The import a carried declaration needs: the user's own line, or just the names ours lacks. */
function neededImport(statement: TopLevel, carried: string, ours: Set<string>): string | undefined {
  const node = statement.importNode as AstNode;
  const source = (node.source as AstNode).value as string;
  const all = node.specifiers as AstNode[];
  if (all.length === 0) return OWN_MODULES.has(source) ? undefined : statement.text; // a side-effect import
  const needed = all.filter((s) => {
    const local = (s.local as AstNode).name as string;
    return !ours.has(local) && mentions(carried, local);
  });
  if (needed.length === 0) return undefined;
  if (needed.length === all.length || needed.some((s) => s.type !== 'ImportSpecifier')) return statement.text;
  const typeOnly = node.importKind === 'type';
  const names = needed.map((s) => {
    const local = (s.local as AstNode).name as string;
    const imported = ((s.imported as AstNode).name as string | undefined) ?? local;
    const prefix = !typeOnly && s.importKind === 'type' ? 'type ' : '';
    return imported === local ? `${prefix}${local}` : `${prefix}${imported} as ${local}`;
  });
  return `import ${typeOnly ? 'type ' : ''}{ ${names.join(', ')} } from '${source}';`;
}

/**
 * What of a Flue-guide adapter is the user's own: every top-level declaration the guide did not
 * write, and the imports those need. `ours` is the connector body it is being carried into.
 */
export function carryOver(userText: string, ours: string): CarryOver {
  const text = userText.replaceAll('\r\n', '\n');
  let statements: TopLevel[];
  try {
    statements = statementsFromAst(text);
  } catch {
    statements = statementsFromLines(text);
  }
  const ourStatements = statementsFromAst(ours);
  const ourNames = new Set(ourStatements.flatMap((s) => s.names));
  const ourImports = importedNames(ourStatements);

  const declarations: string[] = [];
  const dropped: string[] = [];
  for (const statement of statements) {
    if (statement.importNode || statement.names.length === 0) continue;
    if (statement.names.every((name) => FLUE_GUIDE_NAMES.has(name))) continue;
    const colliding = statement.names.filter((name) => ourNames.has(name) || ourImports.has(name));
    if (colliding.length > 0) dropped.push(...colliding);
    else declarations.push(statement.text);
  }
  const carried = declarations.join('\n');
  const imports = statements.flatMap((s) => (s.importNode ? [neededImport(s, carried, ourImports)] : [])).filter((line) => line !== undefined);
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
