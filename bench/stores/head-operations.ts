import type { Collection } from 'mongodb';

import { headDocument, headId, sameHead, type HeadDocument } from './head-documents';

export const operationKinds = [
  'findHit',
  'findMiss',
  'replaceExisting',
  'insertNew',
  'deleteExisting',
] as const;
export type OperationKind = (typeof operationKinds)[number];

export const operationLabels: Record<OperationKind, string> = {
  findHit: '`findOne({_id})`, hit',
  findMiss: '`findOne({_id})`, miss',
  replaceExisting: '`replaceOne({_id}, doc, {upsert: true})` on an existing id',
  insertNew: '`insertOne` of a new id',
  deleteExisting: '`deleteOne({_id})`',
};

/** Inserts first: at 0 stored documents, the new ones are what the reads and deletes find. */
export const executionOrder: readonly OperationKind[] = [
  'insertNew',
  'findHit',
  'findMiss',
  'replaceExisting',
  'deleteExisting',
];

/** One option's collection and what the harness knows it holds. */
export interface Store {
  readonly heads: Collection<HeadDocument>;
  /** Documents bulk-loaded so far: `headId('seed', 0 … seeded - 1)`. */
  seeded: number;
  /** Ids whose revision is no longer 1 (replaced). */
  readonly revisions: Map<string, number>;
  /** Ids inserted during this size's measurement and not deleted yet. */
  probes: string[];
}

export function seededId(index: number): string {
  return headId('seed', index);
}

/** The document a store should hold for an id now. */
export function expectedHead(store: Store, id: string): HeadDocument {
  return headDocument(id, store.revisions.get(id) ?? 1);
}

/** What one operation does: the timed driver call, then a check of its answer. */
export interface Operation {
  call(): Promise<unknown>;
  /** A description of what was wrong, or undefined. */
  check(answer: unknown): string | undefined;
  /** Bookkeeping once the answer is right. */
  commit(): void;
}

export interface OperationTarget {
  /** For inserts and misses: the i-th id of this size's family. */
  index: number;
  size: number;
  /** For hits and replaces: an id the store holds. */
  existingId: string | undefined;
}

export function operationFor(
  kind: OperationKind,
  store: Store,
  target: OperationTarget,
): Operation {
  switch (kind) {
    case 'insertNew':
      return insertNew(store, headId(`probe-${target.size}`, target.index));
    case 'findHit':
      return findHit(store, required(target.existingId));
    case 'findMiss':
      return findMiss(store, headId(`miss-${target.size}`, target.index));
    case 'replaceExisting':
      return replaceExisting(store, required(target.existingId));
    case 'deleteExisting':
      return deleteExisting(store, required(store.probes[0]));
  }
}

function required(id: string | undefined): string {
  if (id === undefined) throw new Error('no stored document to operate on');
  return id;
}

function insertNew(store: Store, id: string): Operation {
  const head = headDocument(id, 1);
  return {
    call: () => store.heads.insertOne({ ...head }),
    check: (answer) =>
      (answer as { insertedId?: unknown }).insertedId === id ? undefined : `insertOne ${id}`,
    commit: () => store.probes.push(id),
  };
}

function findHit(store: Store, id: string): Operation {
  return {
    call: () => store.heads.findOne({ _id: id }),
    check: (answer) =>
      sameHead(answer, expectedHead(store, id)) ? undefined : `findOne ${id}: not as written`,
    commit: () => undefined,
  };
}

function findMiss(store: Store, id: string): Operation {
  return {
    call: () => store.heads.findOne({ _id: id }),
    check: (answer) => (answer === null ? undefined : `findOne ${id}: found a document`),
    commit: () => undefined,
  };
}

function replaceExisting(store: Store, id: string): Operation {
  const next = headDocument(id, expectedHead(store, id).revision + 1);
  return {
    call: () => store.heads.replaceOne({ _id: id }, next, { upsert: true }),
    check: (answer) => {
      const { matchedCount, modifiedCount, upsertedCount } = answer as Record<string, unknown>;
      return matchedCount === 1 && modifiedCount === 1 && upsertedCount === 0
        ? undefined
        : `replaceOne ${id}: matched ${String(matchedCount)}, upserted ${String(upsertedCount)}`;
    },
    commit: () => store.revisions.set(id, next.revision),
  };
}

function deleteExisting(store: Store, id: string): Operation {
  return {
    call: () => store.heads.deleteOne({ _id: id }),
    check: (answer) =>
      (answer as { deletedCount?: unknown }).deletedCount === 1 ? undefined : `deleteOne ${id}`,
    commit: () => store.probes.shift(),
  };
}
