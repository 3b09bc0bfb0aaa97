import { bodyHash, parseConnector } from './connector-header.ts';
import { hasConflictMarkers } from './merge.ts';

/** What sits at the connector's path, as far as a rerun needs to know. */
export type ConnectorState =
  | { kind: 'missing' }
  /** Ours: `edited` when the body no longer hashes to what we generated. */
  | { kind: 'ours'; version: number; edited: boolean; markers: boolean; body: string }
  /** Flue's own smolvm guide wrote it: its marker, without our generator line. */
  | { kind: 'flue-guide'; version: number }
  | { kind: 'foreign' };

export function classifyConnector(text: string | undefined): ConnectorState {
  if (text === undefined) return { kind: 'missing' };
  const parsed = parseConnector(text);
  if (!parsed.marker) return { kind: 'foreign' };
  if (!parsed.ours || parsed.marker.hash === undefined) return { kind: 'flue-guide', version: parsed.marker.version };
  return {
    kind: 'ours',
    version: parsed.marker.version,
    edited: parsed.marker.hash !== bodyHash(parsed.body),
    markers: hasConflictMarkers(parsed.body),
    body: parsed.body,
  };
}

/**
 * Flue 0.x's guide wrote `<source-root>/connectors/smolvm.ts` with no marker. We recognise it by what
 * it must contain: the 0.x sandbox API names and smolvm's Machine.
 */
export function isFlue0Connector(text: string): boolean {
  return /\b(?:createSandboxSessionEnv|SandboxApi|createSessionEnv)\b/.test(text) && /smolvm/i.test(text) && !/^\/\/ flue-blueprint:/.test(text);
}
