import { bodyHash, parseConnector } from './connector-header.ts';
import { hasConflictMarkers } from './merge.ts';

/** The marker version Flue's own smolvm guide wrote (`sandbox/smolvm@1`), in Flue 1.x and 2.x alike. */
export const FLUE_GUIDE_VERSION = 1;

/** What sits at the connector's path, as far as a rerun needs to know. */
export type ConnectorState =
  | { kind: 'missing' }
  /** Ours: `edited` when the body no longer hashes to what we generated. */
  | { kind: 'ours'; version: number; edited: boolean; markers: boolean; body: string }
  /** Flue's own smolvm guide wrote it: its marker, without our generator line. */
  | { kind: 'flue-guide'; version: typeof FLUE_GUIDE_VERSION }
  | { kind: 'foreign'; why?: string };

export function classifyConnector(text: string | undefined): ConnectorState {
  if (text === undefined) return { kind: 'missing' };
  const parsed = parseConnector(text);
  if (!parsed.marker) return { kind: 'foreign' };
  if (parsed.headerEdited) return { kind: 'foreign', why: 'its two header lines name different template versions' };
  if (!parsed.ours || parsed.marker.hash === undefined) {
    // Flue's guide only ever wrote version 1. Any other marker without our second line is a file
    // someone changed by hand (ours with the line removed, say): not ours to replace silently.
    return parsed.marker.version === FLUE_GUIDE_VERSION ? { kind: 'flue-guide', version: FLUE_GUIDE_VERSION } : { kind: 'foreign' };
  }
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
