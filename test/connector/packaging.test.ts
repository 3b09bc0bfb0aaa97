// How the emitted file behaves in a user's project: it typechecks and loads
// without smolvm-embedded installed, never imports the SDK statically, and
// loads it only inside the managed form's createSandbox.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GUEST_PACKAGE, REPO, TEMPLATE_VERSION, emitProject, loadConnector, newMachine } from './support.ts';

const TEMPLATE = path.join(REPO, 'templates', 'sandbox-smolvm', String(TEMPLATE_VERSION), 'smolvm.ts');

const run = promisify(execFile);

describe('template file', () => {
	it('imports node:crypto and @flue/runtime only (values: sandboxFromDriver, SandboxDiedError), nothing from the SDK statically', () => {
		const source = fs.readFileSync(TEMPLATE, 'utf8');
		const imports = [...source.matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)';$/gm)];
		expect(imports.map((m) => m[3])).toEqual(['node:crypto', '@flue/runtime', '@flue/runtime']);
		const values = imports.filter((m) => !m[1] && m[3] === '@flue/runtime').flatMap((m) => m[2]!.split(',').map((s) => s.trim()));
		expect(values.sort()).toEqual(['SandboxDiedError', 'sandboxFromDriver']);
		expect(source).not.toMatch(/^\s*import[^\n]*from\s+['"]smolvm-embedded['"]/m);
		expect(source).not.toMatch(/import\(\s*['"]smolvm-embedded['"]\s*\)/);
		expect(source).not.toMatch(/require\(/);
	});

	it('carries no header or marker line of its own', () => {
		const first = fs.readFileSync(TEMPLATE, 'utf8').split('\n')[0];
		expect(first).toMatch(/^import /);
		expect(fs.readFileSync(TEMPLATE, 'utf8')).not.toContain('flue-blueprint');
	});

	it('contains no absolute path of this machine', () => {
		const source = fs.readFileSync(TEMPLATE, 'utf8');
		expect(source).not.toContain(REPO);
		// The guest's own /tmp (for long commands) is fine; a host temp path with a name after it is not.
		expect(source.replaceAll('/tmp/.flue-exec-', '')).not.toContain(os.tmpdir() + path.sep);
	});
});

describe('in a project without smolvm-embedded', () => {
	it('typechecks with the tsconfig of a `flue init` project', async () => {
		const project = emitProject({ sdk: false });
		fs.copyFileSync(path.join(REPO, 'templates', 'tsconfig.json'), path.join(project.root, 'tsconfig.json'));
		const tsconfig = JSON.parse(fs.readFileSync(path.join(project.root, 'tsconfig.json'), 'utf8'));
		tsconfig.include = ['src'];
		fs.writeFileSync(path.join(project.root, 'tsconfig.json'), JSON.stringify(tsconfig));
		fs.mkdirSync(path.join(project.root, 'src', 'agents'));
		fs.writeFileSync(
			path.join(project.root, 'src', 'agents', 'boxed.ts'),
			[
				"'use agent';",
				"import { useSandbox } from '@flue/runtime';",
				"import { smolvm, smolvmManaged, type SmolvmMachineLike } from '../sandboxes/smolvm.ts';",
				'declare const machine: SmolvmMachineLike;',
				'export function Boxed() {',
				"\tuseSandbox(smolvmManaged({ config: { resources: { cpus: 1 } }, cwd: '/w' }));",
				'\tuseSandbox(smolvm(machine));',
				"\treturn 'x';",
				'}',
				'',
			].join('\n'),
		);
		const tsc = path.join(REPO, 'node_modules', '.bin', 'tsc');
		const result = await run(tsc, ['-p', project.root]).then(
			(ok) => ({ code: 0, out: ok.stdout + ok.stderr }),
			(error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
		);
		expect(result.out).toBe('');
		expect(result.code).toBe(0);
	});

	it('typechecks a real smolvm-embedded Machine against the structural machine type', async () => {
		const project = emitProject();
		fs.copyFileSync(path.join(REPO, 'templates', 'tsconfig.json'), path.join(project.root, 'tsconfig.json'));
		fs.writeFileSync(
			path.join(project.root, 'src', 'use.ts'),
			[
				"import { Machine } from 'smolvm-embedded';",
				"import { smolvm } from './sandboxes/smolvm.ts';",
				"export const factory = smolvm(await Machine.create({ name: 'x' }));",
				'',
			].join('\n'),
		);
		const tsc = path.join(REPO, 'node_modules', '.bin', 'tsc');
		await expect(run(tsc, ['-p', project.root])).resolves.toMatchObject({ stdout: '' });
	});

	it('loads under plain Node (type stripping) and gives a clear error only when the managed form needs the SDK', async () => {
		const project = emitProject({ sdk: false });
		const script = `
			const c = await import(${JSON.stringify(pathToFileURL(project.connectorPath).href)});
			const factory = c.smolvmManaged();
			try {
				await factory.createSandbox({ id: 'x' });
				console.log('unexpected success');
			} catch (error) {
				console.log(JSON.stringify({ exports: Object.keys(c).sort(), message: error.message, cause: error.cause?.code }));
			}
		`;
		const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project.root });
		const report = JSON.parse(stdout);
		expect(report.exports).toEqual(['smolvm', 'smolvmMachineName', 'smolvmManaged']);
		expect(report.message).toContain("could not load the 'smolvm-embedded' package");
		expect(report.cause).toBe('ERR_MODULE_NOT_FOUND');
	});

	it('the user-owned form works without the SDK package', async () => {
		const project = emitProject({ sdk: false });
		const { smolvm } = await loadConnector(project);
		const machine = await newMachine('nosdk');
		try {
			const sandbox = await smolvm(machine).createSandbox({ id: 'x' });
			expect((await sandbox.exec('echo ok')).stdout).toBe('ok\n');
		} finally {
			await machine.delete();
		}
	});
});

describe('lazy SDK loading', () => {
	it('importing the connector and building factories never loads the SDK; createSandbox does, once', async () => {
		// A smolvm-embedded package that counts its own evaluations.
		const sdkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counting-sdk-'));
		fs.writeFileSync(
			path.join(sdkDir, 'package.json'),
			JSON.stringify({ name: 'smolvm-embedded', type: 'module', exports: './index.js' }),
		);
		fs.writeFileSync(
			path.join(sdkDir, 'index.js'),
			`globalThis.__sdkLoads = (globalThis.__sdkLoads ?? 0) + 1;\nexport * from ${JSON.stringify(
				pathToFileURL(path.join(GUEST_PACKAGE, 'index.js')).href,
			)};\n`,
		);
		const project = emitProject({ sdk: sdkDir });
		const script = `
			const loads = () => globalThis.__sdkLoads ?? 0;
			const c = await import(${JSON.stringify(pathToFileURL(project.connectorPath).href)});
			const afterImport = loads();
			const factory = c.smolvmManaged();
			const afterFactory = loads();
			const id = 'lazy-' + process.pid;
			const a = await factory.createSandbox({ id });
			const b = await c.smolvmManaged().createSandbox({ id });
			const afterCreate = loads();
			const out = (await b.exec('echo up')).stdout;
			const { Machine } = await import('smolvm-embedded');
			await (await Machine.connect(c.smolvmMachineName(id))).delete();
			console.log(JSON.stringify({ afterImport, afterFactory, afterCreate, out }));
		`;
		try {
			const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project.root });
			expect(JSON.parse(stdout)).toEqual({ afterImport: 0, afterFactory: 0, afterCreate: 1, out: 'up\n' });
		} finally {
			fs.rmSync(sdkDir, { recursive: true, force: true });
		}
	});
});
