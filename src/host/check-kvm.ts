// Linux: can this process open /dev/kvm for read+write?
//
// The verdict comes only from a real open (ACLs can grant access without the group; a login session that
// started before a group was added lacks it although /etc/group lists it). Mode, owner, group, CPU flags and
// the environment are read only to explain a failure and pick its fix.

import { modeString, pass, problem } from './check.ts';
import type { HostCheck } from './check.ts';
import {
  detectContainer,
  detectVirtualMachine,
  detectWsl,
  isGithubHostedRunner,
  readCpuFlags,
} from './environment.ts';
import type { VirtualMachineHint } from './environment.ts';
import type { HostProbe, PathInfo } from './probe.ts';

export const KVM_DEVICE = '/dev/kvm';
const TITLE = '/dev/kvm opens read+write';

const GITHUB_UDEV_FIX = [
  'Add this step before the job starts microVMs:',
  "  echo 'KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0666\", OPTIONS+=\"static_node=kvm\"' | sudo tee /etc/udev/rules.d/99-kvm4all.rules",
  '  sudo udevadm control --reload-rules',
  '  sudo udevadm trigger --name-match=kvm',
].join('\n');

export function checkKvm(probe: HostProbe): HostCheck {
  const link = probe.lstat(KVM_DEVICE);
  if (link.kind === 'missing') return diagnoseMissing(probe);
  if (link.kind === 'error') return openFailed(probe, link.code, link.message, undefined);

  const target: PathInfo = link.kind === 'symlink' ? probe.stat(KVM_DEVICE) : link;
  if (target.kind !== 'char-device') return notCharDevice(link, target);

  const opened = probe.openReadWrite(KVM_DEVICE);
  const facts = describeDevice(probe, target);
  if (opened.ok) return pass('hypervisor', 'host', TITLE, facts.text);
  if (opened.code === 'EACCES') return permissionDenied(probe, facts);
  if (opened.code === 'EPERM') return blocked(probe, facts);
  return openFailed(probe, opened.code, opened.message, facts.text);
}

interface DeviceFacts {
  mode: number;
  gid: number;
  groupName: string;
  text: string;
}

function describeDevice(probe: HostProbe, info: Extract<PathInfo, { mode: number }>): DeviceFacts {
  const group = probe.group(info.gid);
  const owner = info.uid === 0 ? 'root' : `uid ${info.uid}`;
  const groupName = group?.name ?? `gid ${info.gid}`;
  return {
    mode: info.mode,
    gid: info.gid,
    groupName,
    text: `${modeString(info.kind, info.mode)} ${owner}:${groupName}`,
  };
}

function diagnoseMissing(probe: HostProbe): HostCheck {
  const base = { title: TITLE, detail: `${KVM_DEVICE} does not exist` };

  const wsl = detectWsl(probe);
  if (wsl === 'wsl1') {
    return problem('hypervisor', 'host', 'fail', 'kvm-missing-wsl', {
      ...base,
      cause: 'This is WSL 1, which has no Linux kernel and so no KVM.',
      fix:
        'In Windows, convert the distribution to WSL 2 (`wsl --set-version <distribution> 2`), make sure nested virtualization is on (Windows 11: `nestedVirtualization=true` under `[wsl2]` in %UserProfile%\\.wslconfig), run `wsl --shutdown`, reopen it and run this check again.',
    });
  }
  if (wsl === 'wsl2') {
    return problem('hypervisor', 'host', 'fail', 'kvm-missing-wsl', {
      ...base,
      cause:
        'This is WSL 2 without nested virtualization: WSL exposes /dev/kvm only when nested virtualization is on, which needs Windows 11 and a CPU that supports it (most arm64 Windows machines do not).',
      fix:
        'In Windows, put `nestedVirtualization=true` under `[wsl2]` in %UserProfile%\\.wslconfig, run `wsl --shutdown`, reopen the distribution and run this check again.',
    });
  }

  const container = detectContainer(probe);
  if (container) {
    return problem('hypervisor', 'host', 'fail', 'kvm-missing-container', {
      ...base,
      detail: `${base.detail}; running in a ${container}`,
      cause: `This ${container} was started without the KVM device, so /dev/kvm does not exist inside it.`,
      fix:
        'Start the container with the device: `docker run --device /dev/kvm …` or `podman run --device /dev/kvm …` (Compose: `devices: ["/dev/kvm:/dev/kvm"]`; Kubernetes: a KVM device plugin). The machine running the container must itself have a working /dev/kvm.',
    });
  }

  const sysfsDev = probe.readText('/sys/class/misc/kvm/dev')?.trim();
  if (sysfsDev && /^\d+:\d+$/.test(sysfsDev)) {
    const [major, minor] = sysfsDev.split(':');
    return problem('hypervisor', 'host', 'fail', 'kvm-missing-node', {
      ...base,
      detail: `${base.detail}; the kernel has KVM (device ${sysfsDev} in /sys/class/misc/kvm)`,
      cause: 'KVM is loaded in the kernel, but no /dev/kvm node was created (udev did not run for it, or /dev is not the usual devtmpfs).',
      fix: `Recreate the node: \`sudo udevadm trigger --name-match=kvm\`, or by hand \`sudo mknod /dev/kvm c ${major} ${minor} && sudo chgrp kvm /dev/kvm && sudo chmod 660 /dev/kvm\`.`,
    });
  }

  const cpu = readCpuFlags(probe);
  const vm = detectVirtualMachine(probe, cpu);
  if (vm && !cpu.virtualization) {
    return problem('hypervisor', 'host', 'fail', 'kvm-missing-nested', {
      ...base,
      detail: `${base.detail}; running inside ${vm.label} whose CPU shows no vmx/svm flag`,
      cause: `This Linux is itself a virtual machine (${vm.label}) that does not pass hardware virtualization through (no nested virtualization), so there is no KVM.`,
      fix: nestedFix(vm),
    });
  }

  if (cpu.virtualization) {
    const module = cpu.virtualization === 'vmx' ? 'kvm_intel' : 'kvm_amd';
    return problem('hypervisor', 'host', 'fail', 'kvm-missing-module', {
      ...base,
      detail: `${base.detail}; the CPU advertises ${cpu.virtualization}`,
      cause: `The CPU supports hardware virtualization (${cpu.virtualization}), but the KVM kernel module is not loaded.`,
      fix: `Load it: \`sudo modprobe ${module}\`. To load it at every boot: \`echo ${module} | sudo tee /etc/modules-load.d/kvm.conf\`.`,
    });
  }

  if (cpu.readable && probe.arch() === 'x64') {
    return problem('hypervisor', 'host', 'fail', 'kvm-missing-firmware', {
      ...base,
      detail: `${base.detail}; the CPU advertises neither vmx nor svm and no hypervisor`,
      cause:
        'The CPU reports no hardware virtualization: Intel VT-x / AMD-V is switched off in the firmware, or this CPU has none.',
      fix: 'Enable Intel VT-x (or AMD SVM) in the BIOS/UEFI setup, boot again, then `sudo modprobe kvm_intel` (or `kvm_amd`).',
    });
  }

  return problem('hypervisor', 'host', 'fail', 'kvm-missing-module', {
    ...base,
    cause: 'The KVM module is not loaded, or this kernel was built without KVM.',
    fix:
      'Load it: `sudo modprobe kvm` (on x86 also `kvm_intel` or `kvm_amd`). If modprobe finds no module, install a kernel with KVM; on arm64 the machine must also boot Linux in a mode that allows KVM (EL2).',
  });
}

