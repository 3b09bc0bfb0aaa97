// One test (or more) per clause of the connector's contract, run on the file
// as emitted into a project, through the real sandboxFromDriver of
// @flue/runtime, against the busybox guest of the smolvm stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '@flue/runtime';
import type { Machine } from '../guest/index.js';
import { HOSTILE_NAMES, connector, counted, errorOf, guestSh, newMachine, openSandbox, pwned, q } from './support.ts';

let machine: Machine;
let sandbox: Sandbox;

beforeAll(async () => {
	machine = await newMachine('contract');
	sandbox = await openSandbox(machine);
});

afterAll(async () => {
	await machine?.delete();
});

/** A fresh directory in the guest for one test. */
let dirSerial = 0;
async function freshDir(): Promise<string> {
	dirSerial += 1;
	const dir = `/scratch/t${dirSerial}`;
	await sandbox.mkdir(dir, { recursive: true });
	return dir;
}

describe('smolvm(machine, options)', () => {
	it('defaults the working directory to /workspace and creates it', async () => {
		const own = await newMachine('cwd');
		try {
			expect((await guestSh(own, '[ -d /workspace ]')).exitCode).toBe(1);
			const box = await openSandbox(own);
			expect(box.cwd).toBe('/workspace');
			expect((await guestSh(own, '[ -d /workspace ]')).exitCode).toBe(0);
			expect((await box.exec('pwd')).stdout).toBe('/workspace\n');
			await box.writeFile('relative.txt', 'r');
			expect((await own.readFile('/workspace/relative.txt')).toString()).toBe('r');
		} finally {
			await own.delete();
		}
	});

	it('honours options.cwd, creating missing parents', async () => {
		const box = await openSandbox(machine, { cwd: '/srv/my app/deep' });
		expect(box.cwd).toBe('/srv/my app/deep');
		expect((await box.exec('pwd')).stdout).toBe('/srv/my app/deep\n');
		expect(await box.readdir('.')).toEqual([]);
	});

	it('refuses a machine that is not running with a clear message', async () => {
		const own = await newMachine('notrunning');
		await own.stop();
		try {
			const { smolvm } = await connector();
			const error = await errorOf(smolvm(own).createSandbox({ id: 'x' }));
			expect(String(error)).toMatch(/is not running \(state: stopped\)/);
			expect(String(error)).toContain(own.name);
		} finally {
			await own.delete();
		}
	});

	it('costs exactly one machine call to open', async () => {
		const { smolvm } = await connector();
		const c = counted(machine);
		await smolvm(c.machine).createSandbox({ id: 'count' });
		expect(c.calls.map((call) => call.method)).toEqual(['exec']);
	});
});

