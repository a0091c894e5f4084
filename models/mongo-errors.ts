import type { Model } from 'mongoose';

/** MongoDB's duplicate key error (a unique index refused a write). */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/**
 * Two upserts on the same key that race can both miss and both insert; the unique index lets one
 * win and the other fail with a duplicate key error. Running the upsert again then updates the
 * document the winner inserted.
 */
export async function upsertWithRetry<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return upsert();
  }
}

/**
 * Inserts a record keyed by `_id`; false when it was there already. The one write FerretDB 1.x
 * makes atomically and in constant time, so every claim and idempotency key is built on it.
 */
export async function insertOnce<T>(model: Model<T>, document: T): Promise<boolean> {
  try {
    await model.create(document);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
