/** What to do after a successful run: create a machine, attach it to an agent, check the host. */
export function nextSteps(connectorPath: string, sourceRoot: string): string {
  const agents = sourceRoot === '' ? 'agents/' : `${sourceRoot}/agents/`;
  return `Done. Next steps:
  1. Attach the sandbox in an agent module (for example ${agents}coder.ts):

       'use agent';
       import { useSandbox } from '@flue/runtime';
       import { Machine } from 'smolvm-embedded';
       import { smolvm } from '../sandboxes/smolvm.ts';

       const machine = await Machine.create({ name: 'coder' });
       export function Coder() {
         useSandbox(smolvm(machine));
         return 'You write and run code in /workspace.';
       }

     One machine per conversation instead: useSandbox(smolvmPerInstance({ name: (id) => \`coder-\${id}\` })).
  2. Check this machine can boot microVMs: npx flue-smolvm smolvm doctor
  3. The connector (${connectorPath}) is yours to edit; rerun \`flue add smolvm\` to merge in upgrades.`;
}
