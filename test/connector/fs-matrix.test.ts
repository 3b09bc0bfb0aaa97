// rm and mkdir, flag by flag, against Node's own fs on the host: the same
// fixture is built on both sides, the same call is made, and the outcome
// (success or error code) and the resulting tree must match.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '@flue/runtime';
import type { Machine } from '../guest/index.js';
import { guestSh, newMachine, openSandbox } from './support.ts';

let machine: Machine;
let sandbox: Sandbox;
const hostBase = fs.mkdtempSync(path.join(os.tmpdir(), 'flue-smolvm-matrix-'));

beforeAll(async () => {
	machine = await newMachine('matrix');
	sandbox = await openSandbox(machine);
});

afterAll(async () => {
	await machine?.delete();
	fs.rmSync(hostBase, { recursive: true, force: true });
});

const FIXTURE_SCRIPT = `mkdir -p "$1" && cd "$1" &&
mkdir -p dir/sub emptydir && printf x > dir/sub/inner && printf y > file &&
ln -s dir link-dir && ln -s file link-file && ln -s nowhere dangling`;

function hostFixture(root: string): void {
	fs.mkdirSync(path.join(root, 'dir', 'sub'), { recursive: true });
	fs.mkdirSync(path.join(root, 'emptydir'));
	fs.writeFileSync(path.join(root, 'dir', 'sub', 'inner'), 'x');
	fs.writeFileSync(path.join(root, 'file'), 'y');
	fs.symlinkSync('dir', path.join(root, 'link-dir'));
	fs.symlinkSync('file', path.join(root, 'link-file'));
	fs.symlinkSync('nowhere', path.join(root, 'dangling'));
}

function hostTree(root: string): string[] {
	const out: string[] = [];
	const walk = (rel: string) => {
		const st = fs.lstatSync(path.join(root, rel));
		const kind = st.isSymbolicLink() ? 'l' : st.isDirectory() ? 'd' : 'f';
		out.push(`${kind} ${rel}`);
		if (kind === 'd') for (const name of fs.readdirSync(path.join(root, rel))) walk(`${rel}/${name}`);
	};
	walk('.');
	return out.sort();
}

async function guestTree(root: string): Promise<string[]> {
	const result = await guestSh(machine, 'cd "$1" && for t in d f l; do find . -type $t | sed "s/^/$t /"; done', root);
	expect(result.exitCode).toBe(0);
	return result.stdout.split('\n').filter(Boolean).sort();
}

function outcome(error: unknown): string {
	return error === undefined ? 'ok' : String((error as NodeJS.ErrnoException).code ?? (error as Error).message);
}

const TARGETS = [
	'missing',
	'missing/child',
	'missing/deeper/child',
	'file',
	'file/child',
	'dir',
	'dir/sub',
	'emptydir',
	'emptydir/new',
	'link-dir',
	'link-dir/new',
	'link-file',
	'dangling',
	'dangling/child',
];

let caseSerial = 0;

async function compare(
	run: (target: string, sandboxRun: boolean) => Promise<unknown>,
	target: string,
): Promise<{ host: string; guest: string; hostTree: string[]; guestTree: string[] }> {
	caseSerial += 1;
	const hostRoot = path.join(hostBase, `case${caseSerial}`);
	hostFixture(hostRoot);
	const guestRoot = `/matrix/case${caseSerial}`;
	expect((await guestSh(machine, FIXTURE_SCRIPT, guestRoot)).exitCode).toBe(0);
	expect(await guestTree(guestRoot)).toEqual(hostTree(hostRoot));

	let hostError: unknown;
	try {
		await run(path.join(hostRoot, target), false);
	} catch (error) {
		hostError = error;
	}
	let guestError: unknown;
	try {
		await run(`${guestRoot}/${target}`, true);
	} catch (error) {
		guestError = error;
	}
	if (guestError !== undefined) {
		// Errors name the path they are about.
		expect((guestError as Error).message).toContain(`${guestRoot}/${target}`);
	}
	return {
		host: outcome(hostError),
		guest: outcome(guestError),
		hostTree: hostTree(hostRoot),
		guestTree: await guestTree(guestRoot),
	};
}

const RM_FLAGS = [{}, { recursive: true }, { force: true }, { recursive: true, force: true }];
const MKDIR_FLAGS = [{}, { recursive: true }];

describe('rm matches Node fs.rm', () => {
	for (const flags of RM_FLAGS) {
		for (const target of TARGETS) {
			it(`rm ${target} ${JSON.stringify(flags)}`, async () => {
				const result = await compare(
					(p, inGuest) => (inGuest ? sandbox.rm(p, flags) : fs.promises.rm(p, flags)),
					target,
				);
				expect(result.guest).toBe(result.host);
				expect(result.guestTree).toEqual(result.hostTree);
			});
		}
	}
});

describe('mkdir matches Node fs.mkdir', () => {
	for (const flags of MKDIR_FLAGS) {
		for (const target of TARGETS) {
			it(`mkdir ${target} ${JSON.stringify(flags)}`, async () => {
				const result = await compare(
					(p, inGuest) => (inGuest ? sandbox.mkdir(p, flags) : fs.promises.mkdir(p, flags)),
					target,
				);
				expect(result.guest).toBe(result.host);
				expect(result.guestTree).toEqual(result.hostTree);
			});
		}
	}
});
