import { parseModule } from 'magicast';

/** The few Babel node shapes the config recipes read; magicast hands us Babel ASTs. */
export interface AstNode {
  type: string;
  start?: number | null;
  end?: number | null;
  [key: string]: unknown;
}

/**
 * Parses with magicast so that node offsets index the original text. recast expands each tab to
 * `tabWidth` columns before computing offsets, so a width of 1 keeps them exact in tab-indented files.
 */
export function parseForEdit(text: string) {
  return parseModule(text, { tabWidth: 1 });
}

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

/** Every node below `root`, depth first. Small config files only: no need for a visitor library. */
export function* walk(root: AstNode): Generator<AstNode> {
  yield root;
  for (const [key, value] of Object.entries(root)) {
    if (key === 'loc' || key === 'comments' || key === 'leadingComments' || key === 'trailingComments') continue;
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) if (isNode(child)) yield* walk(child);
  }
}

/** The name of a non-computed object property's key (`target` or `'target'`). */
export function propertyName(property: AstNode): string | undefined {
  if (property.type !== 'ObjectProperty' || property.computed) return undefined;
  const key = property.key as AstNode;
  if (key.type === 'Identifier') return key.name as string;
  if (key.type === 'StringLiteral') return key.value as string;
  return undefined;
}

/** An expression without the wrappers that do not change its value: `as`, `satisfies`, `!`, parentheses. */
export function unwrap(node: AstNode): AstNode {
  const wrappers = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'ParenthesizedExpression', 'TSTypeAssertion']);
  return wrappers.has(node.type) ? unwrap(node.expression as AstNode) : node;
}

/** The string an expression always evaluates to (`'node'`, `` `node` ``, `'node' as const`), if it is one. */
export function staticString(node: AstNode): string | undefined {
  const value = unwrap(node);
  if (value.type === 'StringLiteral') return value.value as string;
  if (value.type === 'TemplateLiteral' && (value.expressions as AstNode[]).length === 0) {
    return ((value.quasis as AstNode[])[0]?.value as { cooked?: string } | undefined)?.cooked;
  }
  return undefined;
}

/** What a property of an object literal holds, when it is a plain string. */
export type StringProperty = { found: false } | { found: true; value: string | undefined; node: AstNode };

export function stringProperty(object: AstNode, name: string): StringProperty {
  const properties = (object.properties as AstNode[] | undefined) ?? [];
  const node = properties.find((property) => propertyName(property) === name);
  if (!node) return { found: false };
  return { found: true, node, value: staticString(node.value as AstNode) };
}
