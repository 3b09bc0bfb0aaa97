import { resolveCommand, type AgentName } from 'package-manager-detector';

/**
 * How to run this CLI in the user's project by its collision-free name, e.g. `pnpm exec flue-smolvm`
 * or `npx flue-smolvm`. Hints use it because `flue` may run @flue/cli instead (npm links whichever it likes).
 */
export function ownCommand(agent: AgentName): string {
  const resolved = resolveCommand(agent, 'execute-local', ['flue-smolvm']);
  return resolved ? [resolved.command, ...resolved.args].join(' ') : 'npx flue-smolvm';
}
