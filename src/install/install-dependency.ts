import { execa } from 'execa';
import { resolveCommand, type AgentName } from 'package-manager-detector';
import type { DependencyInstall } from '../plan/plan.ts';

export interface InstallOutcome {
  ok: boolean;
  /** The command as a user would type it, to show and to rerun by hand. */
  command: string;
  /** Combined stdout and stderr, for the failure report. */
  output: string;
}

/** The package manager's own "add" command for one dependency, e.g. `pnpm add smolvm-embedded@^0.2.0`. */
export function installCommand(agent: AgentName, dependency: DependencyInstall): { command: string; args: string[] } {
  const resolved = resolveCommand(agent, 'add', [`${dependency.name}@${dependency.spec}`]);
  if (!resolved) throw new Error(`No add command known for package manager ${agent}.`);
  return resolved;
}

export async function installDependency(root: string, agent: AgentName, dependency: DependencyInstall): Promise<InstallOutcome> {
  const { command, args } = installCommand(agent, dependency);
  const printable = [command, ...args].join(' ');
  const result = await execa(command, args, { cwd: root, all: true, reject: false, stdin: 'ignore' });
  // A package manager that is not installed leaves no output, only execa's message (spawn ... ENOENT).
  return { ok: result.exitCode === 0 && !result.failed, command: printable, output: result.all || result.message || '' };
}
