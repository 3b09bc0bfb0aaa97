// Stand-in for smolvm-embedded, for tests on hosts without the real SDK.
//
// Same public API as the SDK's Machine class, but a "machine" is a directory
// holding a busybox root filesystem, and every command or file call runs in a
// fresh bubblewrap sandbox over that directory (own mount, pid, network, ipc
// and uts namespaces). A path in the guest, symlinks and `..` included, is
// resolved by the guest kernel view, so it can never reach the host.
//
// Host requirements: `bwrap` (Debian package bubblewrap) and a statically
// linked busybox (Debian package busybox-static).
//
// Environment knobs (test only):
//   SMOLVM_STANDIN_HOME      directory for machine root filesystems (default:
//                            a temporary directory removed at process exit)
//   SMOLVM_STANDIN_BUSYBOX   busybox binary to copy into guests
//   SMOLVM_STANDIN_ON_CRASH  "reject" (default) or "hang": what happens to
//                            calls pending when the machine process dies

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// ---------------------------------------------------------------------------
// Errors (same classes and codes as the SDK)
// ---------------------------------------------------------------------------

export class SmolvmError extends Error {
  constructor(message, code) {
    super(message);
    this.name = 'SmolvmError';
    this.code = code;
  }
}

export class NotFoundError extends SmolvmError {
  constructor(message) {
    super(message, 'NOT_FOUND');
    this.name = 'NotFoundError';
  }
}

export class InvalidStateError extends SmolvmError {
  constructor(message) {
    super(message, 'INVALID_STATE');
    this.name = 'InvalidStateError';
  }
}

export class HypervisorUnavailableError extends SmolvmError {
  constructor(message) {
    super(message, 'HYPERVISOR_UNAVAILABLE');
    this.name = 'HypervisorUnavailableError';
  }
}

export class ConflictError extends SmolvmError {
  constructor(message) {
    super(message, 'CONFLICT');
    this.name = 'ConflictError';
  }
}

