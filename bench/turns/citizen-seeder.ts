import { createHash } from 'node:crypto';

import { mongo, type Connection } from 'mongoose';

/** The collections a citizen's chat leaves documents in (bot state, references, idempotency). */
export const citizenCollections = [
  'bot_state',
  'conversation_references',
  'processed_activities',
  'welcomes',
  'questions',
  'question_events',
  'consents',
] as const;

type Document = Record<string, unknown>;

/** The documents one real citizen left, per collection: what every stored citizen is a copy of. */
export type CitizenTemplate = Map<string, Document[]>;

/** Fields whose values identify a citizen or a conversation (pseudonyms, keys, raw ids). */
const identityFields = new Set([
  '_id',
  'key',
  'userPseudonym',
  'citizenKey',
  'conversationId',
  'submissionKey',
  'trackingCode',
  'questionId',
  'id',
]);

/** Pieces of an identifying value that differ between citizens (hashes, uuids), not words. */
function identityTokens(value: string): string[] {
  return value
    .split(/[/@:]/)
    .filter((piece) => piece.length >= 6 && piece.length <= 200 && /[0-9A-Z_-]/.test(piece));
}

function collectTokens(value: unknown, tokens: Set<string>, field = '', depth = 0): void {
  if (depth > 8) return;
  if (typeof value === 'string') {
    if (identityFields.has(field)) for (const token of identityTokens(value)) tokens.add(token);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectTokens(item, tokens, field, depth + 1);
    return;
  }
  if (value !== null && typeof value === 'object' && !('_bsontype' in value)) {
    for (const [key, inner] of Object.entries(value)) collectTokens(inner, tokens, key, depth + 1);
  }
}

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A stand-in of the same length and character family for one token of copy n. */
function standIn(token: string, copy: number): string {
  let stream = '';
  for (let block = 0; stream.length < token.length; block++) {
    stream += createHash('sha256').update(`${token}#${copy}#${block}`).digest('base64url');
  }
  if (!/^[A-Z0-9-]+$/.test(token)) return stream.slice(0, token.length);
  // Tracking codes and the like: same alphabet, dashes kept where they were.
  let out = '';
  for (let i = 0; i < token.length; i++) {
    out += token[i] === '-' ? '-' : (alphabet[stream.charCodeAt(i) % alphabet.length] ?? 'X');
  }
  return out;
}

/**
 * Reads every document of the citizen collections: run on a store where only the template
 * citizen has chatted, it is that citizen's footprint.
 */
export async function captureTemplate(connection: Connection): Promise<CitizenTemplate> {
  const template: CitizenTemplate = new Map();
  const db = connection.db;
  if (!db) throw new Error('not connected');
  for (const name of citizenCollections) {
    const documents = (await db.collection(name).find({}).toArray()) as Document[];
    if (documents.length > 0) template.set(name, documents);
  }
  return template;
}

export function describeTemplate(template: CitizenTemplate): string {
  return [...template.entries()].map(([name, docs]) => `${name} ${docs.length}`).join(', ');
}

/**
 * Copies of the template, each with its own identities: every identifying token (hash, uuid,
 * tracking code) replaced by a stand-in of the same length, ObjectIds renewed; dates and the
 * rest of the document as the bot wrote them.
 */
function copiesOf(documents: Document[], from: number, count: number): Document[] {
  const { EJSON, ObjectId } = mongo.BSON;
  const tokens = new Set<string>();
  for (const document of documents) collectTokens(document, tokens);
  // Longer tokens first, so a token inside another is not replaced in pieces.
  const ordered = [...tokens].sort((a, b) => b.length - a.length);
  const texts = documents.map((document) => EJSON.stringify(document, { relaxed: false }));
  const copies: Document[] = [];
  for (let copy = from; copy < from + count; copy++) {
    for (const text of texts) {
      let replaced = text;
      for (const token of ordered) replaced = replaced.split(token).join(standIn(token, copy));
      const document = EJSON.parse(replaced, { relaxed: false }) as Document;
      if (document._id instanceof ObjectId) document._id = new ObjectId();
      copies.push(document);
    }
  }
  return copies;
}

/**
 * Stores `citizens` copies of the template citizen, in bulk (unordered inserts of 1,000), as if
 * that many citizens had chatted the same way. Returns the documents inserted per collection.
 */
export async function seedCitizens(
  connection: Connection,
  template: CitizenTemplate,
  citizens: number,
  firstCopy = 1,
): Promise<Record<string, number>> {
  const db = connection.db;
  if (!db) throw new Error('not connected');
  const inserted: Record<string, number> = {};
  const batchCitizens = 200;
  for (const [name, documents] of template) {
    inserted[name] = 0;
    for (let from = 0; from < citizens; from += batchCitizens) {
      const count = Math.min(batchCitizens, citizens - from);
      const copies = copiesOf(documents, firstCopy + from, count);
      const result = await db.collection(name).insertMany(copies, { ordered: false });
      inserted[name] += result.insertedCount;
    }
  }
  return inserted;
}
