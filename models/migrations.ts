import { randomUUID } from 'node:crypto';

import { Schema, type Collection, type Connection, type Model } from 'mongoose';

import type { Pseudonymizer } from '../kernel/pseudonym';
import type { BotStateModels } from './bot-state-storage';
import { conversationReferenceId, type ConversationReferenceModel } from './conversation-reference';
import type {
  FacebookReplyModels,
  FacebookReplyRetryDocument,
  FacebookReplyRetryModels,
} from './facebook-reply';
import { insertOnce, isDuplicateKeyError } from './mongo-errors';
import type { QuestionModel } from './question';
import {
  isLiveCommentKey,
  liveCommentKey,
  pseudonymousSubmissionKey,
  rawSubmissionKeyPattern,
} from './submission-keys';
import type { TrackingCodeModel } from './tracking-codes';

/** Which one-off data migrations a database has had: `_id` is the migration's name. */
export interface MigrationDocument {
  _id: string;
  appliedAt: Date;
}

export const migrationSchema = new Schema<MigrationDocument>(
  { _id: { type: String, required: true }, appliedAt: { type: Date, required: true } },
  { collection: 'schema_migrations', versionKey: false },
);

export type MigrationModel = Model<MigrationDocument>;

export function migrationModel(connection: Connection): MigrationModel {
  return connection.model<MigrationDocument>('Migration', migrationSchema);
}

export interface MigrationModels
  extends BotStateModels, FacebookReplyModels, FacebookReplyRetryModels {
  migrations: MigrationModel;
  conversationReferences: ConversationReferenceModel;
  questions: QuestionModel;
  trackingCodes: TrackingCodeModel;
}

/** What some migrations need besides the models. */
export interface MigrationContext {
  /** The bot's pseudonymizer; a migration that needs it waits for a start that gives it. */
  pseudonymizer?: Pseudonymizer;
}

interface Migration {
  name: string;
  needsPseudonymizer?: boolean;
  run(models: MigrationModels, context: Required<MigrationContext>): Promise<void>;
}

/** A bot-state revision as stored before state became one document per key. */
interface LegacyStateRevision {
  _id: string;
  key: string;
  revision: number;
  state?: string;
  deleted?: boolean;
}

const migrations: Migration[] = [
  {
    // Revisions ("<key>@<n>") became one document per key, `_id` the key.
    name: '2026-11-30-bot-state-one-document-per-key',
    async run({ botState }) {
      const collection = botState.collection;
      const revisions = (await collection
        .find({ revision: { $exists: true } })
        .toArray()) as unknown as LegacyStateRevision[];
      const latest = new Map<string, LegacyStateRevision>();
      for (const revision of revisions) {
        const known = latest.get(revision.key);
        if (!known || known.revision < revision.revision) latest.set(revision.key, revision);
      }
      for (const [key, revision] of latest) {
        if (revision.deleted || revision.state === undefined) continue;
        await insertOnce(botState, {
          _id: key,
          state: revision.state,
          eTag: randomUUID(),
          writtenAt: new Date(),
        });
      }
      await collection.deleteMany({ revision: { $exists: true } });
      await dropIndexIfPresent(botState, 'key_1_revision_-1');
    },
  },
  {
    // References were keyed by a generated ObjectId and looked up by two fields.
    name: '2026-11-30-conversation-references-by-id',
    async run({ conversationReferences }) {
      const collection = conversationReferences.collection;
      const documents = await collection.find({}).toArray();
      for (const document of documents) {
        const { channelId, conversationId } = document as unknown as {
          channelId: string;
          conversationId: string;
        };
        const _id = conversationReferenceId(channelId, conversationId);
        if ((document._id as unknown) === _id) continue;
        await collection.updateOne(
          { _id: _id as never },
          { $setOnInsert: { ...document, _id } },
          { upsert: true },
        );
        await collection.deleteOne({ _id: document._id });
      }
      await dropIndexIfPresent(conversationReferences, 'channelId_1_conversationId_1');
    },
  },
  {
    // Lookups by tracking code read `tracking_codes` by `_id` (models/tracking-codes.ts); the
    // questions registered before it existed get their record here, in batches: at 100,000
    // questions one insert each would hold the start for minutes.
    name: '2026-11-30-tracking-codes-by-id',
    async run({ questions, trackingCodes }) {
      const stored = await questions.find({}, { trackingCode: 1 }).lean();
      const batchSize = 1_000;
      for (let start = 0; start < stored.length; start += batchSize) {
        const batch = stored
          .slice(start, start + batchSize)
          .map(({ _id, trackingCode }) => ({ _id: trackingCode, questionId: _id }));
        await insertIgnoringDuplicates(trackingCodes, batch);
      }
    },
  },
  {
    // Live questions' submission keys held Facebook comment ids and Teams message ids; so did
    // the private replies' records, keyed by the comment id (models/submission-keys.ts).
    name: '2026-11-30-pseudonymous-submission-keys',
    needsPseudonymizer: true,
    async run(models, { pseudonymizer }) {
      await pseudonymiseQuestionKeys(models.questions, pseudonymizer);
      await pseudonymiseReplyRecords(models, pseudonymizer);
    },
  },
];

