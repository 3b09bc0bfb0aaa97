// Shared setup for the connector suite: emit the template into a throwaway
// project exactly as the CLI would (two header lines, then the file verbatim),
// load it from there, and drive it against the smolvm stand-in in test/guest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';
import type { Sandbox } from '@flue/runtime';
import { Machine } from '../guest/index.js';
import { generatedConnector } from '../../src/recipe/connector-header.ts';
import { directoryTemplateStore, latestVersion } from '../../src/recipe/templates.ts';

export type Connector = typeof import('../../templates/sandbox-smolvm/2/smolvm.ts');

export const REPO = path.resolve(import.meta.dirname, '../..');
export const GUEST_PACKAGE = path.join(REPO, 'test', 'guest');

const templates = directoryTemplateStore();
/** The latest template version: the one the CLI emits into a project. */
export const TEMPLATE_VERSION = latestVersion(templates);
/** The connector file exactly as the CLI writes it (header lines, then the template). */
export const EMITTED = generatedConnector(TEMPLATE_VERSION, templates.read(TEMPLATE_VERSION));

export interface EmittedProject {
	root: string;
	connectorPath: string;
}

const cleanups: string[] = [];

// Machine disks of the stand-in go to a directory this file removes at the end
// (child processes started by tests inherit it too).
const standinHome = fs.mkdtempSync(path.join(os.tmpdir(), 'smolvm-standin-home-'));
process.env.SMOLVM_STANDIN_HOME = standinHome;
cleanups.push(standinHome);

// Registered first, so it runs after the test file's own afterAll hooks.
afterAll(() => {
	for (const dir of cleanups.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A minimal Flue-style project: src/sandboxes/smolvm.ts plus node_modules links
 * to @flue/runtime and (optionally) a smolvm-embedded package directory.
 */
export function emitProject(options: { sdk?: string | false } = {}): EmittedProject {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flue-smolvm-project-'));
	cleanups.push(root);
	const connectorPath = path.join(root, 'src', 'sandboxes', 'smolvm.ts');
	fs.mkdirSync(path.dirname(connectorPath), { recursive: true });
	fs.writeFileSync(connectorPath, EMITTED);
	fs.writeFileSync(
		path.join(root, 'package.json'),
		JSON.stringify({ name: 'emitted-project', private: true, type: 'module' }, null, 2),
	);
	fs.mkdirSync(path.join(root, 'node_modules', '@flue'), { recursive: true });
	fs.symlinkSync(path.join(REPO, 'node_modules', '@flue', 'runtime'), path.join(root, 'node_modules', '@flue', 'runtime'));
	fs.symlinkSync(path.join(REPO, 'node_modules', '@types'), path.join(root, 'node_modules', '@types'));
	const sdk = options.sdk === undefined ? GUEST_PACKAGE : options.sdk;
	if (sdk) fs.symlinkSync(sdk, path.join(root, 'node_modules', 'smolvm-embedded'));
	return { root, connectorPath };
}

export async function loadConnector(project: EmittedProject): Promise<Connector> {
	return (await import(/* @vite-ignore */ pathToFileURL(project.connectorPath).href)) as Connector;
}

let sharedConnector: Promise<Connector> | undefined;

/** The connector as emitted into a project that has the stand-in installed. */
export function connector(): Promise<Connector> {
	sharedConnector ??= loadConnector(emitProject());
	return sharedConnector;
}

let serial = 0;

/** A fresh, started stand-in machine with a unique name. */
export async function newMachine(prefix = 'm'): Promise<Machine> {
	serial += 1;
	return Machine.create({ name: `${prefix}-${process.pid}-${serial}-${Date.now().toString(36)}` });
}

export interface MachineCall {
	method: 'exec' | 'readFile' | 'writeFile';
	args: unknown[];
}

/** Wrap a machine so every guest round trip (exec, readFile, writeFile) is recorded. */
export function counted(machine: Machine): { machine: Machine; calls: MachineCall[]; reset(): void } {
	const calls: MachineCall[] = [];
	const proxy = new Proxy(machine, {
		get(target, property) {
			const value = Reflect.get(target, property, target) as unknown;
			if (
				typeof value === 'function' &&
				(property === 'exec' || property === 'readFile' || property === 'writeFile')
			) {
				return (...args: unknown[]) => {
					calls.push({ method: property, args });
					return (value as (...a: unknown[]) => unknown).apply(target, args);
				};
			}
			return value;
		},
	});
	return {
		machine: proxy,
		calls,
		reset() {
			calls.length = 0;
		},
	};
}

/** A sandbox from the emitted connector over `machine`, through the real sandboxFromDriver. */
export async function openSandbox(machine: Machine, options?: { cwd?: string }): Promise<Sandbox> {
	const { smolvm } = await connector();
	return smolvm(machine, options).createSandbox({ id: 'test-instance' });
}

/** Run a shell snippet in the guest directly (not through the connector). */
export async function guestSh(machine: Machine, script: string, ...args: string[]) {
	return machine.exec(['sh', '-c', script, 'sh', ...args]);
}

/** How many files named PWNED (the marker hostile names try to create) exist in the guest. */
export async function pwned(machine: Machine): Promise<number> {
	const result = await machine.exec(['sh', '-c', 'find / -xdev -name PWNED | wc -l']);
	return Number(result.stdout.trim());
}

/** Single-quote for sh. */
export function q(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Names that must survive every verb unchanged. */
export const HOSTILE_NAMES = [
	'with space',
	"single'quote",
	'double"quote',
	'$(touch PWNED)',
	'`touch PWNED`',
	'semi;touch PWNED',
	'x && touch PWNED',
	'-leading-dash',
	'--',
	'-rf',
	'*',
	'star*glob?[a]',
	'ünïcødé-日本語-🙂',
	'new\nline',
	'trailing-newline\n',
	'\ttab',
	'back\\slash',
	'.hidden',
	'..dots',
	'pipe|amp&gt>lt<',
	'%s%n%d',
	'-e',
	'!',
	'(',
];

export function errorOf(promise: Promise<unknown>): Promise<unknown> {
	return promise.then(
		() => {
			throw new Error('expected the call to fail, but it succeeded');
		},
		(error: unknown) => error,
	);
}
