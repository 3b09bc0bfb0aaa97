import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findUp } from '../fs/find-up.ts';
import { checkHost } from '../host/checks.ts';
import { formatReport } from '../host/format.ts';
import { systemProbe, type HostProbe } from '../host/probe.ts';
import { installDependency } from '../install/install-dependency.ts';
import { applyChanges } from '../fs/transaction.ts';
import type { FileOps } from '../fs/file-ops.ts';
import { checkReport, formatCheckReport } from '../plan/check-report.ts';
import { blockers, isEmpty, type Plan } from '../plan/plan.ts';
import { describePlan } from '../plan/show.ts';
import { detectProject, type Project } from '../project/detect.ts';
import { detectPackageManager } from '../project/package-manager.ts';
import type { ConflictChoice } from '../recipe/connector-plan.ts';
import { resolveSdkSpec, SDK_NAME } from '../recipe/sdk-spec.ts';
import { connectorPath, planSmolvm } from '../recipe/smolvm.ts';
import { directoryTemplateStore, type TemplateStore } from '../recipe/templates.ts';
import { ExitCode } from './exit-codes.ts';
import { nextSteps } from './next-steps.ts';
import { ownCommand } from './own-command.ts';
import type { Output } from './output.ts';
import { UserError } from './user-error.ts';

export interface AddOptions {
  cwd: string;
  yes: boolean;
  dryRun: boolean;
  install: boolean;
  sdk?: string;
  skipHostCheck: boolean;
  /** Replace a connector file we did not write, keeping a backup. */
  force?: boolean;
  onConflict?: ConflictChoice;
  /** Report what a rerun would change and write nothing (for CI). */
  check?: boolean;
  json?: boolean;
}

/** The outside world `runAdd` touches, replaceable in tests. */
export interface AddEnvironment {
  out: Output;
  /** Whether a person can answer a question now (a TTY, and not CI). */
  interactive: boolean;
  confirm: (question: string) => Promise<boolean>;
  /** Asks how to settle an overlapping merge; undefined means "leave the file alone". */
  chooseConflict?: (preview: string) => Promise<ConflictChoice | undefined>;
  probe?: HostProbe;
  fileOps?: FileOps;
  templates?: TemplateStore;
}

