import { describe, expect, it } from 'vitest';
import { versionAtLeast } from '../../src/host/check-node.ts';
import { DOCTOR_EXIT } from '../../src/host/exit-codes.ts';
import type { FakeHost } from './fake-probe.ts';
import { macHost, noKvm } from './fake-probe.ts';
import { expectFailure, run } from './helpers.ts';

const ROOT = '/home/ada/agent';
const SDK = { name: 'smolvm-embedded', dir: `${ROOT}/node_modules/smolvm-embedded`, version: '0.2.0' };
const NATIVE_DIR = `${ROOT}/node_modules/smolvm-embedded-linux-x64-gnu`;
const withSdk = (over: FakeHost = {}): FakeHost => ({
  ...over,
  packages: { 'smolvm-embedded': SDK, ...over.packages },
  files: {
    [`${NATIVE_DIR}/package.json`]: '{"name":"smolvm-embedded-linux-x64-gnu","version":"0.1.0"}',
    [`${NATIVE_DIR}/native/index.js`]: '',
    ...over.files,
  },
});

describe('smolvm-embedded', () => {
  it('passes when the SDK resolves and its sibling native part loads, with the lib dir exported', async () => {
    const r = await run(withSdk(), { projectRoot: ROOT });
    const c = r.check('sdk');
    expect(c.status).toBe('pass');
    expect(c.detail).toBe('smolvm-embedded 0.2.0 with smolvm-embedded-linux-x64-gnu 0.1.0; native part loads');
    expect(r.probe.calls).toContain(`loadNative(${NATIVE_DIR}/native/index.js lib=${NATIVE_DIR}/lib)`);
    expect(r.json.exitCode).toBe(0);
  });

  it('finds a native part that is not a sibling through normal resolution from the SDK', async () => {
    const nativeElsewhere = { name: 'smolvm-embedded-darwin-arm64', dir: '/opt/store/smolvm-embedded-darwin-arm64', version: '0.1.0' };
    const r = await run(
      macHost({ packages: { 'smolvm-embedded': SDK, 'smolvm-embedded-darwin-arm64': nativeElsewhere }, files: { '/opt/store/smolvm-embedded-darwin-arm64/native/index.js': '' } }),
      { projectRoot: ROOT },
    );
    expect(r.check('sdk').status).toBe('pass');
    expect(r.probe.calls).toContain(`resolvePackage(smolvm-embedded-darwin-arm64 from ${SDK.dir})`);
  });

  it('missing SDK is a warning: the host stays ready and the exit code stays 0', async () => {
    const r = await run({}, { projectRoot: ROOT });
    expectFailure(r, 'sdk', 'sdk-missing', {
      status: 'warn',
      ready: true,
      reportExit: 0,
      cause: /not installed in this project.*local build or from tarballs/s,
      fix: /npm i .*smolvm-embedded-linux-x64-gnu-<version>\.tgz/,
    });
  });

  it('missing SDK under --strict fails with its own code, host still ready', async () => {
    const r = await run({}, { projectRoot: ROOT, strict: true });
    expectFailure(r, 'sdk', 'sdk-missing', { ready: true, cause: /not installed/, fix: /npm i/ });
    expect(r.json.strict).toBe(true);
  });

  it('a platform without a native part (musl) is reported by the SDK check too', async () => {
    const r = await run(withSdk({ libc: { family: 'musl' } }), { projectRoot: ROOT, strict: true });
    expectFailure(r, 'sdk', 'sdk-platform-unsupported', {
      reportExit: DOCTOR_EXIT['libc-musl'],
      cause: /no native part for linux x64 \(musl\).*linux-x64-gnu/s,
      fix: /glibc Linux/,
    });
  });

  it('SDK present but its native part skipped by the package manager', async () => {
    const r = await run({ packages: { 'smolvm-embedded': SDK } }, { projectRoot: ROOT, strict: true });
    expectFailure(r, 'sdk', 'sdk-native-missing', {
      ready: true,
      cause: /native part smolvm-embedded-linux-x64-gnu is not.*--omit=optional/s,
      fix: /npm i smolvm-embedded-linux-x64-gnu/,
    });
  });

  it('native part without native/index.js', async () => {
    const r = await run(
      { packages: { 'smolvm-embedded': SDK }, files: { [`${NATIVE_DIR}/package.json`]: '{"version":"0.1.0"}' } },
      { projectRoot: ROOT, strict: true },
    );
    expectFailure(r, 'sdk', 'sdk-native-load-failed', { ready: true, cause: /incomplete: it has no native\/index\.js/, fix: /Rebuild smolvm-embedded-linux-x64-gnu/ });
  });

  it('native part that does not load names the loader error', async () => {
    const message = "Error: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found";
    const r = await run(withSdk({ native: { ok: false, message } }), { projectRoot: ROOT, strict: true });
    const c = expectFailure(r, 'sdk', 'sdk-native-load-failed', { ready: true, cause: /does not load in this Node: .*GLIBC_2\.38/, fix: /ldd --version/ });
    expect(c.detail).toContain('GLIBC_2.38');
  });

  it('without a project root the SDK check is left out', async () => {
    const r = await run({});
    expect(r.json.checks.map((c) => c.id)).toEqual(['platform', 'libc', 'hypervisor', 'node']);
    expect(r.probe.calls.some((c) => c.startsWith('resolvePackage') || c.startsWith('loadNative'))).toBe(false);
  });
});

describe('Node version', () => {
  it('an old Node warns by default and keeps exit 0', async () => {
    const r = await run({ node: '20.20.2' });
    expectFailure(r, 'node', 'node-too-old', { status: 'warn', ready: true, reportExit: 0, cause: /22\.19\.0 or later; this is Node 20\.20\.2/, fix: /nvm install 22/ });
  });

  it('an old Node fails under --strict', async () => {
    const r = await run({ node: '22.18.9' }, { strict: true });
    expectFailure(r, 'node', 'node-too-old', { ready: true, cause: /Node 22\.18\.9/, fix: /Node 22\.19 or later/ });
  });

  it('compares versions numerically', () => {
    expect(versionAtLeast('22.19.0', '22.19.0')).toBe(true);
    expect(versionAtLeast('22.100.0', '22.19.0')).toBe(true);
    expect(versionAtLeast('23.0.0', '22.19.0')).toBe(true);
    expect(versionAtLeast('22.9.9', '22.19.0')).toBe(false);
    expect(versionAtLeast('v20.20.2', '22.19.0')).toBe(false);
  });
});

describe('report verdict and exit code', () => {
  it('the first failing check decides the exit code (hypervisor before a strict Node failure)', async () => {
    const r = await run(noKvm({ node: '20.0.0', files: { '/.dockerenv': '' } }), { strict: true });
    expect(r.json.exitCode).toBe(DOCTOR_EXIT['kvm-missing-container']);
    expect(r.json.summary).toEqual({ pass: 2, warn: 0, fail: 2 });
  });

  it('a check that throws becomes a failure of that check with exit code 1', async () => {
    const r = await run({ throwIn: 'openReadWrite' });
    const c = r.check('hypervisor');
    expect(c.status).toBe('fail');
    expect(c.code).toBe('check-crashed');
    expect(c.exitCode).toBe(DOCTOR_EXIT.unexpected);
    expect(c.cause).toMatch(/probe openReadWrite exploded/);
    expect(r.json.ready).toBe(false);
    expect(r.json.exitCode).toBe(1);
  });
});
