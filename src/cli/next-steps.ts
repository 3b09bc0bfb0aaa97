/** What to do after a successful run: attach the sandbox to an agent, check the host. */
export function nextSteps(connectorPath: string, sourceRoot: string, command: string): string {
  const agents = sourceRoot === '' ? 'agents/' : `${sourceRoot}/agents/`;
  return `Done. Next steps:
  1. Attach the sandbox in an agent module (for example ${agents}coder.ts); each agent instance gets
     its own microVM, kept across messages:

       'use agent';
       import { useSandbox } from '@flue/runtime';
       import { smolvmManaged } from '../sandboxes/smolvm.ts';

       export function Coder() {
         useSandbox(smolvmManaged({ config: { resources: { cpus: 2, memoryMb: 2048 } } }));
         return 'You write and run code in /workspace.';
       }

     Or bring your own machine: useSandbox(smolvm(await Machine.create({ name: 'coder' }))).
  2. Check that this machine can boot microVMs: ${command} smolvm doctor
  3. ${connectorPath} is yours to edit; rerun \`${command} add smolvm\` to merge in template upgrades.`;
}
