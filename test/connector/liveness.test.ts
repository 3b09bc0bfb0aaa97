// Liveness: a machine that stops or dies while a call is pending makes the call
// reject with SandboxDiedError instead of hanging; calls on a stopped machine
// fail the same way without reaching it; exists() answers false.
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxDiedError } from '@flue/runtime';
import type { Sandbox } from '@flue/runtime';
import type { Machine } from '../guest/index.js';
import { counted, errorOf, newMachine, openSandbox } from './support.ts';

const machines: Machine[] = [];

afterEach(async () => {
	delete process.env.SMOLVM_STANDIN_ON_CRASH;
	for (const machine of machines.splice(0)) await machine.delete();
});

async function setup(): Promise<{ machine: Machine; sandbox: Sandbox; calls: ReturnType<typeof counted> }> {
	const machine = await newMachine('live');
	machines.push(machine);
	const calls = counted(machine);
	const sandbox = await openSandbox(calls.machine);
	calls.reset();
	return { machine, sandbox, calls };
}

function expectDied(error: unknown, operation: string): void {
	expect(error).toBeInstanceOf(SandboxDiedError);
	expect((error as Error).message).toContain(`Sandbox ${operation} failed`);
	expect((error as Error).message).toContain('stopped');
}

/** Let a just-started call reach the guest, so it is really pending. */
function settle(ms = 150): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('death while a call is pending', () => {
	it('machine.stop() during exec -> SandboxDiedError', async () => {
		const { machine, sandbox } = await setup();
		const pending = errorOf(sandbox.exec('sleep 30'));
		await settle();
		await machine.stop();
		expectDied(await pending, 'exec');
	});

	it('machine process killed during exec, SDK call rejecting -> SandboxDiedError', async () => {
		const { machine, sandbox } = await setup();
		const pending = errorOf(sandbox.exec('sleep 30'));
		await settle();
		process.kill(machine.pid!, 'SIGKILL');
		expectDied(await pending, 'exec');
	});

	it('machine process killed during exec, SDK call never settling -> SandboxDiedError, not a hang', async () => {
		process.env.SMOLVM_STANDIN_ON_CRASH = 'hang';
		const { machine, sandbox } = await setup();
		const pending = errorOf(sandbox.exec('sleep 30'));
		await settle();
		const killedAt = Date.now();
		process.kill(machine.pid!, 'SIGKILL');
		expectDied(await pending, 'exec');
		expect(Date.now() - killedAt).toBeLessThan(3000);
	});

	it('machine process killed during a blocked readFile (never settling) -> SandboxDiedError', async () => {
		process.env.SMOLVM_STANDIN_ON_CRASH = 'hang';
		const { machine, sandbox } = await setup();
		await machine.exec(['mkfifo', '/tmp/fifo']);
		const pending = errorOf(sandbox.readFile('/tmp/fifo')); // blocks: nobody writes the fifo
		await settle();
		process.kill(machine.pid!, 'SIGKILL');
		expectDied(await pending, 'readFile');
	});

	it('machine.stop() during each script verb -> SandboxDiedError; exists -> false', async () => {
		const verbs: [string, (sandbox: Sandbox) => Promise<unknown>][] = [
			['stat', (sandbox) => sandbox.stat('/')],
			['readdir', (sandbox) => sandbox.readdir('/')],
			['mkdir', (sandbox) => sandbox.mkdir('/x')],
			['rm', (sandbox) => sandbox.rm('/x', { force: true })],
		];
		for (const [operation, run] of verbs) {
			const { machine, sandbox } = await setup();
			// A guest whose `sh` (first on PATH) never answers.
			await machine.writeFile('/usr/local/bin/sh', '#!/bin/busybox sh\nexec sleep 30\n', { mode: 0o755 });
			const pending = errorOf(run(sandbox));
			const exists = sandbox.exists('/');
			await settle();
			await machine.stop();
			expectDied(await pending, operation);
			expect(await exists).toBe(false);
		}
	});

	it('machine process killed during a blocked writeFile (never settling) -> SandboxDiedError', async () => {
		process.env.SMOLVM_STANDIN_ON_CRASH = 'hang';
		const { machine, sandbox } = await setup();
		await machine.exec(['mkfifo', '/tmp/fifo-w']);
		const pending = errorOf(sandbox.writeFile('/tmp/fifo-w', 'blocked: nobody reads the fifo'));
		await settle();
		process.kill(machine.pid!, 'SIGKILL');
		expectDied(await pending, 'writeFile');
	});
});

describe('calls on a stopped machine', () => {
	it('every verb rejects with SandboxDiedError without a machine call; exists answers false', async () => {
		const { machine, sandbox, calls } = await setup();
		await machine.stop();
		const verbs: [string, () => Promise<unknown>][] = [
			['exec', () => sandbox.exec('true')],
			['readFile', () => sandbox.readFile('/etc/hostname')],
			['readFileBuffer', () => sandbox.readFileBuffer('/etc/hostname')],
			['stat', () => sandbox.stat('/')],
			['readdir', () => sandbox.readdir('/')],
			['mkdir', () => sandbox.mkdir('/x')],
			['rm', () => sandbox.rm('/x', { force: true })],
		];
		for (const [operation, run] of verbs) expectDied(await errorOf(run()), operation);
		// writeFile: the runtime retries once after mkdir; every attempt fails the same way.
		expect(await errorOf(sandbox.writeFile('/x', 'y'))).toBeInstanceOf(SandboxDiedError);
		expect(await sandbox.exists('/etc/hostname')).toBe(false);
		expect(calls.calls).toEqual([]);
	});

	it('exists answers false on a machine that died (crash)', async () => {
		const { machine, sandbox } = await setup();
		expect(await sandbox.exists('/etc/hostname')).toBe(true);
		process.kill(machine.pid!, 'SIGKILL');
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await sandbox.exists('/etc/hostname')).toBe(false);
	});

	it('works again once the owner restarts the machine', async () => {
		const { machine, sandbox } = await setup();
		await sandbox.writeFile('/workspace/kept.txt', 'disk survives');
		await machine.stop();
		expect(await errorOf(sandbox.readFile('/workspace/kept.txt'))).toBeInstanceOf(SandboxDiedError);
		await machine.start();
		expect(await sandbox.readFile('/workspace/kept.txt')).toBe('disk survives');
	});
});
