import { createHash, randomUUID } from 'node:crypto';
import { SandboxDiedError, sandboxFromDriver } from '@flue/runtime';
import type { FileStat, Sandbox, SandboxDriver, SandboxFactory, ShellResult } from '@flue/runtime';

/*
 * smolvm sandbox for Flue agents.
 *
 * Two ways to attach a smolvm microVM to an agent:
 *
 *   // 1. You own the machine (create, start, stop and delete it yourself).
 *   import { Machine } from 'smolvm-embedded';
 *   import { smolvm } from '../sandboxes/smolvm.ts';
 *   const machine = await Machine.create({ name: 'my-agent-box' });
 *   useSandbox(smolvm(machine));                     // cwd: /workspace
 *   useSandbox(smolvm(machine, { cwd: '/srv/app' })); // or your own
 *
 *   // 2. Managed: one machine per agent instance id, so a conversation keeps
 *   //    its disk across messages and process restarts.
 *   import { smolvmManaged } from '../sandboxes/smolvm.ts';
 *   useSandbox(smolvmManaged({ config: { resources: { cpus: 2, memoryMb: 2048 } } }));
 *
 * Neither form ever stops or deletes a machine: Flue's sandbox contract has no
 * teardown step. Clean up with the SDK when a conversation is finished, e.g.
 *
 *   import { Machine } from 'smolvm-embedded';
 *   const name = smolvmMachineName(agentInstanceId);
 *   const machine = await Machine.connect(name)                        // running
 *     .catch(() => Machine.create({ name, persistent: true }));       // stopped
 *   await machine.delete(); // stops it and removes its storage
 *
 * This file never imports 'smolvm-embedded' statically, so it typechecks and
 * loads without that package installed; only `smolvmManaged` loads the SDK, on
 * the first `createSandbox` call.
 *
 * Guest round trips: every verb (exec, readFile, readFileBuffer, writeFile,
 * stat, readdir, exists, mkdir, rm) is one machine call; an exec whose command
 * is over 96 KiB is two (the command goes to a guest file first). Opening a sandbox is
 * one more (creating the working directory); the managed form adds the SDK's
 * connect, and create/start when the machine is not running. A writeFile into
 * a missing directory costs three, by the runtime's design: the write fails,
 * Flue's sandbox wrapper runs mkdir -p on the parent and writes again.
 *
 * Names come back from the guest as UTF-8 text; a file name that is not valid
 * UTF-8 is reported with replacement characters (the SDK returns strings).
 */

// ---------------------------------------------------------------------------
// The part of the smolvm-embedded API this file relies on. The SDK's own
// `Machine` class satisfies these shapes; they are written out here so the
// connector does not depend on the SDK's type declarations.
// ---------------------------------------------------------------------------

/** Result of `machine.exec`. */
export interface SmolvmExecResult {
	exitCode: number;
	stdout: string;
	stderr: string;
}

/** The machine surface the connector uses (a `Machine` from smolvm-embedded fits). */
export interface SmolvmMachineLike {
	readonly name?: string;
	/** 'stopped' | 'starting' | 'running' | 'stopping' */
	readonly state: string;
	readonly isRunning: boolean;
	exec(
		argv: string[],
		options?: { env?: Record<string, string>; workdir?: string; timeout?: number },
	): Promise<SmolvmExecResult>;
	readFile(path: string): Promise<Uint8Array>;
	writeFile(path: string, data: string | Uint8Array): Promise<unknown>;
}

/** A machine as returned by the SDK's `Machine.connect` / `Machine.create`. */
export interface SmolvmManagedMachine extends SmolvmMachineLike {
	start(): Promise<void>;
}

/** Machine settings, as accepted by smolvm-embedded's `Machine.create`. */
export interface SmolvmMachineConfig {
	name: string;
	mounts?: { source: string; target: string; readOnly?: boolean }[];
	ports?: { host: number; guest: number }[];
	resources?: {
		cpus?: number;
		memoryMb?: number;
		network?: boolean;
		storageGib?: number;
		overlayGib?: number;
	};
	persistent?: boolean;
}

interface SmolvmSdkLike {
	Machine: {
		connect(name: string): Promise<SmolvmManagedMachine>;
		create(config: SmolvmMachineConfig): Promise<SmolvmManagedMachine>;
	};
}

