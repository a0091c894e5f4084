import type { Storage, StoreItems } from 'botbuilder';
import { Schema, type Connection, type Model } from 'mongoose';

import { AppError, errorCodes } from '../kernel/errors';
import { isDuplicateKeyError } from './mongo-errors';

/**
 * Bot state as append-only revisions: one document per (key, revision), `_id` "<key>@<revision>".
 *
 * Why revisions: FerretDB 1.x runs an update as read-then-replace, so two concurrent updates
 * filtered on the same eTag can both match (measured: lost writes under `$inc` and compare-and-set
 * filters). The one write it makes atomic is an insert under a unique key. So writing revision
 * n+1 is the compare-and-set: of two writers that read revision n, one inserts n+1 and the other
 * gets a duplicate key error, reported as a conflict. The same holds on MongoDB.
 */
export interface BotStateRevision {
  _id: string;
  /** The pseudonymous key (`Pseudonymizer.stateKey`): never the raw channel ids of the SDK's key. */
  key: string;
  revision: number;
  /**
   * The state as JSON text: dialog state may hold keys with "." or "$" that field names cannot.
   * Only the latest revision keeps it: a superseded revision is blanked when the next one is
   * written, so what a citizen typed in a flow does not outlive the flow.
   */
  state: string | undefined;
  /** A tombstone: the key was deleted at this revision. */
  deleted: boolean;
  writtenAt: Date;
}

export const botStateSchema = new Schema<BotStateRevision>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    revision: { type: Number, required: true },
    state: { type: String },
    deleted: { type: Boolean, required: true },
    writtenAt: { type: Date, required: true },
  },
  { collection: 'bot_state', versionKey: false },
);
botStateSchema.index({ key: 1, revision: -1 });

export type BotStateModel = Model<BotStateRevision>;

export function botStateModel(connection: Connection): BotStateModel {
  return connection.model<BotStateRevision>('BotState', botStateSchema);
}

export class StorageConflictError extends AppError {
  constructor(readonly keys: string[]) {
    super(
      errorCodes.storageConflict,
      `eTag conflict: ${keys.length} state item(s) changed since read`,
    );
    this.name = 'StorageConflictError';
  }
}

/** Unconditional writes retry this often when other writers keep taking the next revision. */
const maxUnconditionalAttempts = 20;

/**
 * Superseded revisions are blanked at once but removed only once they are this old. A revision
 * must outlive every writer that read its predecessor, or a slow writer could insert it again and
 * "win" a compare-and-set it had lost: the blank document keeps its `_id` taken. A turn lasts
 * seconds (channels time out after 15 s), so ten minutes is a wide margin.
 */
const supersededRevisionRetentionMs = 10 * 60_000;

/**
 * A botbuilder `Storage` on MongoDB/FerretDB with optimistic concurrency.
 *
 * - The eTag of an item is its revision number; every write creates a new revision, so a new eTag.
 * - A change carrying an eTag is written only if that eTag is still the latest; otherwise the
 *   write fails with `StorageConflictError` and nothing is changed for that key.
 * - A change with eTag `*` (or none) is written unconditionally: last writer wins.
 *
 * The SDK's `BotState.saveChanges` always writes with `*`, so conversation and user state are
 * last-writer-wins per turn. That is deliberate: they only hold dialog progress, and two turns of
 * one conversation rarely overlap. Records that must not be lost (questions, consents) live in
 * their own collections with their own concurrency control, never in bot state.
 */
/** Turns the SDK's state keys, which embed raw channel ids, into the keys stored. */
export interface StateKeyPseudonymizer {
  stateKey(sdkKey: string): string;
}

export class MongoStateStorage implements Storage {
  constructor(
    private readonly model: BotStateModel,
    private readonly keys: StateKeyPseudonymizer,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const sdkKeyOf = new Map(keys.map((key) => [this.keys.stateKey(key), key]));
    const revisions = await this.model
      .find({ key: { $in: [...sdkKeyOf.keys()] } })
      .sort({ key: 1, revision: -1 })
      .lean();
    const items: StoreItems = {};
    const seen = new Set<string>();
    for (const revision of revisions) {
      if (seen.has(revision.key)) continue;
      seen.add(revision.key);
      const sdkKey = sdkKeyOf.get(revision.key);
      if (sdkKey !== undefined && !revision.deleted && revision.state !== undefined) {
        items[sdkKey] = {
          ...(JSON.parse(revision.state) as object),
          eTag: String(revision.revision),
        };
      }
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const conflicts: string[] = [];
    for (const [sdkKey, item] of Object.entries(changes) as [string, Record<string, unknown>][]) {
      const { eTag, ...state } = item;
      const json = JSON.stringify(state);
      const key = this.keys.stateKey(sdkKey);
      const written =
        typeof eTag === 'string' && eTag !== '*' && eTag !== ''
          ? await this.writeIfLatest(key, eTag, json)
          : await this.writeUnconditionally(key, json);
      if (!written) conflicts.push(sdkKey);
    }
    if (conflicts.length > 0) throw new StorageConflictError(conflicts);
  }

  async delete(keys: string[]): Promise<void> {
    for (const sdkKey of keys) {
      const key = this.keys.stateKey(sdkKey);
      const latest = await this.latest(key);
      if (!latest || latest.deleted) continue;
      await this.writeUnconditionally(key, undefined);
    }
  }

  private async latest(key: string): Promise<BotStateRevision | null> {
    return this.model.findOne({ key }).sort({ revision: -1 }).lean();
  }

  private async writeIfLatest(key: string, eTag: string, json: string): Promise<boolean> {
    const expected = Number(eTag);
    const latest = await this.latest(key);
    if (!latest || latest.deleted || latest.revision !== expected) return false;
    return this.insertRevision(key, expected + 1, json);
  }

  private async writeUnconditionally(key: string, json: string | undefined): Promise<boolean> {
    for (let attempt = 0; attempt < maxUnconditionalAttempts; attempt++) {
      const latest = await this.latest(key);
      if (await this.insertRevision(key, (latest?.revision ?? 0) + 1, json)) return true;
    }
    return false;
  }

  /** The compare-and-set: false when another writer already took this revision. */
  private async insertRevision(
    key: string,
    revision: number,
    json: string | undefined,
  ): Promise<boolean> {
    try {
      await this.model.create({
        _id: `${key}@${revision}`,
        key,
        revision,
        state: json,
        deleted: json === undefined,
        writtenAt: new Date(),
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    await this.model.updateMany(
      { key, revision: { $lt: revision }, state: { $exists: true } },
      { $unset: { state: 1 } },
    );
    await this.model.deleteMany({
      key,
      revision: { $lt: revision },
      writtenAt: { $lt: new Date(Date.now() - supersededRevisionRetentionMs) },
    });
    return true;
  }
}

/**
 * Ley 1581 erasure: every revision of these keys (the SDK's keys), tombstones included, is
 * removed at once. A writer still holding an old revision may then write revision 1 again; what
 * it writes is that turn's state, as after any last-writer-wins write.
 */
export async function eraseStateKeys(
  model: BotStateModel,
  keys: StateKeyPseudonymizer,
  sdkKeys: string[],
): Promise<number> {
  if (sdkKeys.length === 0) return 0;
  const result = await model.deleteMany({
    key: { $in: sdkKeys.map((key) => keys.stateKey(key)) },
  });
  return result.deletedCount;
}
