import { detect, getUserAgent, type AgentName } from 'package-manager-detector';

/**
 * Which package manager installs into this project: its lockfile or `packageManager` field first,
 * then the one that launched us (`pnpm exec` sets the user agent), then npm.
 */
export async function detectPackageManager(root: string): Promise<AgentName> {
  const found = await detect({ cwd: root, strategies: ['lockfile', 'packageManager-field', 'devEngines-field'] });
  return found?.name ?? getUserAgent() ?? 'npm';
}