export interface SmolvmOptions {
	/** Working directory for commands and relative paths. Default `/workspace`; created if missing. */
	cwd?: string;
}

export interface SmolvmManagedOptions extends SmolvmOptions {
	/** Settings used when the machine has to be created. The name comes from `name`. */
	config?: Omit<SmolvmMachineConfig, 'name'>;
	/** Machine name for an agent instance id. Default: {@link smolvmMachineName}. */
	name?: (id: string) => string;
}

const DEFAULT_CWD = '/workspace';

/** How often a pending call checks whether the machine is still running (ms). */
const LIVENESS_POLL_MS = 250;

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * A sandbox over a machine you manage yourself. The machine must be running
 * when the agent initialises; the working directory is created if missing.
 */
export function smolvm(machine: SmolvmMachineLike, options: SmolvmOptions = {}): SandboxFactory {
	return {
		createSandbox: () => openSandbox(machine, options.cwd ?? DEFAULT_CWD),
	};
}

/**
 * A sandbox on the machine named for the agent instance id: attaches to it when
 * it is running, otherwise creates (or restarts) it under that name so its
 * storage carries over. Never stops or deletes the machine.
 */
export function smolvmManaged(options: SmolvmManagedOptions = {}): SandboxFactory {
	return {
		async createSandbox({ id }) {
			const cwd = options.cwd ?? DEFAULT_CWD;
			// Checked before a machine is created or started for it.
			if (!cwd.startsWith('/')) throw new Error(`smolvm: cwd must be an absolute guest path, got "${cwd}".`);
			const name = (options.name ?? smolvmMachineName)(id);
			if (typeof name !== 'string' || name === '') {
				throw new Error(`smolvm: the name function returned no machine name for agent instance "${id}".`);
			}
			const machine = await attachOnce(name, options.config ?? {});
			return openSandbox(machine, cwd);
		},
	};
}

/**
 * The default machine name for an agent instance id: `flue-<id>` when the id is
 * short and made of letters, digits, `-` and `_`; otherwise `flue_` (an
 * underscore, which no `flue-<id>` name starts with), a cleaned-up prefix of the
 * id and 64 bits of its SHA-256, so different ids never share a machine.
 */
export function smolvmMachineName(id: string): string {
	if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/.test(id)) return `flue-${id}`;
	const slug = id
		.replace(/[^A-Za-z0-9_-]+/g, '-')
		.replace(/^[-_]+|[-_]+$/g, '')
		.slice(0, 32);
	const hash = createHash('sha256').update(id).digest('hex').slice(0, 16);
	return `flue_${slug ? `${slug}-` : ''}${hash}`;
}

// ---------------------------------------------------------------------------
// Managed machines
// ---------------------------------------------------------------------------

// Held in a variable so neither TypeScript nor the bundler tries to resolve the
// package while checking or building: it is loaded at run time, and only here.
const SDK_PACKAGE: string = 'smolvm-embedded';

let sdkPromise: Promise<SmolvmSdkLike> | undefined;

function loadSdk(): Promise<SmolvmSdkLike> {
	sdkPromise ??= (import(/* @vite-ignore */ SDK_PACKAGE) as Promise<SmolvmSdkLike>).catch((error: unknown) => {
		sdkPromise = undefined;
		throw new Error(
			`smolvm: could not load the '${SDK_PACKAGE}' package, which smolvmManaged() needs to start machines. ` +
				`Install it in this project (for example from a local build or tarball of smolvm's Node SDK).`,
			{ cause: error },
		);
	});
	return sdkPromise;
}

// Concurrent createSandbox calls for the same id share one attach, so two
// harnesses of one agent instance never race to create the same machine.
const attaching = new Map<string, Promise<SmolvmManagedMachine>>();

function attachOnce(name: string, config: Omit<SmolvmMachineConfig, 'name'>): Promise<SmolvmManagedMachine> {
	let pending = attaching.get(name);
	if (!pending) {
		pending = attach(name, config).finally(() => attaching.delete(name));
		attaching.set(name, pending);
	}
	return pending;
}

