// A real agent wiring: a 'use agent' module in the emitted project declares
// useSandbox(smolvmManaged()), the runtime is started in-process, the agent is
// addressed with init(), and both app code (harness.sandbox) and the model's
// bash tool reach the guest. The model is pi's offline faux provider.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { init } from '@flue/runtime';
import type { Agent } from '@flue/runtime';
import { start } from '@flue/runtime/node';
import { fauxAssistantMessage, fauxProvider, fauxToolCall } from '@earendil-works/pi-ai/providers/faux';
import { Machine } from '../guest/index.js';
import { emitProject } from './support.ts';

const AGENT_SOURCE = `'use agent';
import { useAgentStart, useModel, useSandbox } from '@flue/runtime';
import { smolvmManaged } from '../sandboxes/smolvm.ts';

export const observed: Record<string, unknown>[] = [];

export function SmolvmWired() {
	useModel('faux/faux-1');
	useSandbox(smolvmManaged());
	useAgentStart(async ({ harness }) => {
		const sandbox = harness.sandbox;
		const ran = await sandbox.exec('printf "%s in %s" "$GREETING" "$(pwd)"', { env: { GREETING: 'hello' } });
		await sandbox.writeFile('notes/start.txt', 'written by useAgentStart');
		observed.push({
			cwd: sandbox.cwd,
			exec: ran,
			read: await sandbox.readFile('notes/start.txt'),
			listing: await sandbox.readdir('notes'),
		});
	});
	return 'You are a test agent with a smolvm sandbox.';
}
`;

const machines: string[] = [];

afterAll(async () => {
	for (const name of machines) {
		await (await Machine.connect(name).catch(() => Machine.create({ name, persistent: true }))).delete();
	}
});

describe('agent wiring through the runtime', () => {
	it('init + useSandbox(smolvmManaged()) gives harness.sandbox and the bash tool a guest', async () => {
		const project = emitProject();
		const agentPath = path.join(project.root, 'src', 'agents', 'smolvm-wired.ts');
		fs.mkdirSync(path.dirname(agentPath), { recursive: true });
		fs.writeFileSync(agentPath, AGENT_SOURCE);
		const agentModule = (await import(/* @vite-ignore */ pathToFileURL(agentPath).href)) as {
			SmolvmWired: Agent;
			observed: Record<string, unknown>[];
		};
		const { smolvmMachineName } = (await import(
			/* @vite-ignore */ pathToFileURL(project.connectorPath).href
		)) as typeof import('../../templates/sandbox-smolvm/2/smolvm.ts');

		const faux = fauxProvider();
		faux.setResponses([
			fauxAssistantMessage(fauxToolCall('bash', { command: 'echo "from the model" > tool.txt && cat tool.txt' }), {
				stopReason: 'toolUse',
			}),
			fauxAssistantMessage('All done.'),
		]);

		const flue = await start({ agents: [agentModule.SmolvmWired], providers: [faux.provider] });
		try {
			const id = `wired-${process.pid}`;
			const name = smolvmMachineName(id);
			machines.push(name);
			const agent = init(agentModule.SmolvmWired, { id });
			const receipt = await agent.dispatch('Write a file, please.');
			const reply = await agent.read(receipt);
			expect(reply.text).toBe('All done.');

			expect(agentModule.observed).toEqual([
				{
					cwd: '/workspace',
					exec: { stdout: 'hello in /workspace', stderr: '', exitCode: 0 },
					read: 'written by useAgentStart',
					listing: ['start.txt'],
				},
			]);
			// The model's bash tool ran in the same guest, in the same working directory.
			const machine = await Machine.connect(name);
			expect((await machine.readFile('/workspace/tool.txt')).toString()).toBe('from the model\n');
			expect((await machine.readFile('/workspace/notes/start.txt')).toString()).toBe('written by useAgentStart');
			expect(faux.state.callCount).toBe(2);
		} finally {
			await flue.stop();
		}
	});
});
