// macOS: is Hypervisor.framework usable? `sysctl kern.hv_support` answers 1 when it is.

import { pass, problem } from './check.ts';
import type { HostCheck } from './check.ts';
import { isGithubHostedRunner } from './environment.ts';
import type { HostProbe } from './probe.ts';

const TITLE = 'Hypervisor.framework available';

export function checkHvf(probe: HostProbe): HostCheck {
  const answer = probe.sysctl('kern.hv_support');
  if (answer.kind === 'value' && answer.value === '1') {
    return pass('hypervisor', 'host', TITLE, 'kern.hv_support = 1');
  }
  if (answer.kind === 'error') {
    return problem('hypervisor', 'host', 'fail', 'hvf-unknown', {
      title: TITLE,
      detail: answer.message,
      cause: 'Could not ask macOS whether Hypervisor.framework is available: running /usr/sbin/sysctl failed.',
      fix: 'Run `sysctl -n kern.hv_support` in a terminal: it must print 1. If it does, run this check again from that terminal.',
    });
  }
  const detail = answer.kind === 'missing' ? 'kern.hv_support does not exist on this macOS' : `kern.hv_support = ${answer.value}`;
  if (isGithubHostedRunner(probe)) {
    return problem('hypervisor', 'host', 'fail', 'hvf-unsupported', {
      title: TITLE,
      detail,
      cause:
        'GitHub-hosted macOS runners are themselves virtual machines without nested virtualization, so Hypervisor.framework is unavailable there.',
      fix: 'Run microVM jobs on a self-hosted runner on a physical Mac; keep the hosted runner for steps that do not start machines.',
    });
  }
  return problem('hypervisor', 'host', 'fail', 'hvf-unsupported', {
    title: TITLE,
    detail,
    cause:
      answer.kind === 'missing'
        ? 'This macOS has no kern.hv_support key, which means it offers no Hypervisor.framework at all.'
        : 'macOS reports that Hypervisor.framework cannot run virtual machines here: usually this macOS is itself a virtual machine without nested virtualization (cloud and CI Macs), or the CPU lacks hardware virtualization.',
    fix: 'Run on a physical Mac, or in a macOS VM that offers nested virtualization (Apple M3 or later with macOS 15 or later on the host).',
  });
}
