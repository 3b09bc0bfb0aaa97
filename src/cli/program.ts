import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { ConflictChoice } from '../recipe/connector-plan.ts';
import type { AddEnvironment, AddOptions } from './add.ts';
import { reportUserError, UserError } from './user-error.ts';
import { ExitCode } from './exit-codes.ts';
import type { Output } from './output.ts';

/** `--cwd`, checked: a typo must not quietly become "nothing installed here". */
function folder(cwd: string | undefined): string {
  if (cwd === undefined) return process.cwd();
  const path = resolve(cwd);
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new UserError(`--cwd ${cwd}: ${existsSync(path) ? 'not a folder' : 'no such folder'} (${path}).`, 'Pass the folder of your Flue project.', ExitCode.usage);
  }
  return path;
}

/** CI=true (or any value but "false"/"0") means nobody is there to answer, TTY or not. */
function interactive(): boolean {
  const ci = process.env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !inCi;
}

async function confirm(question: string): Promise<boolean> {
  const prompts = await import('@clack/prompts');
  const answer = await prompts.confirm({ message: question });
  return !prompts.isCancel(answer) && answer;
}

async function chooseConflict(): Promise<ConflictChoice | undefined> {
  const prompts = await import('@clack/prompts');
  const answer = await prompts.select<ConflictChoice | 'leave'>({
    message: 'The template upgrade overlaps your edits. What should be written?',
    options: [
      { value: 'markers', label: 'Conflict markers', hint: 'git style; resolve them by hand' },
      { value: 'overwrite', label: 'The new template', hint: 'your file is kept as a .bak beside it' },
      { value: 'leave', label: 'Nothing', hint: 'leave the file as it is' },
    ],
  });
  return prompts.isCancel(answer) || answer === 'leave' ? undefined : answer;
}

interface AddFlags {
  cwd?: string;
  yes?: boolean;
  dryRun?: boolean;
  install: boolean;
  sdk?: string;
  skipHostCheck?: boolean;
  force?: boolean;
  onConflict?: ConflictChoice;
  check?: boolean;
  json?: boolean;
}

function toAddOptions(flags: AddFlags): AddOptions {
  if (flags.json && !flags.check) throw new UserError('--json only goes with --check.', 'Run `add smolvm --check --json`, or drop --json.', ExitCode.usage);
  const options: AddOptions = {
    cwd: folder(flags.cwd),
    yes: flags.yes === true,
    dryRun: flags.dryRun === true,
    install: flags.install,
    skipHostCheck: flags.skipHostCheck === true,
    force: flags.force === true,
    check: flags.check === true,
    json: flags.json === true,
  };
  if (flags.sdk !== undefined) options.sdk = flags.sdk;
  if (flags.onConflict !== undefined) options.onConflict = flags.onConflict;
  return options;
}

const environment = (out: Output): AddEnvironment => ({ out, interactive: interactive(), confirm, chooseConflict });

/** The add pipeline pulls in magicast, execa and the recipe: load it only for the commands that run it. */
async function runAddLazily(options: AddOptions, out: Output): Promise<number> {
  const { runAdd } = await import('./add.ts');
  return runAdd(options, environment(out));
}

function addCommand(command: 'add' | 'update', out: Output, done: (code: number) => void): Command {
  return new Command(command)
    .description(command === 'add' ? 'add the smolvm microVM sandbox to this Flue project' : 'rerun the smolvm recipe to bring the project up to date')
    .argument('[kind]', "'smolvm', or Flue's own form 'sandbox smolvm'")
    .argument('[name]')
    .option('--cwd <dir>', 'project directory (default: the nearest package.json upward)')
    .option('-y, --yes', 'apply the plan without asking')
    .option('--dry-run', 'print the plan and write nothing')
    .option('--no-install', 'do not install smolvm-embedded after writing the files')
    .option('--sdk <spec>', 'install smolvm-embedded from a folder, tarball, URL or version instead of the default range')
    .option('--skip-host-check', 'generate even if this machine cannot run microVMs (e.g. preparing a Linux server)')
    .option('--force', 'replace a connector file flue-smolvm did not write (a .bak copy is kept)')
    .addOption(
      new Option('--on-conflict <choice>', 'when a template upgrade overlaps your edits: write git-style markers, or overwrite (a .bak copy is kept)').choices([
        'markers',
        'overwrite',
      ]),
    )
    .option('--check', 'write nothing; fail when a rerun would change the project (for CI)')
    .option('--json', 'with --check: print the report as JSON')
    .action(async (kind: string | undefined, name: string | undefined, flags: AddFlags) => {
      const ours = (kind === 'smolvm' && name === undefined) || (kind === 'sandbox' && name === 'smolvm');
      if (!ours) throw new UserError(`\`${[command, kind, name].filter(Boolean).join(' ')}\` is not a recipe of flue-smolvm.`, `Use \`${command} smolvm\` or \`${command} sandbox smolvm\`.`, ExitCode.usage);
      done(await runAddLazily(toAddOptions(flags), out));
    });
}

function smolvmCommand(out: Output, done: (code: number) => void): Command {
  const smolvm = new Command('smolvm').description('smolvm tools');
  smolvm
    .command('check')
    .description('write nothing; fail when `flue add smolvm` would change the project (for CI)')
    .option('--cwd <dir>', 'project directory (default: the nearest package.json upward)')
    .option('--json', 'print the report as JSON')
    .action(async (flags: { cwd?: string; json?: boolean }) => {
      const options = toAddOptions({ ...flags, install: false, check: true });
      done(await runAddLazily(options, out));
    });
  smolvm
    .command('doctor')
    .description('check that this machine can run smolvm microVMs, with the fix for every failure')
    .option('--cwd <dir>', 'project to look for smolvm-embedded in (default: the current directory)')
    .option('--json', 'print a machine-readable report')
    .option('--strict', 'fail (not warn) when the SDK or Node version is not ready')
    .action(async (flags: { cwd?: string; json?: boolean; strict?: boolean }) => {
      const { runDoctor } = await import('./doctor.ts');
      done(await runDoctor({ cwd: folder(flags.cwd), json: flags.json === true, strict: flags.strict === true, stdout: out.line }));
    });
  return smolvm;
}

/** Parses and runs one of our own commands; resolves with the process exit code. */
export async function runProgram(argv: string[], out: Output): Promise<number> {
  let code: number = ExitCode.ok;
  const done = (value: number) => {
    code = value;
  };
  const output = { writeOut: (text: string) => out.line(text.trimEnd()), writeErr: (text: string) => out.error(text.replace(/^error: /, '').trimEnd()) };
  const program = new Command('flue-smolvm')
    .addCommand(addCommand('add', out, done))
    .addCommand(addCommand('update', out, done))
    .addCommand(smolvmCommand(out, done));
  // Every level reports parse errors and help to us: errors end with the usage exit code, not
  // commander's exit(1), and all text goes through `out`.
  const override = (command: Command): void => {
    command.exitOverride().configureOutput(output);
    command.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    return reportUserError(error, out);
  }
}