describe('exec', () => {
	it('runs the string through sh -c (not a login shell) and returns stdout, stderr and exit code', async () => {
		const c = counted(machine);
		const box = await openSandbox(c.machine);
		c.reset();
		const result = await box.exec('echo out; echo err >&2; (exit 7)');
		expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 7 });
		const argv = c.calls[0]?.args[0] as string[];
		expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
		expect(argv).toHaveLength(3);
	});

	it('resolves, never rejects, on non-zero exits and unknown commands', async () => {
		expect((await sandbox.exec('exit 3')).exitCode).toBe(3);
		const missing = await sandbox.exec('definitely-not-a-command');
		expect(missing.exitCode).toBe(127);
		expect(missing.stderr).toMatch(/not found/);
	});

	it('runs in the sandbox cwd by default and in options.cwd (absolute or relative)', async () => {
		const dir = await freshDir();
		await sandbox.mkdir(`${dir}/sub dir`);
		expect((await sandbox.exec('pwd')).stdout).toBe('/workspace\n');
		expect((await sandbox.exec('pwd', { cwd: dir })).stdout).toBe(`${dir}\n`);
		const box = await openSandbox(machine, { cwd: dir });
		expect((await box.exec('pwd', { cwd: 'sub dir' })).stdout).toBe(`${dir}/sub dir\n`);
	});

	it('reports a missing cwd as a failed command naming the directory', async () => {
		const result = await sandbox.exec('echo never', { cwd: '/no/such/dir' });
		expect(result.exitCode).not.toBe(0);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('/no/such/dir');
	});

	it('passes env values, overriding the guest environment', async () => {
		const result = await sandbox.exec('printf "%s|%s|%s" "$A" "$HOME" "$PATH"', {
			env: { A: 'a value', HOME: '/elsewhere' },
		});
		expect(result.stdout).toMatch(/^a value\|\/elsewhere\|.*\/bin/);
	});

	it('rejects env names that are not shell identifiers before anything runs', async () => {
		const c = counted(machine);
		const box = await openSandbox(c.machine);
		for (const name of ['1ABC', 'A-B', 'A B', 'A=B', '', 'X;touch PWNED', 'É']) {
			c.reset();
			const error = await errorOf(box.exec('touch PWNED', { env: { [name]: 'v' } }));
			expect(String(error)).toContain('not a valid shell identifier');
			expect(String(error)).toContain(JSON.stringify(name));
			expect(c.calls).toEqual([]);
		}
		expect(await pwned(machine)).toBe(0);
	});

	it('forwards timeoutMs as whole seconds, rounded up', async () => {
		const c = counted(machine);
		const box = await openSandbox(c.machine);
		const seen: unknown[] = [];
		for (const timeoutMs of [1, 999, 1000, 1001, 2500, 60_000]) {
			c.reset();
			await box.exec('true', { timeoutMs });
			seen.push((c.calls[0]?.args[1] as { timeout?: number }).timeout);
		}
		expect(seen).toEqual([1, 1, 1, 2, 3, 60]);
		c.reset();
		await box.exec('true');
		expect(c.calls[0]?.args[1]).toEqual({});
	});

	it('resolves exit code 124 with the reason on stderr when the timeout expires', async () => {
		const started = Date.now();
		const result = await sandbox.exec('echo started; sleep 30; echo never', { timeoutMs: 1200 });
		const elapsed = Date.now() - started;
		expect(result.exitCode).toBe(124);
		expect(result.stdout).toBe('started\n');
		expect(result.stderr).toMatch(/timed out/);
		expect(elapsed).toBeGreaterThanOrEqual(1900); // rounded up to 2 s, never down
		expect(elapsed).toBeLessThan(10_000);
	});

	it('does not forward the abort signal to the machine; the runtime settles the caller', async () => {
		const c = counted(machine);
		const box = await openSandbox(c.machine);
		c.reset();
		const dir = await freshDir();
		c.reset();
		const controller = new AbortController();
		const pending = box.exec(`sleep 1; touch ${q(`${dir}/orphan-finished`)}`, { signal: controller.signal });
		controller.abort();
		const error = await errorOf(pending);
		expect((error as Error).name).toBe('AbortError');
		expect(c.calls[0]?.args[1]).toEqual({});
		expect(JSON.stringify(c.calls[0]?.args)).not.toContain('signal');
		// The command keeps running to completion: smolvm cannot cancel it.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(await sandbox.exists(`${dir}/orphan-finished`)).toBe(true);
	});

	it('quotes cwd and env values so they cannot run commands', async () => {
		const dir = await freshDir();
		for (const name of HOSTILE_NAMES) {
			const sub = `${dir}/${name}`;
			await sandbox.mkdir(sub);
			const result = await sandbox.exec('pwd; printf "%s" "$V"', { cwd: sub, env: { V: name } });
			expect(result.exitCode).toBe(0);
			expect(result.stdout).toBe(`${sub}\n${name}`);
		}
		expect(await pwned(machine)).toBe(0);
	});
});