async function attach(name: string, config: Omit<SmolvmMachineConfig, 'name'>): Promise<SmolvmManagedMachine> {
	const { Machine } = await loadSdk();
	let machine: SmolvmManagedMachine;
	try {
		machine = await Machine.connect(name);
	} catch (error) {
		if (!hasCode(error, 'NOT_FOUND')) throw error;
		try {
			machine = await Machine.create({ ...config, name });
		} catch (createError) {
			// Someone else started it in the meantime: use theirs.
			if (!hasCode(createError, 'CONFLICT')) throw createError;
			machine = await Machine.connect(name);
		}
	}
	// `persistent: true` machines are created stopped.
	if (!machine.isRunning) await machine.start();
	return machine;
}

function hasCode(error: unknown, code: string): boolean {
	return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

// ---------------------------------------------------------------------------
// The driver
// ---------------------------------------------------------------------------

async function openSandbox(machine: SmolvmMachineLike, cwd: string): Promise<Sandbox> {
	if (!cwd.startsWith('/')) throw new Error(`smolvm: cwd must be an absolute guest path, got "${cwd}".`);
	if (!isAlive(machine)) {
		throw new Error(
			`smolvm: machine "${machine.name ?? '(unnamed)'}" is not running (state: ${readState(machine)}); start it before the agent uses it.`,
		);
	}
	const driver = new SmolvmDriver(machine);
	await driver.mkdir(cwd, { recursive: true });
	return sandboxFromDriver(driver, cwd);
}

function readState(machine: SmolvmMachineLike): string {
	try {
		return String(machine.state);
	} catch {
		return 'unknown';
	}
}

function isAlive(machine: SmolvmMachineLike): boolean {
	try {
		const state = machine.state;
		return machine.isRunning && state !== 'stopped' && state !== 'stopping';
	} catch {
		return false;
	}
}

/*
 * Guest scripts. Every verb below runs one fixed script through
 * `sh -c SCRIPT sh ARG...`: paths and flags travel as positional arguments
 * ("$1", "$2"...), always expanded inside double quotes, so no path can become
 * shell code. Only POSIX sh and busybox applets are used; `stat -c` (missing
 * from minimal busybox builds) is tried and, if it fails, replaced by `wc -c`
 * and `date -r`, or the field is left out.
 *
 * A script that detects a failure prints one error code on stdout and exits 3.
 *
 * Plain `sh -c`, not a login shell (`-l`): a login shell reads /etc/profile and
 * ~/.profile, which may print text, change directory or variables and costs
 * time; these scripts parse their own stdout and must see nothing else.
 */

// Why does "$1" not exist? ENOTDIR when the nearest existing ancestor is not a
// directory (as Node reports it), else ENOENT.
const WHY = `why() {
  a=$1
  while :; do
    a=\${a%/*}
    if [ -z "$a" ]; then echo ENOENT; return; fi
    if [ -e "$a" ]; then
      if [ -d "$a" ]; then echo ENOENT; else echo ENOTDIR; fi
      return
    fi
  done
}
`;

// Follow symlinks for type, size and mtime; report the link itself separately.
const STAT_SCRIPT = `${WHY}p=$1
if [ -d "$p" ]; then t=d; elif [ -f "$p" ]; then t=f; elif [ -e "$p" ]; then t=o; else why "$p"; exit 3; fi
if [ -L "$p" ]; then l=1; else l=0; fi
if m=$(stat -L -c '%s %Y %y' -- "$p" 2>/dev/null) && [ -n "$m" ]; then
  printf 'S %s %s %s\\n' "$t" "$l" "$m"
else
  s=-
  if [ "$t" = f ]; then s=$(wc -c < "$p" 2>/dev/null) || s=-; fi
  y=$(date -r "$p" +%s 2>/dev/null) || y=-
  printf 'F %s %s %s %s\\n' "$t" "$l" "$s" "$y"
fi
`;

// Names NUL-terminated: the only byte a file name cannot contain.
const READDIR_SCRIPT = `${WHY}p=$1
if [ ! -d "$p" ]; then
  if [ -e "$p" ]; then echo ENOTDIR; else why "$p"; fi
  exit 3
fi
cd -- "$p" || { echo EOTHER; exit 3; }
for n in .* *; do
  case $n in .|..) continue ;; esac
  if [ -e "$n" ] || [ -L "$n" ]; then printf '%s\\0' "$n"; fi
done
`;

const EXISTS_SCRIPT = `[ -e "$1" ]`;

// $2: 1 = recursive. Outcomes follow Node's fs.mkdir, dangling symlinks included.
const MKDIR_SCRIPT = `${WHY}p=$1
if [ "$2" = 1 ]; then
  if [ -d "$p" ]; then exit 0; fi
  if [ -L "$p" ] && [ ! -e "$p" ]; then echo ENOENT; exit 3; fi
  if [ -e "$p" ]; then echo EEXIST; exit 3; fi
  a=$p
  while :; do
    a=\${a%/*}
    if [ -z "$a" ]; then break; fi
    if [ -e "$a" ] || [ -L "$a" ]; then
      if [ ! -d "$a" ]; then echo ENOTDIR; exit 3; fi
      break
    fi
  done
  mkdir -p -- "$p" && exit 0
else
  if [ -e "$p" ] || [ -L "$p" ]; then echo EEXIST; exit 3; fi
  mkdir -- "$p" && exit 0
  d=\${p%/*}
  if [ ! -d "\${d:-/}" ]; then why "$p"; exit 3; fi
fi
echo EOTHER; exit 3
`;

// $2: 1 = recursive, $3: 1 = force. Like Node's fs.rm: force only excuses a
// missing path; a directory needs recursive; a symlink is removed, not followed.
const RM_SCRIPT = `${WHY}p=$1
if [ ! -e "$p" ] && [ ! -L "$p" ]; then
  c=$(why "$p")
  if [ "$c" = ENOENT ] && [ "$3" = 1 ]; then exit 0; fi
  echo "$c"; exit 3
fi
if [ -d "$p" ] && [ ! -L "$p" ]; then
  if [ "$2" != 1 ]; then echo EISDIR; exit 3; fi
  rm -rf -- "$p" && exit 0
else
  rm -f -- "$p" && exit 0
fi
echo EOTHER; exit 3
`;

const ERROR_TEXT: Record<string, string> = {
	ENOENT: 'no such file or directory',
	ENOTDIR: 'not a directory',
	EEXIST: 'file already exists',
	EISDIR: 'illegal operation on a directory',
	ERR_FS_EISDIR: 'path is a directory (remove it with recursive: true)',
	EACCES: 'permission denied',
};

/** A Node-style filesystem error (`code`, `syscall`, `path`) whose message names the path. */
function fsError(code: string, syscall: string, path: string, detail?: string): Error {
	const text = ERROR_TEXT[code] ?? 'operation failed';
	const error = new Error(`${code}: ${text}, ${syscall} '${path}'${detail ? ` (${detail})` : ''}`) as Error & {
		code: string;
		syscall: string;
		path: string;
	};
	error.code = code;
	error.syscall = syscall;
	error.path = path;
	return error;
}

/** Best-effort errno for an SDK file-call failure, from its code or wording. */
function codeFromSdkError(error: unknown): string | undefined {
	if (hasCode(error, 'NOT_FOUND')) return 'ENOENT';
	const message = error instanceof Error ? error.message : String(error);
	if (/no such file|not found/i.test(message)) return 'ENOENT';
	if (/is a directory/i.test(message)) return 'EISDIR';
	if (/not a directory/i.test(message)) return 'ENOTDIR';
	if (/permission denied/i.test(message)) return 'EACCES';
	return undefined;
}

function sdkFileError(syscall: string, path: string, error: unknown): Error {
	const detail = error instanceof Error ? error.message : String(error);
	const code = codeFromSdkError(error);
	const wrapped = code
		? fsError(code, syscall, path, detail)
		: new Error(`${syscall} '${path}' failed: ${detail}`);
	(wrapped as Error & { cause?: unknown }).cause = error;
	return wrapped;
}

function checkPath(path: string): void {
	if (path.includes('\0')) throw new Error(`smolvm: path ${JSON.stringify(path)} contains a NUL byte.`);
}

/** Single-quote a value for sh: the only character needing care is `'` itself. */
function shellQuote(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Commands longer than this (in UTF-8 bytes) run from a guest file; one argument may hold 128 KiB. */
const LONG_COMMAND_BYTES = 96 * 1024;

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** Milliseconds to the SDK's whole seconds, rounded up (never to 0, which would mean "no limit"). */
function timeoutSeconds(timeoutMs: number | undefined): number | undefined {
	if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs === Infinity) return undefined;
	return Math.max(1, Math.ceil(timeoutMs / 1000));
}

const utf8 = new TextDecoder();

// Only erasable TypeScript syntax in this file (no parameter properties, enums
// or namespaces), so Node can also load it directly with type stripping.
class SmolvmDriver implements SandboxDriver {
	private readonly machine: SmolvmMachineLike;

	constructor(machine: SmolvmMachineLike) {
		this.machine = machine;
	}

	/**
	 * Run one machine call, failing with SandboxDiedError when the machine is not
	 * running before the call, stops while it is pending (checked every
	 * LIVENESS_POLL_MS with a local state read, no guest round trip), or was found
	 * stopped when the call failed. A pending SDK call is not abandoned silently:
	 * it keeps running in the SDK, but nobody waits on it any more.
	 */
	private guard<T>(operation: string, call: () => Promise<T>): Promise<T> {
		const machine = this.machine;
		const died = () => new SandboxDiedError({ operation, reason: 'stopped' });
		if (!isAlive(machine)) return Promise.reject(died());
		return new Promise<T>((resolve, reject) => {
			let settled = false;
			const finish = () => {
				settled = true;
				clearInterval(poll);
			};
			const poll = setInterval(() => {
				if (settled || isAlive(machine)) return;
				finish();
				reject(died());
			}, LIVENESS_POLL_MS);
			// Never keep the process alive just to watch a machine.
			(poll as { unref?: () => void }).unref?.();
			let pending: Promise<T>;
			try {
				pending = call();
			} catch (error) {
				pending = Promise.reject(error);
			}
			pending.then(
				(value) => {
					if (settled) return;
					finish();
					resolve(value);
				},
				(error: unknown) => {
					if (settled) return;
					finish();
					reject(!isAlive(machine) || hasCode(error, 'INVALID_STATE') ? died() : error);
				},
			);
		});
	}

	private script(operation: string, script: string, args: string[]): Promise<SmolvmExecResult> {
		return this.guard(operation, () => this.machine.exec(['sh', '-c', script, 'sh', ...args]));
	}

	/** The error a verb script reported (exit 3 + code on stdout), or a generic one. */
	private scriptError(result: SmolvmExecResult, syscall: string, path: string): Error {
		const code = result.stdout.trim();
		if (result.exitCode === 3 && /^[A-Z_]+$/.test(code) && code !== 'EOTHER') {
			return fsError(code, syscall, path);
		}
		const detail = result.stderr.trim() || `guest shell exited with code ${result.exitCode}`;
		return new Error(`${syscall} '${path}' failed: ${detail}`);
	}

	async exec(
		command: string,
		options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; signal?: AbortSignal } = {},
	): Promise<ShellResult> {
		// Validate everything before anything runs.
		let prelude = '';
		const env: Record<string, string> = {};
		if (options.cwd !== undefined) {
			checkPath(options.cwd);
			prelude += `cd -- ${shellQuote(options.cwd)} || exit 1\n`;
		}
		for (const [name, value] of Object.entries(options.env ?? {})) {
			if (!ENV_NAME.test(name)) {
				throw new Error(
					`smolvm exec: environment variable name ${JSON.stringify(name)} is not a valid shell identifier ` +
						`(letters, digits and _, not starting with a digit); the command was not run.`,
				);
			}
			if (value === undefined) continue;
			if (String(value).includes('\0')) {
				throw new Error(`smolvm exec: the value of environment variable ${name} contains a NUL byte; the command was not run.`);
			}
			env[name] = String(value);
		}
		// The command runs through plain `sh -c` (see the note above the scripts):
		// callers get the machine's environment plus `env`, not a login profile.
		// `options.signal` is deliberately not used: smolvm cannot cancel a running
		// command, and sandboxFromDriver already settles the caller's promise on
		// abort. The deadline is enforced in the guest through `timeout`, which the
		// SDK takes in whole seconds; on expiry it kills the command and answers
		// exit code 124 with the reason on stderr, which is passed through as is.
		//
		// `env` goes through the SDK's own option, not into the script, and a
		// command too long for one argument (Linux caps it at 128 KiB; agents write
		// long heredocs) is written to a guest file first and run from there: the
		// one case where exec costs two machine calls.
		const timeout = timeoutSeconds(options.timeoutMs);
		const execOptions = { ...(Object.keys(env).length > 0 ? { env } : {}), ...(timeout === undefined ? {} : { timeout }) };
		let argv = ['sh', '-c', prelude + command];
		if (utf8Length(command) > LONG_COMMAND_BYTES) {
			const script = `/tmp/.flue-exec-${randomUUID()}.sh`;
			await this.guard('exec', () => this.machine.writeFile(script, command));
			argv = ['sh', '-c', `trap 'rm -f -- "$1"' EXIT\n${prelude}sh "$1"`, 'sh', script];
		}
		const result = await this.guard('exec', () => this.machine.exec(argv, execOptions));
		return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
	}

	async readFile(path: string): Promise<string> {
		return utf8.decode(await this.readBytes(path, 'readFile'));
	}

	async readFileBuffer(path: string): Promise<Uint8Array> {
		// A plain Uint8Array copy, not the SDK's Buffer.
		return new Uint8Array(await this.readBytes(path, 'readFileBuffer'));
	}

	private async readBytes(path: string, operation: string): Promise<Uint8Array> {
		checkPath(path);
		try {
			return await this.guard(operation, () => this.machine.readFile(path));
		} catch (error) {
			if (error instanceof SandboxDiedError) throw error;
			throw sdkFileError('open', path, error);
		}
	}

	async writeFile(path: string, content: string | Uint8Array): Promise<void> {
		checkPath(path);
		try {
			await this.guard('writeFile', () => this.machine.writeFile(path, content));
		} catch (error) {
			if (error instanceof SandboxDiedError) throw error;
			throw sdkFileError('open', path, error);
		}
	}

	async stat(path: string): Promise<FileStat> {
		checkPath(path);
		const result = await this.script('stat', STAT_SCRIPT, [path]);
		if (result.exitCode !== 0) throw this.scriptError(result, 'stat', path);
		return parseStat(result.stdout, path);
	}

	async readdir(path: string): Promise<string[]> {
		checkPath(path);
		const result = await this.script('readdir', READDIR_SCRIPT, [path]);
		if (result.exitCode !== 0) throw this.scriptError(result, 'scandir', path);
		const names = result.stdout.split('\0');
		names.pop(); // text after the last terminator: empty
		return names;
	}

	async exists(path: string): Promise<boolean> {
		// Never throws: a failed or dead machine means "not known to exist".
		try {
			checkPath(path);
			const result = await this.script('exists', EXISTS_SCRIPT, [path]);
			return result.exitCode === 0;
		} catch {
			return false;
		}
	}

	async mkdir(path: string, options: { recursive?: boolean } = {}): Promise<void> {
		checkPath(path);
		const result = await this.script('mkdir', MKDIR_SCRIPT, [path, options.recursive ? '1' : '0']);
		if (result.exitCode !== 0) throw this.scriptError(result, 'mkdir', path);
	}

	async rm(path: string, options: { recursive?: boolean; force?: boolean } = {}): Promise<void> {
		checkPath(path);
		const result = await this.script('rm', RM_SCRIPT, [
			path,
			options.recursive ? '1' : '0',
			options.force ? '1' : '0',
		]);
		if (result.exitCode === 3 && result.stdout.trim() === 'EISDIR') throw fsError('ERR_FS_EISDIR', 'rm', path);
		if (result.exitCode !== 0) throw this.scriptError(result, 'rm', path);
	}
}

/** Parse STAT_SCRIPT output, keeping only fields the guest actually reported. */
function parseStat(stdout: string, path: string): FileStat {
	const fields = stdout.trim().split(/\s+/);
	const [form, type, link] = fields;
	if ((form !== 'S' && form !== 'F') || !type || !link) {
		throw new Error(`stat '${path}' failed: unexpected guest output ${JSON.stringify(stdout)}`);
	}
	const stat: FileStat = {
		isFile: type === 'f',
		isDirectory: type === 'd',
		isSymbolicLink: link === '1',
	};
	const size = wholeNumber(fields[3]);
	const seconds = wholeNumber(fields[4]);
	if (size !== undefined) stat.size = size;
	if (seconds !== undefined) {
		// `%y` carries the sub-second part (e.g. "2026-01-02 03:04:05.123456789 +0000").
		const fraction = form === 'S' ? /\.(\d+)$/.exec(fields[6] ?? '')?.[1] : undefined;
		const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
		stat.mtime = new Date(seconds * 1000 + millis);
	}
	return stat;
}

function wholeNumber(text: string | undefined): number | undefined {
	if (text === undefined || !/^\d+$/.test(text)) return undefined;
	const value = Number(text);
	return Number.isSafeInteger(value) ? value : undefined;
}
