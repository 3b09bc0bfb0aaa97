// The managed form: one machine per agent instance id, found again by name,
// created when missing, never stopped or deleted by the connector.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Machine } from '../guest/index.js';
import { connector } from './support.ts';

const created: string[] = [];

afterEach(() => {
	vi.restoreAllMocks();
});

afterAll(async () => {
	for (const name of created) {
		const machine = await Machine.connect(name).catch(() => Machine.create({ name, persistent: true }));
		await machine.delete();
	}
});

let serial = 0;
function uniqueId(): string {
	serial += 1;
	return `conv-${process.pid}-${serial}`;
}

describe('smolvmManaged', () => {
	it('creates the machine named for the instance id, through the installed SDK', async () => {
		const { smolvmManaged, smolvmMachineName } = await connector();
		const id = uniqueId();
		const name = smolvmMachineName(id);
		created.push(name);
		expect(name).toBe(`flue-${id}`);
		await expect(Machine.connect(name)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const sandbox = await smolvmManaged().createSandbox({ id });
		expect(sandbox.cwd).toBe('/workspace');
		await sandbox.writeFile('hello.txt', 'from the managed sandbox');
		const machine = await Machine.connect(name);
		expect(machine.isRunning).toBe(true);
		expect((await machine.readFile('/workspace/hello.txt')).toString()).toBe('from the managed sandbox');
	});

	it('attaches to the running machine on the next createSandbox (new factory, same id)', async () => {
		const { smolvmManaged, smolvmMachineName } = await connector();
		const id = uniqueId();
		created.push(smolvmMachineName(id));
		const first = await smolvmManaged().createSandbox({ id });
		await first.writeFile('turn1.txt', 'one');
		const createSpy = vi.spyOn(Machine, 'create');
		const second = await smolvmManaged().createSandbox({ id });
		expect(createSpy).not.toHaveBeenCalled();
		expect(await second.readFile('turn1.txt')).toBe('one');
	});

	it('shares one machine between concurrent createSandbox calls for one id', async () => {
		const { smolvmManaged, smolvmMachineName } = await connector();
		const id = uniqueId();
		created.push(smolvmMachineName(id));
		const createSpy = vi.spyOn(Machine, 'create');
		const sandboxes = await Promise.all([1, 2, 3].map(() => smolvmManaged().createSandbox({ id })));
		expect(createSpy).toHaveBeenCalledTimes(1);
		await sandboxes[0]!.writeFile('shared.txt', 'same disk');
		for (const sandbox of sandboxes) expect(await sandbox.readFile('shared.txt')).toBe('same disk');
	});

	it('keeps the disk when the machine was stopped (e.g. the process restarted)', async () => {
		const { smolvmManaged, smolvmMachineName } = await connector();
		const id = uniqueId();
		const name = smolvmMachineName(id);
		created.push(name);
		const before = await smolvmManaged().createSandbox({ id });
		await before.writeFile('durable.txt', 'still here');
		await (await Machine.connect(name)).stop();
		const after = await smolvmManaged().createSandbox({ id });
		expect(await after.readFile('durable.txt')).toBe('still here');
		expect((await Machine.connect(name)).isRunning).toBe(true);
	});

	it('passes config to Machine.create and starts a persistent (created stopped) machine', async () => {
		const { smolvmManaged, smolvmMachineName } = await connector();
		const id = uniqueId();
		const name = smolvmMachineName(id);
		created.push(name);
		const createSpy = vi.spyOn(Machine, 'create');
		const config = { persistent: true, resources: { cpus: 1, memoryMb: 512 } };
		const sandbox = await smolvmManaged({ config, cwd: '/home/agent' }).createSandbox({ id });
		expect(createSpy).toHaveBeenCalledWith({ ...config, name });
		expect(sandbox.cwd).toBe('/home/agent');
		expect((await sandbox.exec('pwd')).stdout).toBe('/home/agent\n');
	});

	it('uses a custom name function', async () => {
		const { smolvmManaged } = await connector();
		const id = uniqueId();
		const name = `custom-${id}`;
		created.push(name);
		await smolvmManaged({ name: (instance) => `custom-${instance}` }).createSandbox({ id });
		expect((await Machine.connect(name)).isRunning).toBe(true);
	});

	it('rejects an empty machine name from the name function', async () => {
		const { smolvmManaged } = await connector();
		await expect(smolvmManaged({ name: () => '' }).createSandbox({ id: 'x' })).rejects.toThrow(
			/returned no machine name for agent instance "x"/,
		);
	});

	it('never stops or deletes a machine', async () => {
		const { smolvmManaged, smolvmMachineName } = await connector();
		const stop = vi.spyOn(Machine.prototype, 'stop');
		const remove = vi.spyOn(Machine.prototype, 'delete');
		const id = uniqueId();
		created.push(smolvmMachineName(id));
		for (let i = 0; i < 3; i++) {
			const sandbox = await smolvmManaged().createSandbox({ id });
			await sandbox.exec('true');
			await sandbox.rm('/workspace', { recursive: true, force: true });
			await sandbox.mkdir('/workspace');
		}
		expect(stop).not.toHaveBeenCalled();
		expect(remove).not.toHaveBeenCalled();
	});
});

describe('smolvmMachineName', () => {
	it('keeps simple ids readable and turns any other id into a distinct valid name', async () => {
		const { smolvmMachineName } = await connector();
		expect(smolvmMachineName('abc-123_X')).toBe('flue-abc-123_X');
		const ids = ['a/b', 'a-b', 'a b', 'a_b', '', '../../etc', 'ünï', 'x'.repeat(200), 'x'.repeat(201), '-lead', 'a\nb'];
		const names = ids.map(smolvmMachineName);
		expect(new Set(names).size).toBe(ids.length);
		for (const name of names) expect(name).toMatch(/^flue[-_][A-Za-z0-9][A-Za-z0-9_-]{0,80}$/);
		expect(smolvmMachineName('a/b')).toBe(smolvmMachineName('a/b'));
	});

	it('never gives a cleaned-up id the name a simple id has, and keeps many similar ids apart', async () => {
		const { smolvmMachineName } = await connector();
		const hashed = smolvmMachineName('a b');
		expect(hashed.startsWith('flue_')).toBe(true);
		// The simple id that spells the same characters cannot land on it.
		expect(smolvmMachineName(hashed.slice('flue_'.length))).not.toBe(hashed);
		const names = new Set<string>();
		for (let i = 0; i < 100_000; i++) names.add(smolvmMachineName(`tenant/acme-corporation/conversation/${i}`));
		expect(names.size).toBe(100_000);
	});
});