describe('file verbs', () => {
	it('readFile returns the text; readFileBuffer a plain Uint8Array (not a Buffer)', async () => {
		const dir = await freshDir();
		await guestSh(machine, 'printf "h\\303\\251llo" > "$1"', `${dir}/a.txt`);
		expect(await sandbox.readFile(`${dir}/a.txt`)).toBe('héllo');
		const bytes = await sandbox.readFileBuffer(`${dir}/a.txt`);
		expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
		expect(Buffer.isBuffer(bytes)).toBe(false);
		expect([...bytes]).toEqual([0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f]);
	});

	it('writeFile writes strings as UTF-8 and bytes verbatim, replacing content', async () => {
		const dir = await freshDir();
		await sandbox.writeFile(`${dir}/s.txt`, 'first version, long');
		await sandbox.writeFile(`${dir}/s.txt`, 'ünï');
		expect([...(await machine.readFile(`${dir}/s.txt`))]).toEqual([...Buffer.from('ünï')]);
		await sandbox.writeFile(`${dir}/b.bin`, new Uint8Array([0, 255, 10, 13]));
		expect([...(await machine.readFile(`${dir}/b.bin`))]).toEqual([0, 255, 10, 13]);
		await sandbox.writeFile(`${dir}/empty`, '');
		expect((await sandbox.stat(`${dir}/empty`)).size).toBe(0);
	});

	it('writeFile into a missing directory succeeds through the runtime parent retry', async () => {
		const dir = await freshDir();
		await sandbox.writeFile(`${dir}/x/y/z.txt`, 'deep');
		expect(await sandbox.readFile(`${dir}/x/y/z.txt`)).toBe('deep');
	});

	it('file errors are factual and name the path', async () => {
		const dir = await freshDir();
		const missing = (await errorOf(sandbox.readFile(`${dir}/nope.txt`))) as NodeJS.ErrnoException;
		expect(missing.message).toContain(`${dir}/nope.txt`);
		expect(missing.code).toBe('ENOENT');
		const isDir = (await errorOf(sandbox.readFile(dir))) as NodeJS.ErrnoException;
		expect(isDir.message).toContain(dir);
		expect(isDir.code).toBe('EISDIR');
		const writeDir = (await errorOf(sandbox.writeFile(dir, 'x'))) as NodeJS.ErrnoException;
		expect(writeDir.message).toContain(dir);
		expect(writeDir.code).toBe('EISDIR');
	});

	it('file calls stay inside the guest: symlinks and .. never reach the host', async () => {
		const dir = await freshDir();
		await guestSh(machine, 'ln -s /etc "$1/etc-link"; ln -s ../../../../../../ "$1/up"', dir);
		expect(await sandbox.readFile(`${dir}/etc-link/hostname`)).toBe('smolvm\n');
		const rootNames = await sandbox.readdir(`${dir}/up`);
		expect(rootNames).toContain('scratch');
		expect(rootNames).not.toContain('work');
		expect(await sandbox.readFile('/../../../etc/hostname')).toBe('smolvm\n');
	});
});