function nestedFix(vm: VirtualMachineHint): string {
  switch (vm.provider) {
    case 'aws':
      return 'Use an EC2 instance type that exposes virtualization: a bare-metal type (`*.metal`) or one with nested virtualization support. Then run this check again.';
    case 'gcp':
      return 'Create the instance with nested virtualization enabled (`gcloud compute instances create … --enable-nested-virtualization`, on an Intel machine type), or use a bare-metal machine type.';
    case 'azure':
      return 'Use a VM size that supports nested virtualization (for example the Dv3/Ev3 families or newer), or a dedicated host.';
    default:
      return 'Turn on nested virtualization for this VM in its hypervisor (libvirt/Proxmox: CPU model `host-passthrough`/`host`; VMware: expose hardware-assisted virtualization; Hyper-V: `Set-VMProcessor -ExposeVirtualizationExtensions $true`), or run on bare metal.';
  }
}

function notCharDevice(link: PathInfo, target: PathInfo): HostCheck {
  const what =
    target.kind === 'missing'
      ? 'a symbolic link to nothing'
      : target.kind === 'error'
        ? `unreadable (${target.code})`
        : `a ${target.kind.replace('-', ' ')}`;
  return problem('hypervisor', 'host', 'fail', 'kvm-not-char-device', {
    title: TITLE,
    detail: `${KVM_DEVICE} is ${what}${link.kind === 'symlink' ? ' (through a symbolic link)' : ''}`,
    cause: `${KVM_DEVICE} exists but is ${what}, not the KVM character device: something created or mounted the wrong thing there (for example a container bind mount of a plain file).`,
    fix: 'Remove it and provide the real device: on the machine itself `ls -l /dev/kvm` must start with `c`; in a container pass it with `--device /dev/kvm` instead of a volume.',
  });
}