/** Turn a "[CODE] message" error into the matching class, like the SDK does. */
export function parseNativeError(error) {
  const text = error instanceof Error ? error.message : String(error);
  const match = /^\[(\w+)\]\s*([\s\S]*)$/.exec(text);
  if (!match) return new SmolvmError(text, 'SMOLVM_ERROR');
  const [, code, message] = match;
  switch (code) {
    case 'NOT_FOUND':
      return new NotFoundError(message);
    case 'INVALID_STATE':
      return new InvalidStateError(message);
    case 'HYPERVISOR_UNAVAILABLE':
      return new HypervisorUnavailableError(message);
    case 'CONFLICT':
      return new ConflictError(message);
    default:
      return new SmolvmError(message, code);
  }
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

export class ExecutionError extends Error {
  constructor(exitCode, stdout, stderr) {
    super(`Command failed with exit code ${exitCode}`);
    this.name = 'ExecutionError';
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

export class ExecResult {
  constructor(exitCode, stdout, stderr) {
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  get success() {
    return this.exitCode === 0;
  }

  get output() {
    if (this.stdout && this.stderr) return `${this.stdout}\n${this.stderr}`;
    return this.stdout || this.stderr;
  }

  assertSuccess() {
    if (!this.success) throw new ExecutionError(this.exitCode, this.stdout, this.stderr);
    return this;
  }
}

// ---------------------------------------------------------------------------
// Host tooling
// ---------------------------------------------------------------------------

const GUEST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

let tooling;

function hostTooling() {
  if (tooling) return tooling;
  const busybox = [process.env.SMOLVM_STANDIN_BUSYBOX, '/bin/busybox', '/usr/bin/busybox'].find(
    (candidate) => candidate && fs.existsSync(candidate),
  );
  let bwrap;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', 'bwrap');
    if (fs.existsSync(candidate)) {
      bwrap = candidate;
      break;
    }
  }
  if (!busybox || !bwrap) {
    throw new HypervisorUnavailableError(
      'the smolvm stand-in needs bubblewrap and a static busybox on the host ' +
        '(Debian: apt-get install -y busybox-static bubblewrap)',
    );
  }
  const applets = execFileSync(busybox, ['--list-full'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line && line !== 'linuxrc');
  tooling = { busybox, bwrap, applets };
  return tooling;
}

let homeDir;

function machinesHome() {
  if (homeDir) return homeDir;
  if (process.env.SMOLVM_STANDIN_HOME) {
    homeDir = process.env.SMOLVM_STANDIN_HOME;
    fs.mkdirSync(homeDir, { recursive: true });
  } else {
    homeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smolvm-standin-'));
    const owned = homeDir;
    process.once('exit', () => {
      for (const vm of registry.values()) vm.killAll();
      try {
        fs.rmSync(owned, { recursive: true, force: true });
      } catch {
        // best effort
      }
    });
  }
  return homeDir;
}

function buildRootfs(root) {
  const { busybox, applets } = hostTooling();
  for (const dir of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'usr/local/bin', 'etc', 'root', 'home', 'tmp', 'var/tmp', 'run', 'mnt', 'proc', 'dev']) {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
  }
  fs.chmodSync(path.join(root, 'tmp'), 0o1777);
  fs.chmodSync(path.join(root, 'var/tmp'), 0o1777);
  fs.copyFileSync(busybox, path.join(root, 'bin/busybox'));
  fs.chmodSync(path.join(root, 'bin/busybox'), 0o755);
  for (const applet of applets) {
    const target = path.join(root, applet);
    if (target === path.join(root, 'bin/busybox')) continue;
    try {
      fs.symlinkSync('/bin/busybox', target);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
  }
  fs.writeFileSync(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  fs.writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\n');
  fs.writeFileSync(path.join(root, 'etc/hostname'), 'smolvm\n');
  fs.writeFileSync(path.join(root, '.standin-rootfs'), '');
}

// ---------------------------------------------------------------------------
// Machines: one shared record per name; Machine objects are handles onto it.
// ---------------------------------------------------------------------------

const registry = new Map();

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

class Vm {
  constructor(config) {
    this.name = config.name;
    this.config = config;
    this.state = 'stopped';
    this.holder = undefined;
    this.pending = new Set();
    this.root = path.join(machinesHome(), 'machines', config.name, 'rootfs');
  }

  get isRunning() {
    return this.state === 'running' && this.holder !== undefined && this.holder.exitCode === null;
  }

  bwrapArgs({ env, workdir }) {
    const args = [
      '--bind', this.root, '/',
      '--proc', '/proc',
      '--dev', '/dev',
      '--unshare-all',
    ];
    if (this.config.resources?.network) args.push('--share-net');
    for (const mount of this.config.mounts ?? []) {
      args.push(mount.readOnly === false ? '--bind' : '--ro-bind', mount.source, mount.target);
    }
    args.push('--die-with-parent', '--new-session', '--clearenv');
    args.push('--setenv', 'PATH', GUEST_PATH, '--setenv', 'HOME', '/root');
    for (const [key, value] of Object.entries(env ?? {})) args.push('--setenv', key, String(value));
    args.push('--chdir', workdir ?? '/', '--');
    return args;
  }

  async start() {
    if (this.isRunning) return;
    if (this.state === 'starting' || this.state === 'stopping') {
      throw new InvalidStateError(`machine '${this.name}' is ${this.state}`);
    }
    const { bwrap } = hostTooling();
    this.state = 'starting';
    try {
      if (!fs.existsSync(path.join(this.root, '.standin-rootfs'))) {
        fs.rmSync(this.root, { recursive: true, force: true });
        buildRootfs(this.root);
      }
      // The "VM process": an idle process inside the guest namespaces.
      const holder = spawn(bwrap, [...this.bwrapArgs({}), '/bin/busybox', 'sleep', '2147483647'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let earlyError = '';
      holder.stderr.on('data', (chunk) => {
        earlyError += chunk;
      });
      await new Promise((resolve, reject) => {
        holder.once('spawn', resolve);
        holder.once('error', reject);
      });
      // Give bwrap a moment to fail on a bad setup before declaring the machine up.
      await new Promise((resolve) => setTimeout(resolve, 30));
      if (holder.exitCode !== null) {
        throw new HypervisorUnavailableError(
          `guest failed to start: ${earlyError.trim() || `exit ${holder.exitCode}`} ` +
            '(the host busybox must be statically linked: Debian package busybox-static)',
        );
      }
      holder.unref();
      holder.stderr.destroy();
      this.holder = holder;
      holder.once('exit', () => this.onHolderExit(holder));
      this.state = 'running';
    } catch (error) {
      this.state = 'stopped';
      throw error instanceof SmolvmError ? error : new HypervisorUnavailableError(String(error?.message ?? error));
    }
  }

  // The machine process died without stop(): a crash.
  onHolderExit(holder) {
    if (this.holder !== holder || this.state !== 'running') return;
    this.holder = undefined;
    this.state = 'stopped';
    const hang = process.env.SMOLVM_STANDIN_ON_CRASH === 'hang';
    for (const call of [...this.pending]) {
      call.kill();
      if (hang) call.abandon();
      else call.fail(new SmolvmError(`connection to machine '${this.name}' lost: the machine process exited`, 'CONNECTION_LOST'));
    }
  }

  async stop() {
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    for (const call of [...this.pending]) {
      call.kill();
      call.fail(new InvalidStateError(`machine '${this.name}' was stopped while the call was in progress`));
    }
    const holder = this.holder;
    this.holder = undefined;
    if (holder && holder.exitCode === null) {
      await new Promise((resolve) => {
        holder.once('exit', resolve);
        holder.ref(); // keep the process alive until the machine is down
        holder.kill('SIGKILL');
      });
    }
    this.state = 'stopped';
  }

  killAll() {
    for (const call of this.pending) call.kill();
    try {
      this.holder?.kill('SIGKILL');
    } catch {
      // already gone
    }
  }

  requireRunning() {
    if (!this.isRunning) throw new InvalidStateError(`machine '${this.name}' is not running (state: ${this.state})`);
  }

  /**
   * Run argv in a fresh sandbox over the machine's root. Resolves with raw
   * output buffers and the exit code; a timeout (seconds) kills the whole
   * sandbox and resolves exit code 124.
   */
  run(argv, { env, workdir, timeout, stdin } = {}) {
    this.requireRunning();
    if (!Array.isArray(argv) || argv.length === 0 || argv.some((arg) => typeof arg !== 'string')) {
      return Promise.reject(new SmolvmError('command must be a non-empty array of strings', 'INVALID_ARGUMENT'));
    }
    let command = argv;
    if (workdir !== undefined) {
      // Report a missing working directory the way a failed chdir would.
      command = ['/bin/busybox', 'sh', '-c', 'cd -- "$1" || exit 126; shift; exec "$@"', 'sh', workdir, ...argv];
    }
    const { bwrap } = hostTooling();
    return new Promise((resolve, reject) => {
      let child;
      try {
        child = spawn(bwrap, [...this.bwrapArgs({ env }), ...command], {
          stdio: ['pipe', 'pipe', 'pipe'],
          detached: true, // own process group, killed as a whole
        });
      } catch (error) {
        reject(new SmolvmError(`exec failed: ${error.message}`, 'EXEC_FAILED'));
        return;
      }
      const out = [];
      const err = [];
      let timedOut = false;
      let done = false;
      let timer;
      const call = {
        kill: () => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        },
        fail: (error) => {
          if (done) return;
          done = true;
          cleanup();
          reject(error);
        },
        abandon: () => {
          done = true;
          cleanup();
        },
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.pending.delete(call);
      };
      this.pending.add(call);
      child.stdout.on('data', (chunk) => out.push(chunk));
      child.stderr.on('data', (chunk) => err.push(chunk));
      child.stdin.on('error', () => {
        // the command may exit without reading its input
      });
      child.stdin.end(stdin ?? Buffer.alloc(0));
      if (typeof timeout === 'number' && timeout > 0) {
        timer = setTimeout(() => {
          timedOut = true;
          call.kill();
        }, timeout * 1000);
      }
      child.once('error', (error) => call.fail(new SmolvmError(`exec failed: ${error.message}`, 'EXEC_FAILED')));
      child.once('close', (code, signal) => {
        if (done) return;
        done = true;
        cleanup();
        let stderr = Buffer.concat(err);
        let exitCode = code ?? 128 + (os.constants.signals[signal] ?? 0);
        if (timedOut) {
          exitCode = 124;
          stderr = Buffer.concat([stderr, Buffer.from(`command timed out after ${timeout}s\n`)]);
        }
        resolve({ exitCode, stdout: Buffer.concat(out), stderr });
      });
    });
  }
}

function fileCallError(operation, filePath, stderr) {
  const text = stderr.toString('utf8').trim();
  if (/No such file or directory|nonexistent directory/.test(text)) {
    return new NotFoundError(`${operation} ${filePath}: No such file or directory`);
  }
  const reason = /: ([^:]+)$/.exec(text)?.[1] ?? (text || 'failed');
  return new SmolvmError(`${operation} ${filePath}: ${reason}`, 'IO_ERROR');
}

export class Machine {
  constructor(vm) {
    // Not public in the SDK either: use Machine.create / Machine.connect.
    Object.defineProperty(this, 'vm', { value: vm, enumerable: false });
    this.name = vm.name;
  }

  static async create(config) {
    if (!config || typeof config.name !== 'string' || !NAME.test(config.name)) {
      throw new SmolvmError(`invalid machine name: ${JSON.stringify(config?.name)}`, 'INVALID_ARGUMENT');
    }
    let vm = registry.get(config.name);
    if (vm && vm.state !== 'stopped') {
      throw new ConflictError(`machine '${config.name}' already exists and is ${vm.state}`);
    }
    if (!vm) {
      vm = new Vm(config);
      registry.set(config.name, vm);
    } else {
      vm.config = config;
    }
    const machine = new Machine(vm);
    if (!config.persistent) await machine.start();
    return machine;
  }

  static async connect(name) {
    const vm = registry.get(name);
    if (!vm || !vm.isRunning) throw new NotFoundError(`no running machine named '${name}'`);
    return new Machine(vm);
  }

  async start() {
    await this.vm.start();
  }

  get isStarted() {
    return this.vm.isRunning;
  }

  get state() {
    if (this.vm.state === 'running' && !this.vm.isRunning) return 'stopped';
    return this.vm.state;
  }

  get isRunning() {
    return this.vm.isRunning;
  }

  get pid() {
    return this.vm.isRunning ? this.vm.holder.pid : null;
  }

  async exec(command, options = {}) {
    const result = await this.vm.run(command, {
      env: options.env,
      workdir: options.workdir,
      timeout: options.timeout,
    });
    return new ExecResult(result.exitCode, result.stdout.toString('utf8'), result.stderr.toString('utf8'));
  }

  async execStreaming(command, options = {}) {
    const result = await this.exec(command, options);
    const events = [];
    if (result.stdout) events.push({ kind: 'stdout', data: result.stdout });
    if (result.stderr) events.push({ kind: 'stderr', data: result.stderr });
    events.push({ kind: 'exit', exitCode: result.exitCode });
    return events;
  }

  async run() {
    throw new SmolvmError('OCI images are not available in the stand-in guest', 'UNSUPPORTED');
  }

  async pullImage() {
    throw new SmolvmError('OCI images are not available in the stand-in guest', 'UNSUPPORTED');
  }

  async listImages() {
    return [];
  }

  async readFile(filePath) {
    const result = await this.vm.run(['/bin/busybox', 'cat', '--', filePath]);
    if (result.exitCode !== 0) throw fileCallError('read', filePath, result.stderr);
    return Buffer.from(result.stdout);
  }

  async writeFile(filePath, data, options = {}) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    const mode = options.mode === undefined ? '' : (options.mode & 0o7777).toString(8);
    const script = 'cat > "$1" || exit 1; if [ -n "$2" ]; then chmod "$2" "$1" || exit 1; fi';
    const result = await this.vm.run(['/bin/busybox', 'sh', '-c', script, 'sh', filePath, mode], { stdin: bytes });
    if (result.exitCode !== 0) throw fileCallError('write', filePath, result.stderr);
  }

  async stop() {
    await this.vm.stop();
  }

  async delete() {
    await this.vm.stop();
    registry.delete(this.vm.name);
    fs.rmSync(path.dirname(this.vm.root), { recursive: true, force: true });
  }
}

export async function withMachine(config, fn) {
  const machine = await Machine.create(config);
  try {
    return await fn(machine);
  } finally {
    await machine.delete().catch(() => {});
  }
}

export async function quickExec(command, options = {}) {
  const name = options.name ?? `quick-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return withMachine({ ...options, name }, (machine) => machine.exec(command, options));
}

export async function quickRun(image, command, options = {}) {
  const name = options.name ?? `quick-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return withMachine({ ...options, name }, (machine) => machine.run(image, command, options));
}