describe('stat', () => {
	it('reports files and directories with size and mtime from the guest', async () => {
		const dir = await freshDir();
		await guestSh(machine, 'printf 12345 > "$1/f"; touch -d "2001-02-03 04:05:06" "$1/f"', dir);
		const file = await sandbox.stat(`${dir}/f`);
		expect(file).toEqual({
			isFile: true,
			isDirectory: false,
			isSymbolicLink: false,
			size: 5,
			mtime: new Date('2001-02-03T04:05:06Z'),
		});
		const folder = await sandbox.stat(dir);
		expect(folder.isDirectory).toBe(true);
		expect(folder.isFile).toBe(false);
		expect(folder.isSymbolicLink).toBe(false);
		expect(typeof folder.size).toBe('number');
	});

	it('keeps sub-second mtime precision when the guest reports it', async () => {
		const dir = await freshDir();
		// busybox touch cannot set fractions: find a write whose mtime has some.
		let reported = '';
		for (let attempt = 0; attempt < 5 && !/\.\d*[1-9]\d* /.test(reported); attempt++) {
			await sandbox.writeFile(`${dir}/f`, 'x');
			reported = (await guestSh(machine, 'stat -c %y "$1"', `${dir}/f`)).stdout;
		}
		// e.g. "2026-12-03 13:22:11.123456789 +0000"
		const [, day, time, millis] = /^(\S+) (\d\d:\d\d:\d\d)\.(\d{3})\d* \+0000\n$/.exec(reported) ?? [];
		expect(millis).toBeDefined();
		const mtime = (await sandbox.stat(`${dir}/f`)).mtime;
		expect(mtime?.toISOString()).toBe(`${day}T${time}.${millis}Z`);
	});

	it('follows symlinks for type, size and mtime; isSymbolicLink describes the path itself', async () => {
		const dir = await freshDir();
		await guestSh(
			machine,
			'cd "$1" && printf abcdefgh > target && touch -d "2011-01-01 00:00:00" target && ln -s target link && mkdir d && ln -s d dlink',
			dir,
		);
		expect(await sandbox.stat(`${dir}/link`)).toEqual({
			isFile: true,
			isDirectory: false,
			isSymbolicLink: true,
			size: 8,
			mtime: new Date('2011-01-01T00:00:00Z'),
		});
		const dlink = await sandbox.stat(`${dir}/dlink`);
		expect([dlink.isDirectory, dlink.isFile, dlink.isSymbolicLink]).toEqual([true, false, true]);
	});

	it('reports other file types as neither file nor directory', async () => {
		const dir = await freshDir();
		await guestSh(machine, 'mkfifo "$1/fifo"', dir);
		const fifo = await sandbox.stat(`${dir}/fifo`);
		expect([fifo.isFile, fifo.isDirectory, fifo.isSymbolicLink]).toEqual([false, false, false]);
	});

	it('fails like Node for missing paths, dangling links and paths under a file', async () => {
		const dir = await freshDir();
		await guestSh(machine, 'cd "$1" && ln -s nowhere dangling && touch file', dir);
		for (const [p, code] of [
			[`${dir}/missing`, 'ENOENT'],
			[`${dir}/dangling`, 'ENOENT'],
			[`${dir}/file/child`, 'ENOTDIR'],
		] as const) {
			const error = (await errorOf(sandbox.stat(p))) as NodeJS.ErrnoException;
			expect(error.code).toBe(code);
			expect(error.message).toContain(`'${p}'`);
		}
	});

	it('without `stat -c` in the guest, falls back to wc/date, and omits what it cannot learn', async () => {
		const dir = await freshDir();
		await guestSh(machine, 'printf 123 > "$1/f"; touch -d "2003-03-03 03:03:03" "$1/f"', dir);
		// A guest `sh` (first on PATH) whose `stat`, and then also `date` and `wc`,
		// fail like a minimal busybox build without those applets or formats.
		const shim = (missing: string[]) =>
			[
				'#!/bin/busybox sh',
				...missing.map((tool) => `${tool}() { echo "${tool}: applet not found" >&2; return 127; }`),
				'if [ "$1" = -c ]; then s=$2; shift 3; eval "$s"; else exec /bin/busybox sh "$@"; fi',
			].join('\n');
		try {
			await machine.writeFile('/usr/local/bin/sh', shim(['stat']), { mode: 0o755 });
			expect(await sandbox.stat(`${dir}/f`)).toEqual({
				isFile: true,
				isDirectory: false,
				isSymbolicLink: false,
				size: 3,
				mtime: new Date('2003-03-03T03:03:03Z'),
			});
			await machine.writeFile('/usr/local/bin/sh', shim(['stat', 'date', 'wc']), { mode: 0o755 });
			const bare = await sandbox.stat(`${dir}/f`);
			expect(bare).toEqual({ isFile: true, isDirectory: false, isSymbolicLink: false });
			expect('size' in bare).toBe(false);
			expect('mtime' in bare).toBe(false);
		} finally {
			await guestSh(machine, 'rm -f /usr/local/bin/sh');
		}
		expect((await sandbox.stat(`${dir}/f`)).size).toBe(3);
	});
});

describe('readdir', () => {
	it('returns exact names: hidden, hostile, unicode, newlines, dangling links', async () => {
		const dir = await freshDir();
		for (const name of HOSTILE_NAMES) await sandbox.writeFile(`${dir}/${name}`, name);
		await guestSh(machine, 'ln -s nowhere "$1/dangling"; mkdir "$1/subdir"', dir);
		const names = await sandbox.readdir(dir);
		expect([...names].sort()).toEqual([...HOSTILE_NAMES, 'dangling', 'subdir'].sort());
		expect(await pwned(machine)).toBe(0);
	});

	it('returns [] for an empty directory and follows a symlink to a directory', async () => {
		const dir = await freshDir();
		await guestSh(machine, 'mkdir "$1/e"; ln -s e "$1/elink"; touch "$1/e/x"', dir);
		expect(await sandbox.readdir(`${dir}/e`)).toEqual(['x']);
		expect(await sandbox.readdir(`${dir}/elink`)).toEqual(['x']);
		await guestSh(machine, 'rm "$1/e/x"', dir);
		expect(await sandbox.readdir(`${dir}/e`)).toEqual([]);
	});

	it('lists a literal "*" entry once and never expands it', async () => {
		const dir = await freshDir();
		await sandbox.writeFile(`${dir}/*`, '');
		expect(await sandbox.readdir(dir)).toEqual(['*']);
		await sandbox.writeFile(`${dir}/.*`, '');
		expect([...(await sandbox.readdir(dir))].sort()).toEqual(['*', '.*']);
	});

	it('fails like Node on a file or a missing path', async () => {
		const dir = await freshDir();
		await sandbox.writeFile(`${dir}/file`, '');
		const notDir = (await errorOf(sandbox.readdir(`${dir}/file`))) as NodeJS.ErrnoException;
		expect(notDir.code).toBe('ENOTDIR');
		expect(notDir.message).toContain(`${dir}/file`);
		const missing = (await errorOf(sandbox.readdir(`${dir}/missing`))) as NodeJS.ErrnoException;
		expect(missing.code).toBe('ENOENT');
	});
});

