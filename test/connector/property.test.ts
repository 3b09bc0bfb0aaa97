// Random strings (every printable and control character except NUL) and all
// 256 byte values must come back byte for byte.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '@flue/runtime';
import type { Machine } from '../guest/index.js';
import { newMachine, openSandbox, pwned, q } from './support.ts';

let machine: Machine;
let sandbox: Sandbox;

beforeAll(async () => {
	machine = await newMachine('prop');
	sandbox = await openSandbox(machine);
});

afterAll(async () => {
	await machine?.delete();
});

/** One character: weighted towards ASCII controls and shell metacharacters, but any code point but NUL and lone surrogates. */
const char = fc.oneof(
	{ weight: 3, arbitrary: fc.integer({ min: 1, max: 0x1f }) },
	{ weight: 3, arbitrary: fc.constantFrom(...[..."'\"$`\\;&|<>(){}[]*?!#~%= \t\n\r-"].map((c) => c.codePointAt(0)!)) },
	{ weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7f }) },
	{ weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }) },
	{ weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0x10ffff }) },
).map((code) => String.fromCodePoint(code));

const text = fc.string({ unit: char, minLength: 0, maxLength: 64 });

const RUNS = 60;

describe('property: strings survive byte for byte', () => {
	it('writeFile -> readFile', async () => {
		await fc.assert(
			fc.asyncProperty(text, async (value) => {
				await sandbox.writeFile('/prop/file.txt', value);
				expect(await sandbox.readFile('/prop/file.txt')).toBe(value);
				expect(await sandbox.readFileBuffer('/prop/file.txt')).toEqual(new Uint8Array(Buffer.from(value, 'utf8')));
			}),
			{ numRuns: RUNS },
		);
	});

	it("exec('printf %s ' + quoted)", async () => {
		await fc.assert(
			fc.asyncProperty(text, async (value) => {
				const result = await sandbox.exec(`printf %s ${q(value)}`);
				expect(result).toEqual({ stdout: value, stderr: '', exitCode: 0 });
			}),
			{ numRuns: RUNS },
		);
	});

	it('env values', async () => {
		await fc.assert(
			fc.asyncProperty(text, text, async (value, other) => {
				const result = await sandbox.exec('printf %s "$V"; printf "\\0"; printf %s "$W"', { env: { V: value, W: other } });
				expect(result.exitCode).toBe(0);
				expect(result.stdout).toBe(`${value}\0${other}`);
			}),
			{ numRuns: RUNS },
		);
	});

	it('file names through writeFile, readdir, stat and rm', async () => {
		const name = text.filter((value) => value !== '' && value !== '.' && value !== '..' && !value.includes('/'));
		await fc.assert(
			fc.asyncProperty(name, async (value) => {
				await sandbox.mkdir('/prop/names', { recursive: true });
				await sandbox.writeFile(`/prop/names/${value}`, value);
				expect(await sandbox.readdir('/prop/names')).toEqual([value]);
				expect((await sandbox.stat(`/prop/names/${value}`)).size).toBe(Buffer.byteLength(value));
				await sandbox.rm(`/prop/names/${value}`);
				expect(await sandbox.readdir('/prop/names')).toEqual([]);
			}),
			{ numRuns: RUNS },
		);
		expect(await pwned(machine)).toBe(0);
	});
});

describe('all 256 byte values', () => {
	it('round-trip through writeFile / readFileBuffer', async () => {
		const all = new Uint8Array(512);
		for (let i = 0; i < 256; i++) {
			all[i] = i;
			all[511 - i] = i;
		}
		await sandbox.writeFile('/prop/bytes.bin', all);
		const back = await sandbox.readFileBuffer('/prop/bytes.bin');
		expect(back).toBeInstanceOf(Uint8Array);
		expect(back.length).toBe(512);
		expect(Buffer.from(back).equals(Buffer.from(all))).toBe(true);
		expect((await sandbox.stat('/prop/bytes.bin')).size).toBe(512);
		// The guest sees the same bytes.
		const sum = await sandbox.exec('od -An -tu1 -v /prop/bytes.bin | tr -s " \\n" "\\n" | grep -c .');
		expect(sum.stdout.trim()).toBe('512');
	});

	it('each single byte file round-trips', async () => {
		for (let byte = 0; byte < 256; byte++) {
			await sandbox.writeFile('/prop/one.bin', new Uint8Array([byte]));
			const back = await sandbox.readFileBuffer('/prop/one.bin');
			expect([...back]).toEqual([byte]);
		}
	});
});
