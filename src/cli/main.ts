import { readFileSync } from 'node:fs';
import { ExitCode } from './exit-codes.ts';
import { findFlueCli, runFlueCli } from './flue-cli.ts';
import { linkedFlue } from './flue-link.ts';
import { consoleOutput, type Output } from './output.ts';
import { route } from './route.ts';

function ownVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

const OWN_COMMANDS = `flue-smolvm commands (also reachable as \`flue-smolvm <command>\`):
  add smolvm            add the smolvm microVM sandbox to this project (alias: add sandbox smolvm)
  update smolvm         the same recipe: bring the connector, config and dependency up to date
  smolvm check          write nothing; fail when a rerun would change the project (for CI)
  smolvm doctor         check that this machine can run smolvm microVMs
Run \`flue-smolvm add smolvm --help\` for the flags.`;

/**
 * The entry of both bins. Commands we own are parsed by commander (loaded only then, like every
 * heavy module); anything else goes to the project's @flue/cli untouched.
 */
export async function main(argv: string[], out: Output = consoleOutput): Promise<number> {
  const target = route(argv);
  const flueCli = findFlueCli(process.cwd());

  if (target.kind === 'version') {
    out.line(`flue-smolvm ${ownVersion()}`);
    out.line(flueCli ? `@flue/cli ${flueCli.version}` : '@flue/cli not installed in this project');
    const linked = linkedFlue(process.cwd());
    if (linked) out.line(`\`flue\` in this project runs ${linked}; \`flue-smolvm\` always runs flue-smolvm.`);
    return ExitCode.ok;
  }
  if (target.kind === 'help') {
    const code = flueCli ? await runFlueCli(flueCli, argv) : ExitCode.ok;
    out.line(`\n${OWN_COMMANDS}`);
    return code;
  }
  if (target.kind === 'flue') {
    if (!flueCli) {
      out.error(`\`flue ${argv.join(' ')}\` is a Flue command, and @flue/cli is not installed in this project.`);
      out.line('Next: install it (for example `pnpm add -D @flue/cli`), then run the command again.');
      return ExitCode.flueCliMissing;
    }
    return runFlueCli(flueCli, argv);
  }
  const { runProgram } = await import('./program.ts');
  return runProgram(argv, out);
}
