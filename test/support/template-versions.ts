import { directoryTemplateStore, type TemplateStore } from '../../src/recipe/templates.ts';

const real = directoryTemplateStore();
const current = real.versions().at(-1) as number;

/**
 * A future release, made from the current template the way a maintainer would change it: a line added
 * near the top of the doc comment and a new helper in the middle of the file. Reruns must bring these
 * in around whatever the user edited elsewhere.
 */
export function nextTemplate(body: string): string {
  const lines = body.split('\n');
  const doc = lines.findIndex((line) => line.startsWith('/*'));
  const middle = lines.findIndex((line) => line.startsWith('export function smolvmMachineName'));
  if (doc < 0 || middle < 0) throw new Error('template anchors moved: update test/support/template-versions.ts');
  lines.splice(middle, 0, '/** Added in the next template: the version this connector was generated from. */', `export const SMOLVM_TEMPLATE = ${current + 1};`, '');
  lines.splice(doc + 1, 0, ' * (next template: adds SMOLVM_TEMPLATE)');
  return lines.join('\n');
}

/** The shipped templates plus a next version built by `nextTemplate`. */
export function storeWithNextVersion(): TemplateStore & { current: number; next: number } {
  return {
    current,
    next: current + 1,
    versions: () => [...real.versions(), current + 1],
    read: (version) => (version === current + 1 ? nextTemplate(real.read(current)) : real.read(version)),
  };
}

export const CURRENT_VERSION = current;
export const realTemplates = real;
