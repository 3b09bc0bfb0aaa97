// Type declarations of the smolvm-embedded stand-in: the SDK's public API.

export interface MachineConfig {
  /** Unique machine name. */
  name: string;
  mounts?: MountSpec[];
  ports?: PortSpec[];
  resources?: ResourceSpec;
  /** When true, create() does not start the machine. */
  persistent?: boolean;
}

export interface MountSpec {
  source: string;
  target: string;
  /** Default true. */
  readOnly?: boolean;
}

export interface PortSpec {
  host: number;
  guest: number;
}

export interface ResourceSpec {
  cpus?: number;
  memoryMb?: number;
  /** Outbound network; default false. */
  network?: boolean;
  storageGib?: number;
  overlayGib?: number;
}

export interface ContainerMount {
  source: string;
  target: string;
  readOnly?: boolean;
}

export interface ExecOptions {
  env?: Record<string, string>;
  workdir?: string;
  /** Whole seconds. On expiry the command is killed and exit code 124 is returned. */
  timeout?: number;
  mounts?: ContainerMount[];
}

export interface FileWriteOptions {
  mode?: number;
}

export interface CodeOptions extends ExecOptions {
  image?: string;
}

export interface ImageInfo {
  reference: string;
  digest: string;
  size: number;
  architecture: string;
  os: string;
}

export interface ExecStreamEvent {
  kind: 'stdout' | 'stderr' | 'exit' | 'error';
  data?: string;
  exitCode?: number;
  message?: string;
}

export declare class ExecutionError extends Error {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  constructor(exitCode: number, stdout: string, stderr: string);
}

export declare class ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  constructor(exitCode: number, stdout: string, stderr: string);
  get success(): boolean;
  get output(): string;
  assertSuccess(): this;
}

export declare class Machine {
  readonly name: string;
  protected constructor(vm: never);
  static create(config: MachineConfig): Promise<Machine>;
  static connect(name: string): Promise<Machine>;
  start(): Promise<void>;
  get isStarted(): boolean;
  /** "stopped" | "starting" | "running" | "stopping" */
  get state(): string;
  get isRunning(): boolean;
  get pid(): number | null;
  exec(command: string[], options?: ExecOptions): Promise<ExecResult>;
  run(image: string, command: string[], options?: ExecOptions): Promise<ExecResult>;
  pullImage(image: string): Promise<ImageInfo>;
  listImages(): Promise<ImageInfo[]>;
  writeFile(path: string, data: string | Uint8Array, options?: FileWriteOptions): Promise<void>;
  readFile(path: string): Promise<Buffer>;
  execStreaming(command: string[], options?: ExecOptions): Promise<ExecStreamEvent[]>;
  stop(): Promise<void>;
  delete(): Promise<void>;
}

export declare function withMachine<T>(config: MachineConfig, fn: (machine: Machine) => Promise<T>): Promise<T>;
export declare function quickExec(command: string[], options?: MachineConfig & ExecOptions): Promise<ExecResult>;
export declare function quickRun(image: string, command: string[], options?: MachineConfig & ExecOptions): Promise<ExecResult>;

export declare class SmolvmError extends Error {
  readonly code: string;
  constructor(message: string, code: string);
}
export declare class NotFoundError extends SmolvmError {
  constructor(message: string);
}
export declare class InvalidStateError extends SmolvmError {
  constructor(message: string);
}
export declare class HypervisorUnavailableError extends SmolvmError {
  constructor(message: string);
}
export declare class ConflictError extends SmolvmError {
  constructor(message: string);
}
export declare function parseNativeError(error: Error): SmolvmError;
