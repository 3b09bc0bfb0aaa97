/**
 * Which program handles a command line. We own `add smolvm`, `add sandbox smolvm` (Flue's own form),
 * the same two under `update`, and the `smolvm` namespace; everything else belongs to @flue/cli.
 */
export type Route =
  | { kind: 'add'; args: string[] }
  | { kind: 'smolvm'; args: string[] }
  | { kind: 'version' }
  | { kind: 'help' }
  | { kind: 'flue' };

/** Options of ours that take a value, so their value is not mistaken for a positional argument. */
const VALUE_OPTIONS = new Set(['--cwd', '--sdk', '--on-conflict']);

function positionals(args: string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) found.push(arg);
  }
  return found;
}

export function route(argv: string[]): Route {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') return { kind: 'help' };
  if ((command === '--version' || command === '-v') && rest.length === 0) return { kind: 'version' };
  if (command === 'smolvm') return { kind: 'smolvm', args: rest };
  if (command === 'add' || command === 'update') {
    const [first, second] = positionals(rest);
    if (first === 'smolvm' || (first === 'sandbox' && second === 'smolvm')) return { kind: 'add', args: rest };
  }
  return { kind: 'flue' };
}