async function pseudonymiseQuestionKeys(
  questions: QuestionModel,
  pseudonymizer: Pseudonymizer,
): Promise<void> {
  const stored = await questions.find({}, { submissionKey: 1 }).lean();
  for (const { _id, submissionKey } of stored) {
    if (!rawSubmissionKeyPattern.test(submissionKey)) continue;
    await questions.updateOne(
      { _id },
      { $set: { submissionKey: pseudonymousSubmissionKey(pseudonymizer, submissionKey) } },
    );
  }
}

/**
 * Claims, outcomes and retries of private replies move to the comment's reply key; the claim
 * keeps the comment id beside it (the Graph API needs it to send). Each record is copied under
 * its new `_id` before the old one goes, so a stop half-way loses nothing.
 */
/** A moderator's retry of a private reply as stored before reply keys. */
type LegacyReplyRetry = Omit<FacebookReplyRetryDocument, 'replyKey'> & { commentId: string };

async function pseudonymiseReplyRecords(
  models: FacebookReplyModels & FacebookReplyRetryModels,
  pseudonymizer: Pseudonymizer,
): Promise<void> {
  const keyOf = (commentId: string) => liveCommentKey(pseudonymizer, commentId);
  for (const claim of await models.facebookReplies.find({}).lean()) {
    if (isLiveCommentKey(claim._id)) continue;
    await insertOnce(models.facebookReplies, {
      ...claim,
      _id: keyOf(claim._id),
      commentId: claim._id,
    });
    await models.facebookReplies.deleteOne({ _id: claim._id });
  }
  for (const outcome of await models.facebookReplyOutcomes.find({}).lean()) {
    if (isLiveCommentKey(outcome._id)) continue;
    await insertOnce(models.facebookReplyOutcomes, { ...outcome, _id: keyOf(outcome._id) });
    await models.facebookReplyOutcomes.deleteOne({ _id: outcome._id });
  }
  const retries = models.facebookReplyRetries.collection;
  for (const retry of await retries.find({ commentId: { $exists: true } }).toArray()) {
    const { _id, commentId, ...rest } = retry as unknown as LegacyReplyRetry;
    const replyKey = keyOf(commentId);
    await insertOnce(models.facebookReplyRetries, {
      ...rest,
      _id: `${replyKey}@${String(rest.retry)}`,
      replyKey,
    });
    await retries.deleteOne({ _id: _id as never });
  }
}

/** Inserts every record not there yet; records another replica (or a registration) wrote stay. */
async function insertIgnoringDuplicates(
  model: TrackingCodeModel,
  records: { _id: string; questionId: unknown }[],
): Promise<void> {
  if (records.length === 0) return;
  try {
    await model.insertMany(records, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
    const onlyDuplicates =
      Array.isArray(writeErrors) &&
      writeErrors.length > 0 &&
      writeErrors.every((writeError) => isDuplicateKeyError(writeError));
    if (!onlyDuplicates && !isDuplicateKeyError(error)) throw error;
  }
}

async function dropIndexIfPresent(model: { collection: Collection }, name: string): Promise<void> {
  const indexes = await model.collection.indexes().catch(() => []);
  if (indexes.some((index) => index.name === name)) await model.collection.dropIndex(name);
}

/**
 * Runs each migration this database has not had, in order, and records it. A migration is
 * idempotent: if the process stops half-way, the next start runs it again from the start.
 * Two replicas starting together may both run one; each step tolerates the other's work.
 */
export async function runMigrations(
  models: MigrationModels,
  context: MigrationContext = {},
): Promise<string[]> {
  const applied: string[] = [];
  const { pseudonymizer } = context;
  for (const migration of migrations) {
    if (migration.needsPseudonymizer && !pseudonymizer) continue;
    if (await models.migrations.findOne({ _id: migration.name }).lean()) continue;
    // The cast is checked by the line above: only these migrations read the pseudonymizer.
    await migration.run(models, { pseudonymizer } as Required<MigrationContext>);
    await insertOnce(models.migrations, { _id: migration.name, appliedAt: new Date() });
    applied.push(migration.name);
  }
  return applied;
}