function planFor(project: Project, options: AddOptions, env: AddEnvironment, onConflict = options.onConflict): Plan {
  // A path given to --sdk is read from where the user typed it, not from --cwd.
  const sdkSpec = resolveSdkSpec(options.sdk, process.cwd(), project.root);
  return planSmolvm({
    project,
    readFile: (path) => {
      const file = join(project.root, path);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
    templates: env.templates ?? directoryTemplateStore(),
    sdkInstalled: findUp(project.root, `node_modules/${SDK_NAME}/package.json`) !== undefined,
    sdkSpec,
    sdkChosen: options.sdk !== undefined,
    install: options.install,
    force: options.force === true,
    ...(onConflict ? { onConflict } : {}),
  });
}

/**
 * The preflight. Returns the failure report when this host cannot boot microVMs; warns about the rest.
 * A missing SDK is what the install step is about, so it is only mentioned when that step is skipped.
 */
async function hostFailure(project: Project, options: AddOptions, env: AddEnvironment): Promise<string | undefined> {
  const { out } = env;
  if (options.skipHostCheck) {
    out.warn('Skipping the host check (--skip-host-check): the connector is generated, but microVMs may not start on this machine.');
    return undefined;
  }
  const report = await checkHost(env.probe ?? systemProbe(), { projectRoot: project.root, strict: false });
  if (!report.ready) return formatReport(report);
  for (const check of report.checks) {
    if (check.status !== 'warn' || (check.id === 'sdk' && options.install)) continue;
    out.warn(`${check.cause ?? check.title}${check.fix ? `\n  fix: ${check.fix}` : ''}`);
  }
  return undefined;
}

/** `--check`: plan, report, write nothing. With --json even a refusal is a JSON object, for CI to parse. */
function runCheck(options: AddOptions, env: AddEnvironment): number {
  try {
    const report = checkReport(planFor(detectProject(options.cwd), options, env), ExitCode.checkFailed);
    env.out.line(options.json ? JSON.stringify(report, null, 2) : formatCheckReport(report));
    return report.exitCode;
  } catch (error) {
    if (!options.json || !(error instanceof UserError)) throw error;
    env.out.line(JSON.stringify({ schema: 'flue-smolvm/check@1', ok: false, exitCode: error.exitCode, error: error.message, fix: error.fix }, null, 2));
    return error.exitCode;
  }
}

/** The one thing to do after a failed install, from what the package manager said. */
function installAdvice(output: string, sdkChosen: boolean, spec: string, agent: string, command: string): string {
  if (sdkChosen) return `check the --sdk source (${spec}): it must be a smolvm-embedded build folder, a tarball or a URL ${agent} can read; then rerun \`${command} add smolvm --yes --sdk <source>\`.`;
  if (/\b(?:E?404|ERR_PNPM_FETCH_404|Not Found)\b/.test(output)) {
    return (
      `${SDK_NAME} is not on the npm registry yet. Build it from github.com/smol-machines/smolvm (sdks/node/smolvm-embedded), then run:\n` +
      `  ${command} add smolvm --yes --sdk <path-to-smolvm-embedded-build-or-tarball>`
    );
  }
  return `fix the cause above (is ${agent} installed and on PATH?), then rerun \`${command} add smolvm --yes\`.`;
}

/**
 * `flue add smolvm`: detect the project, check the host, plan every change, show it, apply it as
 * one transaction, install. Every refusal happens before the first write.
 */
export async function runAdd(options: AddOptions, env: AddEnvironment): Promise<number> {
  const { out } = env;
  if (options.check) return runCheck(options, env);
  const project = detectProject(options.cwd);

  const hostProblem = await hostFailure(project, options, env);
  let plan = planFor(project, options, env);
  if (hostProblem) {
    // Nothing will be written on a dry run or an up-to-date project, so a host that cannot boot
    // microVMs is worth a warning there, not a failure.
    if (!options.dryRun && !isEmpty(plan)) {
      out.error(`This machine cannot run smolvm microVMs, so nothing was written.\n${hostProblem}`);
      out.line('Next: fix the failure above, or pass --skip-host-check to generate the files for another machine.');
      return ExitCode.hostUnsupported;
    }
    out.warn(`This machine cannot run smolvm microVMs:\n${hostProblem}`);
  }
  const conflict = plan.items.find((item) => item.conflictPreview !== undefined);
  if (conflict?.conflictPreview && env.interactive && !options.dryRun && env.chooseConflict) {
    out.line(`${conflict.summary}. With conflict markers the file would read:\n${conflict.conflictPreview}`);
    const choice = await env.chooseConflict(conflict.conflictPreview);
    if (choice) plan = planFor(project, options, env, choice);
  }
  const [blocker] = blockers(plan);
  if (blocker) throw blocker;

  for (const item of plan.items) if (item.state === 'edited') out.line(item.summary);
  if (isEmpty(plan)) {
    out.line('smolvm is up to date in this project; nothing to change.');
    return ExitCode.ok;
  }

  out.line(`Planned changes in ${project.root}:\n${describePlan(plan)}`);
  if (options.dryRun) {
    out.line('Dry run: nothing was written or installed.');
    return ExitCode.ok;
  }
  if (!options.yes) {
    if (!env.interactive) {
      out.error('This plan needs a yes, and nobody can answer here (no terminal, or CI=true). Nothing was written or installed.');
      out.line('Next: review the plan above, then run again with --yes to apply it.');
      return ExitCode.confirmationNeeded;
    }
    if (!(await env.confirm('Apply this plan?'))) {
      out.line('Nothing was written.');
      return ExitCode.declined;
    }
  }
  if (plan.changes.length > 0) {
    applyChanges(project.root, plan.changes, env.fileOps);
    out.line(`Wrote ${plan.changes.map((change) => change.path).join(', ')}.`);
  }

  const agent = await detectPackageManager(project.root);
  const command = ownCommand(agent);
  if (plan.install) {
    out.line(`Installing ${plan.install.name}@${plan.install.spec} with ${agent}...`);
    const outcome = await installDependency(project.root, agent, plan.install);
    if (!outcome.ok) {
      const kept = plan.changes.length > 0 ? '; the file changes above are kept (they are valid without the install)' : '';
      out.error(`\`${outcome.command}\` failed${kept}:\n${outcome.output.trim().split('\n').slice(-8).join('\n')}`);
      out.line(`Next: ${installAdvice(outcome.output, options.sdk !== undefined, plan.install.spec, agent, command)}`);
      return ExitCode.installFailed;
    }
    out.line(`Installed ${plan.install.name} (${outcome.command}).`);
  }

  const path = connectorPath(project);
  if (plan.items.some((item) => item.markedConflicts)) {
    out.error(`${path} now holds conflict markers.`);
    out.line(`Next: resolve them (search the file for <<<<<<<), then check with \`${command} smolvm check\`.`);
    return ExitCode.conflict;
  }
  out.line(nextSteps(path, project.sourceRoot, command));
  return ExitCode.ok;
}
