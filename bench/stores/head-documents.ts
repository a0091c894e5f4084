import { createHash } from 'node:crypto';

/** A bot state head as `bot_state` keeps one per conversation or user. */
export interface HeadDocument {
  _id: string;
  /** The serialised dialog state, ≈ 600 characters of JSON text. */
  state: string;
  revision: number;
  writtenAt: Date;
}

const stateLength = 600;
const epochMs = Date.UTC(2026, 10, 25);

/** A 64-hex id, as the storage derives from a state key; `family` keeps sets apart. */
export function headId(family: string, index: number): string {
  return createHash('sha256').update(`${family}:${index}`).digest('hex');
}

/** The document for an id at a revision: the same inputs always give the same document. */
export function headDocument(id: string, revision: number): HeadDocument {
  return {
    _id: id,
    state: headState(id, revision),
    revision,
    writtenAt: new Date(epochMs + parseInt(id.slice(0, 6), 16) * 1000 + revision),
  };
}

function headState(id: string, revision: number): string {
  const state = {
    dialogState: {
      dialogStack: [
        { id: 'mainDialog', state: { stepIndex: revision % 4, instanceId: id.slice(0, 32) } },
      ],
    },
    citizen: { locale: 'es-CO', channel: 'msteams', askedAbout: ['canon-superficiario'] },
    eTag: `${id.slice(8, 24)}-${revision}`,
    notes: '',
  };
  const padding = stateLength - JSON.stringify(state).length;
  state.notes = 'x'.repeat(Math.max(0, padding));
  return JSON.stringify(state);
}

/** True when a read returned exactly the document that was written. */
export function sameHead(actual: unknown, expected: HeadDocument): boolean {
  if (typeof actual !== 'object' || actual === null) return false;
  const head = actual as Partial<HeadDocument>;
  return (
    head._id === expected._id &&
    head.state === expected.state &&
    head.revision === expected.revision &&
    head.writtenAt instanceof Date &&
    head.writtenAt.getTime() === expected.writtenAt.getTime()
  );
}