describe('exists', () => {
	it('is true for files, directories and links to them; false for missing and dangling', async () => {
		const dir = await freshDir();
		await guestSh(machine, 'cd "$1" && touch f && ln -s f l && ln -s nowhere dangling', dir);
		expect(await sandbox.exists(`${dir}/f`)).toBe(true);
		expect(await sandbox.exists(dir)).toBe(true);
		expect(await sandbox.exists(`${dir}/l`)).toBe(true);
		expect(await sandbox.exists(`${dir}/dangling`)).toBe(false);
		expect(await sandbox.exists(`${dir}/missing`)).toBe(false);
		expect(await sandbox.exists(`${dir}/f/under-a-file`)).toBe(false);
	});

	it('never throws, even when the machine call itself fails', async () => {
		const { smolvm } = await connector();
		let first = true;
		const broken = new Proxy(machine, {
			get(target, property) {
				if (property === 'exec') {
					return (...args: Parameters<Machine['exec']>) => {
						// Let the sandbox open (mkdir of cwd), then fail every call.
						if (first) {
							first = false;
							return target.exec(...args);
						}
						return Promise.reject(new Error('transport broke'));
					};
				}
				return Reflect.get(target, property, target) as unknown;
			},
		});
		const box = await smolvm(broken).createSandbox({ id: 'broken' });
		expect(await box.exists('/workspace')).toBe(false);
		await expect(box.stat('/workspace')).rejects.toThrow('transport broke');
	});
});

describe('hostile paths through every verb', () => {
	it('round-trips every hostile name through write, read, stat, exists, mkdir, readdir and rm', async () => {
		const dir = await freshDir();
		for (const name of HOSTILE_NAMES) {
			const file = `${dir}/${name}`;
			await sandbox.writeFile(file, `content of ${name}`);
			expect(await sandbox.readFile(file)).toBe(`content of ${name}`);
			expect((await sandbox.stat(file)).isFile).toBe(true);
			expect(await sandbox.exists(file)).toBe(true);
			const sub = `${dir}/d-${name}`;
			await sandbox.mkdir(`${sub}/${name}`, { recursive: true });
			expect(await sandbox.readdir(sub)).toEqual([name]);
			await sandbox.rm(sub, { recursive: true });
			expect(await sandbox.exists(sub)).toBe(false);
			await sandbox.rm(file);
			expect(await sandbox.exists(file)).toBe(false);
		}
		expect(await sandbox.readdir(dir)).toEqual([]);
		expect(await pwned(machine)).toBe(0);
	});
});

describe('machine calls per verb', () => {
	it('costs one machine call per verb', async () => {
		const c = counted(machine);
		const box = await openSandbox(c.machine);
		const dir = await freshDir();
		await sandbox.writeFile(`${dir}/f`, 'x');
		const verbs: [string, () => Promise<unknown>, string][] = [
			['exec', () => box.exec('true'), 'exec'],
			['readFile', () => box.readFile(`${dir}/f`), 'readFile'],
			['readFileBuffer', () => box.readFileBuffer(`${dir}/f`), 'readFile'],
			['writeFile', () => box.writeFile(`${dir}/g`, 'y'), 'writeFile'],
			['stat', () => box.stat(`${dir}/f`), 'exec'],
			['readdir', () => box.readdir(dir), 'exec'],
			['exists', () => box.exists(`${dir}/f`), 'exec'],
			['mkdir', () => box.mkdir(`${dir}/m`), 'exec'],
			['mkdir -p', () => box.mkdir(`${dir}/p/q/r`, { recursive: true }), 'exec'],
			['rm', () => box.rm(`${dir}/g`), 'exec'],
			['rm -rf', () => box.rm(`${dir}/p`, { recursive: true, force: true }), 'exec'],
			['stat (failing)', () => box.stat(`${dir}/missing`).catch(() => undefined), 'exec'],
		];
		const counts: Record<string, string[]> = {};
		for (const [label, run] of verbs) {
			c.reset();
			await run();
			counts[label] = c.calls.map((call) => call.method);
		}
		expect(counts).toEqual(Object.fromEntries(verbs.map(([label, , method]) => [label, [method]])));
	});
});
