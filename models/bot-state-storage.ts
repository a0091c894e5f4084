import { randomUUID } from 'node:crypto';

import type { Storage, StoreItems } from 'botbuilder';
import { Schema, type Connection, type Model } from 'mongoose';

import { AppError, errorCodes } from '../kernel/errors';
import { insertOnce } from './mongo-errors';
import { insertIfAbsent, replaceById, type BatchCollection } from './write-batch';

/** How many keys read as absent are remembered until their write (see `absentAtRead`). */
const maxAbsentKeys = 10_000;

/** How many SDK keys' stored keys are remembered (see `storedKey`): the turns in flight. */
const maxRememberedKeys = 1_000;

/**
 * One document per state key, addressed by `_id` only: a lookup by `_id` is the one filter the
 * embedded FerretDB pushes down to its store (and an index serves it there, see
 * `embedded/sqlite-lookup-indexes.ts`), so reading or writing a citizen's state costs the same
 * with ten or fifty thousand citizens stored.
 */
export interface BotStateDocument {
  /** The pseudonymous key (`Pseudonymizer.stateKey`): never the raw channel ids of the SDK's key. */
  _id: string;
  /** The state as JSON text: dialog state may hold keys with "." or "$" that field names cannot. */
  state: string;
  /** Changes with every write; a compare-and-set write names the eTag it read. */
  eTag: string;
  writtenAt: Date;
}

export const botStateSchema = new Schema<BotStateDocument>(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true },
    eTag: { type: String, required: true },
    writtenAt: { type: Date, required: true },
  },
  { collection: 'bot_state', versionKey: false },
);

/**
 * Compare-and-set claims: `_id` "<key>@<eTag>" is inserted by the one writer allowed to replace
 * the state that carried that eTag. FerretDB 1.x runs an update as read-then-replace, so an update
 * filtered on the eTag is not atomic there (measured: lost writes); an insert under a unique `_id`
 * is, on FerretDB and MongoDB alike.
 */
export interface BotStateClaimDocument {
  _id: string;
  key: string;
  claimedAt: Date;
}

export const botStateClaimSchema = new Schema<BotStateClaimDocument>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'bot_state_claims', versionKey: false },
);

export type BotStateModel = Model<BotStateDocument>;
export type BotStateClaimModel = Model<BotStateClaimDocument>;
export interface BotStateModels {
  botState: BotStateModel;
  botStateClaims: BotStateClaimModel;
}

