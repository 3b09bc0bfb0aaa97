// Is this Node new enough for Flue 2.x?

import { pass, problem } from './check.ts';
import type { HostCheck } from './check.ts';
import type { HostProbe } from './probe.ts';

export const MIN_NODE = '22.19.0';

function parts(version: string): [number, number, number] {
  const [a, b, c] = version.replace(/^v/, '').split(/[.+-]/).map((n) => Number.parseInt(n, 10));
  return [a ?? 0, b ?? 0, c ?? 0].map((n) => (Number.isFinite(n) ? n : 0)) as [number, number, number];
}

export function versionAtLeast(version: string, minimum: string): boolean {
  const v = parts(version);
  const m = parts(minimum);
  for (let i = 0; i < 3; i++) {
    if (v[i]! !== m[i]!) return v[i]! > m[i]!;
  }
  return true;
}

export function checkNode(probe: HostProbe, strict: boolean): HostCheck {
  const version = probe.nodeVersion();
  const title = `Node ${MIN_NODE} or later (Flue)`;
  if (versionAtLeast(version, MIN_NODE)) return pass('node', 'toolchain', title, `Node ${version}`);
  return problem('node', 'toolchain', strict ? 'fail' : 'warn', 'node-too-old', {
    title,
    detail: `Node ${version}`,
    cause: `Flue 2.x (@flue/cli, @flue/runtime) needs Node ${MIN_NODE} or later; this is Node ${version}.`,
    fix: 'Install Node 22.19 or later (e.g. `nvm install 22`, `fnm install 22`, or nodejs.org) and use it for this project.',
  });
}
