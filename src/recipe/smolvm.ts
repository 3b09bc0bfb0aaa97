import { UserError } from '../cli/user-error.ts';
import type { FileChange, Plan, PlanItem } from '../plan/plan.ts';
import type { Project } from '../project/detect.ts';
import { declaredRange } from '../project/manifest.ts';
import { planConnector, type ConflictChoice } from './connector-plan.ts';
import { isFlue0Connector } from './connector-state.ts';
import { planFlueConfig } from './flue-config.ts';
import { setDependency } from './package-json.ts';
import { SDK_NAME } from './sdk-spec.ts';
import type { TemplateStore } from './templates.ts';

/**
 * The smolvm recipe, as data: one connector file from `templates/`, one config field, one runtime
 * dependency. `planSmolvm` turns it into the concrete changes for one project; it reads nothing itself.
 */
export interface RecipeInput {
  project: Project;
  /** A project file's text, or undefined when it does not exist (path relative to the root). */
  readFile: (path: string) => string | undefined;
  templates: TemplateStore;
  /** Whether the SDK resolves from the project (its node_modules or one above, as Node looks). */
  sdkInstalled: boolean;
  /** What to install the SDK from (a range, `file:` path or URL). */
  sdkSpec: string;
  /** True when the user named a source with --sdk, which then replaces the declared one. */
  sdkChosen: boolean;
  install: boolean;
  force: boolean;
  onConflict?: ConflictChoice;
}

const inSourceRoot = (project: Project, ...parts: string[]) => [project.sourceRoot, ...parts].filter(Boolean).join('/');

export function connectorPath(project: Project): string {
  return inSourceRoot(project, 'sandboxes', 'smolvm.ts');
}

function planConfig(project: Project): PlanItem {
  try {
    const edit = planFlueConfig(project.flueConfig, project.viteConfig);
    if (edit.kind === 'unchanged') return { id: 'config', state: 'ok', summary: "the Flue config targets 'node'", changes: [] };
    const change: FileChange =
      edit.kind === 'create'
        ? { kind: 'create', path: edit.path, after: edit.text, why: "Flue config with target 'node'" }
        : { kind: 'update', path: edit.path, before: project.flueConfig?.text ?? '', after: edit.text, why: "smolvm needs target 'node'" };
    return { id: 'config', state: 'change', summary: `${edit.kind} ${edit.path} with target 'node'`, changes: [change] };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { id: 'config', state: 'blocked', summary: error.message, changes: [], blocker: error };
  }
}

/** The SDK source the project ends up with: what --sdk named, else what package.json already declares. */
function wantedSpec(input: RecipeInput): string {
  return input.sdkChosen ? input.sdkSpec : (declaredRange(input.project.manifest, SDK_NAME) ?? input.sdkSpec);
}

function planDependency(input: RecipeInput): PlanItem {
  const { manifest } = input.project;
  const text = setDependency(manifest, SDK_NAME, input.sdkSpec, input.sdkChosen ? 'replace' : 'keep');
  if (text === manifest.text) return { id: 'dependency', state: 'ok', summary: `${SDK_NAME} is a dependency`, changes: [] };
  return {
    id: 'dependency',
    state: 'change',
    summary: `${SDK_NAME}@${wantedSpec(input)} in package.json dependencies`,
    changes: [{ kind: 'update', path: 'package.json', before: manifest.text, after: text, why: `${SDK_NAME} as a dependency` }],
  };
}

export function planSmolvm(input: RecipeInput): Plan {
  const { project } = input;
  const path = connectorPath(project);
  const text = input.readFile(path);
  const legacyPath = inSourceRoot(project, 'connectors', 'smolvm.ts');
  const legacyText = text === undefined ? input.readFile(legacyPath) : undefined;
  const connectorInput: Parameters<typeof planConnector>[0] = {
    path,
    text,
    templates: input.templates,
    force: input.force,
    exists: (file) => input.readFile(file) !== undefined,
  };
  if (legacyText !== undefined && isFlue0Connector(legacyText)) connectorInput.legacy = { path: legacyPath, text: legacyText };
  if (input.onConflict) connectorInput.onConflict = input.onConflict;

  const items = [planConnector(connectorInput), planConfig(project), planDependency(input)];
  const plan: Plan = { root: project.root, items, changes: items.flatMap((item) => item.changes) };
  const dependencyChanged = items[2]?.state === 'change';
  // Install what package.json will declare: the user's own entry stays as it is unless --sdk replaces it.
  if (input.install && (dependencyChanged || !input.sdkInstalled)) plan.install = { name: SDK_NAME, spec: wantedSpec(input) };
  return plan;
}