export function botStateModels(connection: Connection): BotStateModels {
  return {
    botState: connection.model<BotStateDocument>('BotState', botStateSchema),
    botStateClaims: connection.model<BotStateClaimDocument>('BotStateClaim', botStateClaimSchema),
  };
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

/** Turns the SDK's state keys, which embed raw channel ids, into the keys stored. */
export interface StateKeyPseudonymizer {
  stateKey(sdkKey: string): string;
}

/**
 * A botbuilder `Storage` on MongoDB/FerretDB with optimistic concurrency.
 *
 * - A read is one `findOne({_id})` per key; a write with eTag `*` (or none) is one replace by
 *   `_id`: last writer wins. The SDK's `BotState.saveChanges` always writes with `*`, so an
 *   ordinary turn reads and writes each state once. That is deliberate: conversation and user
 *   state only hold dialog progress. Records that must not be lost (questions, consents) live in
 *   their own collections with their own concurrency control, never in bot state.
 * - A write carrying an eTag lands only if that eTag is still the stored one; otherwise it fails
 *   with `StorageConflictError` and nothing changes for that key.
 * - A compare-and-set write racing an unconditional one may overwrite it: the unconditional write
 *   is last-writer-wins by definition, and the SDK never mixes the two on one key.
 * - A write replaces the document in place, so what a citizen typed in a flow does not outlive
 *   the flow in superseded copies.
 */
export class MongoStateStorage implements Storage {
  /**
   * Stored keys that a read found absent and no write has written since (a conversation's first
   * turn): their write tries an insert first, which the store commits together with other turns'
   * inserts, where a replace is an update committed on its own. Only a hint: a key missing here
   * is written by replace, and an insert refused as a duplicate (another turn or replica created
   * it meanwhile) falls back to the replace, so the outcome is always the replace's.
   */
  private readonly absentAtRead = new Set<string>();

  /** SDK key → stored key, for the keys of the last turns (see `storedKey`). */
  private readonly storedKeys = new Map<string, string>();

  constructor(
    private readonly models: BotStateModels,
    private readonly keys: StateKeyPseudonymizer,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    // Through the driver: these run in every turn, on `_id` alone, and need no casting.
    const collection = this.models.botState.collection;
    const stored = keys.map((key) => this.storedKey(key));
    const documents = (await Promise.all(
      stored.map((key) => collection.findOne({ _id: key as never })),
    )) as (BotStateDocument | null)[];
    const items: StoreItems = {};
    keys.forEach((key, index) => {
      const document = documents[index];
      if (document) items[key] = { ...(JSON.parse(document.state) as object), eTag: document.eTag };
      else this.rememberAbsent(stored[index] ?? this.storedKey(key));
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes) as [string, Record<string, unknown>][];
    const written = await Promise.all(
      entries.map(([sdkKey, item]) => {
        const { eTag, ...state } = item;
        const key = this.storedKey(sdkKey);
        const json = JSON.stringify(state);
        return typeof eTag === 'string' && eTag !== '*' && eTag !== ''
          ? this.writeIfCurrent(key, eTag, json)
          : this.replace(key, json).then(() => true);
      }),
    );
    const conflicts = entries.flatMap(([sdkKey], index) => (written[index] ? [] : [sdkKey]));
    if (conflicts.length > 0) throw new StorageConflictError(conflicts);
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map((key) => this.models.botState.deleteOne({ _id: this.keys.stateKey(key) })),
    );
  }

  /**
   * The stored key of an SDK key (a keyed hash: an HMAC each time), remembered for the keys of the
   * last turns, so that a turn's read and write compute it once. Process memory only.
   */
  private storedKey(sdkKey: string): string {
    const known = this.storedKeys.get(sdkKey);
    if (known !== undefined) return known;
    const key = this.keys.stateKey(sdkKey);
    if (this.storedKeys.size >= maxRememberedKeys) {
      const oldest = this.storedKeys.keys().next();
      if (!oldest.done) this.storedKeys.delete(oldest.value);
    }
    this.storedKeys.set(sdkKey, key);
    return key;
  }

  private rememberAbsent(key: string): void {
    if (this.absentAtRead.size >= maxAbsentKeys) {
      // The oldest hint goes (a Set iterates in insertion order): its write will just replace.
      const oldest = this.absentAtRead.values().next();
      if (!oldest.done) this.absentAtRead.delete(oldest.value);
    }
    this.absentAtRead.add(key);
  }

  private async replace(key: string, json: string): Promise<void> {
    const document = { state: json, eTag: randomUUID(), writtenAt: new Date() };
    if (this.absentAtRead.delete(key)) {
      const collection = this.models.botState.collection as unknown as BatchCollection;
      if (await insertIfAbsent(collection, { _id: key, ...document })) return;
    }
    // Grouped with other turns' replaces into one command (`write-batch.ts`); a racing upsert's
    // duplicate key is retried, as `upsertWithRetry` does.
    await replaceById(this.models.botState.collection as unknown as BatchCollection, key, document);
  }

  private async writeIfCurrent(key: string, eTag: string, json: string): Promise<boolean> {
    const current = await this.models.botState.findOne({ _id: key }, { eTag: 1 }).lean();
    if (current?.eTag !== eTag) return false;
    const claimed = await insertOnce(this.models.botStateClaims, {
      _id: `${key}@${eTag}`,
      key,
      claimedAt: new Date(),
    });
    if (!claimed) return false;
    await this.replace(key, json);
    return true;
  }
}

/**
 * Ley 1581 erasure: the state of these keys (the SDK's keys) and their claims go at once. A
 * writer still holding an eTag it read before finds nothing to compare with and gets a conflict.
 */
export async function eraseStateKeys(
  models: BotStateModels,
  keys: StateKeyPseudonymizer,
  sdkKeys: string[],
): Promise<number> {
  const stored = sdkKeys.map((key) => keys.stateKey(key));
  const results = await Promise.all(stored.map((key) => models.botState.deleteOne({ _id: key })));
  if (stored.length > 0) await models.botStateClaims.deleteMany({ key: { $in: stored } });
  return results.reduce((sum, result) => sum + result.deletedCount, 0);
}

/** Claims only matter while a writer that read their eTag may still write: minutes. */
export async function forgetStateClaims(models: BotStateModels, before: Date): Promise<number> {
  const result = await models.botStateClaims.deleteMany({ claimedAt: { $lt: before } });
  return result.deletedCount;
}
