// Hints about where this Linux runs: WSL, a container, a virtual machine or cloud, a CI runner, and what the
// CPU advertises. Hints only explain a failure; they never decide whether /dev/kvm works.

import type { HostProbe } from './probe.ts';

export type WslKind = 'wsl1' | 'wsl2';

export function detectWsl(probe: HostProbe): WslKind | undefined {
  const release = probe.readText('/proc/sys/kernel/osrelease')?.trim() ?? probe.osRelease();
  if (/microsoft-standard|WSL2/i.test(release)) return 'wsl2';
  if (/Microsoft/.test(release)) return 'wsl1';
  if (probe.env('WSL_DISTRO_NAME') || probe.env('WSL_INTEROP')) return 'wsl2';
  return undefined;
}

/** A human name for the container runtime this process appears to run in, if any. */
export function detectContainer(probe: HostProbe): string | undefined {
  if (probe.env('KUBERNETES_SERVICE_HOST')) return 'Kubernetes pod';
  if (probe.exists('/run/.containerenv')) return 'Podman container';
  if (probe.exists('/.dockerenv')) return 'Docker container';
  const marker = probe.env('container');
  if (marker) return `${marker} container`;
  const cgroup = probe.readText('/proc/1/cgroup') ?? '';
  if (/kubepods/.test(cgroup)) return 'Kubernetes pod';
  if (/docker|containerd|libpod|lxc/.test(cgroup)) return 'container';
  return undefined;
}

export interface CpuFlags {
  /** Intel VT-x (`vmx`) or AMD-V (`svm`), when the CPU flags were readable. */
  virtualization?: 'vmx' | 'svm';
  /** The kernel runs under a hypervisor (`hypervisor` flag). */
  underHypervisor: boolean;
  /** Whether an x86 `flags` line was found at all (arm64 has none). */
  readable: boolean;
}

export function readCpuFlags(probe: HostProbe): CpuFlags {
  const text = probe.readText('/proc/cpuinfo') ?? '';
  const line = text.split('\n').find((l) => /^flags\s*:/.test(l));
  if (!line) return { underHypervisor: false, readable: false };
  const flags = new Set(line.slice(line.indexOf(':') + 1).trim().split(/\s+/));
  const virtualization = flags.has('vmx') ? 'vmx' : flags.has('svm') ? 'svm' : undefined;
  const out: CpuFlags = { underHypervisor: flags.has('hypervisor'), readable: true };
  if (virtualization) out.virtualization = virtualization;
  return out;
}

export type CloudProvider = 'aws' | 'gcp' | 'azure' | 'other-vm';

export interface VirtualMachineHint {
  provider: CloudProvider;
  /** What the firmware calls the machine, for the message. */
  label: string;
  /** AWS bare-metal instance types report a `.metal` product name: no VM at all. */
  bareMetal: boolean;
}

const VM_VENDORS: Array<[RegExp, CloudProvider, string]> = [
  [/^Amazon EC2/i, 'aws', 'AWS EC2'],
  [/^Google/i, 'gcp', 'Google Compute Engine'],
  [/^Microsoft Corporation/i, 'azure', 'Azure / Hyper-V'],
  [/QEMU|KVM/i, 'other-vm', 'QEMU/KVM'],
  [/VMware/i, 'other-vm', 'VMware'],
  [/innotek|VirtualBox/i, 'other-vm', 'VirtualBox'],
  [/^Xen/i, 'other-vm', 'Xen'],
  [/DigitalOcean/i, 'other-vm', 'DigitalOcean'],
  [/Hetzner/i, 'other-vm', 'Hetzner Cloud'],
  [/OpenStack/i, 'other-vm', 'OpenStack'],
  [/Parallels/i, 'other-vm', 'Parallels'],
];

/** Virtual machine or cloud instance, from DMI (x86 and most arm64 clouds) and the CPU `hypervisor` flag. */
export function detectVirtualMachine(probe: HostProbe, cpu: CpuFlags): VirtualMachineHint | undefined {
  const vendor = probe.readText('/sys/class/dmi/id/sys_vendor')?.trim() ?? '';
  const product = probe.readText('/sys/class/dmi/id/product_name')?.trim() ?? '';
  for (const [pattern, provider, label] of VM_VENDORS) {
    if (pattern.test(vendor) || (provider === 'other-vm' && pattern.test(product))) {
      const bareMetal = provider === 'aws' && /\.metal/i.test(product);
      if (bareMetal) return undefined;
      return { provider, label: product && provider !== 'other-vm' ? `${label} (${product})` : label, bareMetal };
    }
  }
  if (cpu.underHypervisor) return { provider: 'other-vm', label: 'a virtual machine', bareMetal: false };
  return undefined;
}

/** A GitHub-hosted Actions runner (not a self-hosted one). */
export function isGithubHostedRunner(probe: HostProbe): boolean {
  return probe.env('GITHUB_ACTIONS') === 'true' && probe.env('RUNNER_ENVIRONMENT') !== 'self-hosted';
}
