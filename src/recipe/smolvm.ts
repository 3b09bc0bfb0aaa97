import type { Project } from '../project/detect.ts';
import type { FileChange, Plan } from '../plan/plan.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import { UserError } from '../cli/user-error.ts';
import { parseConnector, renderHeader, bodyHash } from './connector-header.ts';
import { planFlueConfig } from './flue-config.ts';
import { setDependency } from './package-json.ts';
import { SDK_NAME } from './sdk-spec.ts';
import { latestTemplateVersion, readTemplate } from './templates.ts';

/**
 * The smolvm recipe, as data: one connector file from `templates/`, one config field, one runtime
 * dependency. `planSmolvm` turns it into the concrete changes for one project; it reads nothing itself.
 */
export interface RecipeInput {
  project: Project;
  /** The connector file as it is on disk now, if any. */
  existingConnector: string | undefined;
  /** Whether node_modules already holds the SDK. */
  sdkInstalled: boolean;
  /** What to install the SDK from (a range, `file:` path or URL). */
  sdkSpec: string;
  /** True when the user named a source with --sdk, which then replaces the declared one. */
  sdkChosen: boolean;
  install: boolean;
}

export function connectorPath(project: Project): string {
  return [project.sourceRoot, 'sandboxes', 'smolvm.ts'].filter(Boolean).join('/');
}

export function renderConnector(version: number): string {
  const body = readTemplate(version);
  return renderHeader(version, body) + body;
}

function planConnector(path: string, existing: string | undefined, notes: string[]): FileChange | undefined {
  const latest = latestTemplateVersion();
  const fresh = renderConnector(latest);
  if (existing === undefined) return { kind: 'create', path, after: fresh, why: `smolvm sandbox connector, template ${latest}` };

  const parsed = parseConnector(existing);
  if (!parsed.ours || !parsed.marker) {
    throw new UserError(
      `${path} already exists and was not written by flue-smolvm${parsed.marker ? ` (it carries Flue's guide marker sandbox/smolvm@${parsed.marker.version})` : ''}. It was left as it is.`,
      `Move or rename ${path} and run the command again, then carry your changes over to the new file.`,
      ExitCode.foreignFile,
    );
  }
  const { version, hash } = parsed.marker;
  const edited = hash !== bodyHash(parsed.body);
  if (version > latest) {
    throw new UserError(
      `${path} comes from connector template ${version}, newer than this flue-smolvm knows (${latest}).`,
      'Upgrade flue-smolvm (for example `pnpm add -D flue-smolvm@latest`), then run the command again.',
      ExitCode.foreignFile,
    );
  }
  if (version === latest) {
    if (edited) notes.push(`${path} has your own edits on top of template ${version}; kept as they are.`);
    return undefined;
  }
  if (edited) {
    throw new UserError(
      `${path} has your edits on top of template ${version}; merging them into template ${latest} is not supported by this version.`,
      `Move your edits aside, delete ${path}, and run the command again to get template ${latest}.`,
      ExitCode.foreignFile,
    );
  }
  return { kind: 'update', path, before: existing, after: fresh, why: `upgrade template ${version} -> ${latest}` };
}

export function planSmolvm(input: RecipeInput): Plan {
  const { project } = input;
  const notes: string[] = [];
  const changes: FileChange[] = [];

  const connector = planConnector(connectorPath(project), input.existingConnector, notes);
  if (connector) changes.push(connector);

  const config = planFlueConfig(project.flueConfig, project.viteConfig);
  if (config.kind === 'create') changes.push({ kind: 'create', path: config.path, after: config.text, why: "Flue config with target 'node'" });
  if (config.kind === 'update' && project.flueConfig) {
    changes.push({ kind: 'update', path: config.path, before: project.flueConfig.text, after: config.text, why: "smolvm needs target 'node'" });
  }

  const packageJson = setDependency(project.manifest, SDK_NAME, input.sdkSpec, input.sdkChosen ? 'replace' : 'keep');
  if (packageJson !== project.manifest.text) {
    changes.push({ kind: 'update', path: 'package.json', before: project.manifest.text, after: packageJson, why: `${SDK_NAME} as a dependency` });
  }

  const plan: Plan = { root: project.root, changes, notes };
  const depChanged = packageJson !== project.manifest.text;
  if (input.install && (depChanged || !input.sdkInstalled)) plan.install = { name: SDK_NAME, spec: input.sdkSpec };
  return plan;
}