function permissionDenied(probe: HostProbe, facts: DeviceFacts): HostCheck {
  const id = probe.identity();
  const user = id.userName ?? `uid ${id.uid}`;
  const group = probe.group(facts.gid);
  const inSession = id.gid === facts.gid || id.groups.includes(facts.gid);
  const listed = Boolean(
    (id.userName !== undefined && group?.members.includes(id.userName)) || id.passwdGid === facts.gid,
  );
  const groupMayReadWrite = (facts.mode & 0o060) === 0o060;
  const membership = inSession
    ? `${user} is in group ${facts.groupName}`
    : listed
      ? `${user} is listed in group ${facts.groupName} but this session does not carry it`
      : `${user} is not a member of group ${facts.groupName}`;
  const detail = `open(${KVM_DEVICE}, O_RDWR) failed with EACCES; device ${facts.text}; ${membership}`;
  const base = { title: TITLE, detail };

  if (isGithubHostedRunner(probe)) {
    return problem('hypervisor', 'host', 'fail', 'kvm-permission', {
      ...base,
      cause: 'GitHub-hosted Linux runners have /dev/kvm, but only root may open it until a udev rule opens it up.',
      fix: GITHUB_UDEV_FIX,
    });
  }
  if (facts.gid === 0 || !groupMayReadWrite) {
    return problem('hypervisor', 'host', 'fail', 'kvm-permission', {
      ...base,
      cause: `The device gives its group no read+write access (${facts.text}), so ${user} cannot open it and no group membership would help.`,
      fix: [
        'Give the device to the kvm group with a udev rule, then add yourself to that group:',
        '  getent group kvm || sudo groupadd --system kvm',
        "  echo 'KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0660\"' | sudo tee /etc/udev/rules.d/99-kvm.rules",
        '  sudo udevadm control --reload-rules && sudo udevadm trigger --name-match=kvm',
        '  sudo usermod -aG kvm "$USER"   # then log out and back in',
      ].join('\n'),
    });
  }
  if (listed && !inSession) {
    return problem('hypervisor', 'host', 'fail', 'kvm-permission', {
      ...base,
      cause: `${user} was added to group ${facts.groupName}, but this login session started before that, so its processes do not carry the group yet.`,
      fix: `Log out and back in (a new SSH connection, or a new desktop session), or run \`newgrp ${facts.groupName}\` in this shell; restart long-running services or terminal multiplexers started before the change.`,
    });
  }
  if (inSession) {
    return problem('hypervisor', 'host', 'fail', 'kvm-permission', {
      ...base,
      cause: `${user} is in group ${facts.groupName} and the mode lets that group read and write, yet the kernel refused: an access control list or a security module (SELinux, AppArmor) denies this process.`,
      fix: 'Check `getfacl /dev/kvm` for a deny entry and the security log (`sudo ausearch -m avc -ts recent` on SELinux, `sudo journalctl -k | grep -i apparmor` on AppArmor), and allow this program there.',
    });
  }
  return problem('hypervisor', 'host', 'fail', 'kvm-permission', {
    ...base,
    cause: `${user} is not a member of group ${facts.groupName}, which owns /dev/kvm, and the device is not open to others.`,
    fix: `Add the user to the group: \`sudo usermod -aG ${facts.groupName} ${id.userName ?? '"$USER"'}\`, then log out and back in (or \`newgrp ${facts.groupName}\`).`,
  });
}

function blocked(probe: HostProbe, facts: DeviceFacts): HostCheck {
  const container = detectContainer(probe);
  const detail = `open(${KVM_DEVICE}, O_RDWR) failed with EPERM; device ${facts.text}${container ? `; running in a ${container}` : ''}`;
  if (container) {
    return problem('hypervisor', 'host', 'fail', 'kvm-blocked', {
      title: TITLE,
      detail,
      cause: `The device node is visible, but this ${container}'s device rules (cgroup) forbid opening it: the container was not given the KVM device.`,
      fix: 'Start the container with `--device /dev/kvm` (Docker, Podman; Compose `devices:`), rather than mounting /dev or the node as a volume.',
    });
  }
  return problem('hypervisor', 'host', 'fail', 'kvm-blocked', {
    title: TITLE,
    detail,
    cause: 'The kernel refused the open before file permissions applied (EPERM): a security module (SELinux, AppArmor), a seccomp filter or a device cgroup of the service running this process blocks it.',
    fix: 'Check the security log (`sudo ausearch -m avc -ts recent`, `sudo journalctl -k | grep -i -e apparmor -e denied`) and, for a systemd service, its DeviceAllow= setting; allow /dev/kvm for this program.',
  });
}

function openFailed(probe: HostProbe, code: string, message: string, facts: string | undefined): HostCheck {
  const detail = `open(${KVM_DEVICE}, O_RDWR) failed with ${code}${facts ? `; device ${facts}` : ''}`;
  if (code === 'ENXIO' || code === 'ENODEV') {
    const cpu = readCpuFlags(probe);
    const module = cpu.virtualization === 'svm' ? 'kvm_amd' : cpu.virtualization === 'vmx' ? 'kvm_intel' : 'kvm';
    return problem('hypervisor', 'host', 'fail', 'kvm-open-failed', {
      title: TITLE,
      detail,
      cause: 'The /dev/kvm node exists but no KVM driver answers it: the module is not loaded (or the node was created by hand on a kernel without KVM).',
      fix: `Load KVM (\`sudo modprobe ${module}\`) and check \`sudo dmesg | grep -i kvm\` for the reason it did not load.`,
    });
  }
  return problem('hypervisor', 'host', 'fail', 'kvm-open-failed', {
    title: TITLE,
    detail,
    cause: `Opening /dev/kvm for read+write failed: ${message}`,
    fix: 'Look at `ls -l /dev/kvm` and the kernel log (`sudo dmesg | grep -i kvm`); the device must be the KVM character device and open without errors.',
  });
}
