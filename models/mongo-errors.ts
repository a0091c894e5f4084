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
