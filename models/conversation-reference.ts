import { createHash } from 'node:crypto';

import type { ConversationReference } from 'botbuilder';
import { Schema, type Connection, type Model } from 'mongoose';

import { insertIfAbsent, upsertById, type BatchCollection } from './write-batch';

/**
 * The last known conversation reference of every conversation, so that the bot can write to a
 * citizen later (an official answer) even after a restart. Keyed by channel and conversation,
 * through `_id` (see `conversationReferenceId`): the one filter the embedded store serves from an
 * index.
 */
export interface ConversationReferenceDocument {
  _id: string;
  channelId: string;
  conversationId: string;
  reference: Partial<ConversationReference>;
  /** Pseudonymised channel user id, to find a citizen's conversations without the raw id. */
  userPseudonym: string | undefined;
  createdAt: Date;
  updatedAt: Date;
}

export const conversationReferenceSchema = new Schema<ConversationReferenceDocument>(
  {
    _id: { type: String, required: true },
    channelId: { type: String, required: true },
    conversationId: { type: String, required: true },
    reference: { type: Schema.Types.Mixed, required: true },
    userPseudonym: { type: String },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'conversation_references', versionKey: false, minimize: false },
);
conversationReferenceSchema.index({ userPseudonym: 1 });

export type ConversationReferenceModel = Model<ConversationReferenceDocument>;

export function conversationReferenceModel(connection: Connection): ConversationReferenceModel {
  return connection.model<ConversationReferenceDocument>(
    'ConversationReference',
    conversationReferenceSchema,
  );
}

/**
 * Keeps only what a proactive message needs. The user's display name is personal data that
 * delivering a message does not need, so it is never stored.
 */
export function minimalReference(
  reference: Partial<ConversationReference>,
): Partial<ConversationReference> {
  const { user, bot, conversation, channelId, serviceUrl, locale } = reference;
  const minimal: Partial<ConversationReference> = {
    channelId,
    serviceUrl,
    ...(locale ? { locale } : {}),
    ...(bot ? { bot: { id: bot.id, name: bot.name } } : {}),
    ...(user ? { user: { id: user.id, name: '', ...(user.role ? { role: user.role } : {}) } } : {}),
    ...(conversation
      ? {
          conversation: {
            id: conversation.id,
            isGroup: conversation.isGroup,
            conversationType: conversation.conversationType,
            name: '',
            ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
          },
        }
      : {}),
  };
  // Drops the undefined fields, which BSON would otherwise store as null.
  return JSON.parse(JSON.stringify(minimal)) as Partial<ConversationReference>;
}

/**
 * The `_id` of a conversation's reference: a digest of channel and conversation ids, which can be
 * long and hold any character. Not a pseudonym: the document holds both ids anyway, to deliver.
 */
export function conversationReferenceId(channelId: string, conversationId: string): string {
  return createHash('sha256').update(`${channelId}\n${conversationId}`).digest('hex');
}

/**
 * A short digest of what `remember` would store, so that a caller can skip a write when it has
 * already stored the same (the bot keeps it in the conversation's state).
 */
export function conversationReferenceDigest(
  reference: Partial<ConversationReference>,
  userPseudonym: string | undefined,
): string {
  return createHash('sha256')
    .update(JSON.stringify([minimalReference(reference), userPseudonym ?? null]))
    .digest('base64url')
    .slice(0, 22);
}

export class ConversationReferenceStore {
  constructor(private readonly model: ConversationReferenceModel) {}

  /**
   * Stores the reference of a conversation. With `replace: false` (an unauthenticated activity)
   * it is stored only if the conversation has none yet; an existing one is left as it is.
   * `likelyNew` (the caller has never stored this conversation's reference) only chooses the
   * cheaper write for a new document: the outcome is the same either way.
   */
  async remember(
    reference: Partial<ConversationReference>,
    userPseudonym: string | undefined,
    { replace, likelyNew = false }: { replace: boolean; likelyNew?: boolean } = { replace: true },
  ): Promise<void> {
    const channelId = reference.channelId;
    const conversationId = reference.conversation?.id;
    if (!channelId || !conversationId) return;
    const now = new Date();
    // Left out when undefined (a group chat's reference keeps no participant), as mongoose's
    // casting left it out when this went through `model.updateOne`.
    const fields = {
      reference: minimalReference(reference),
      ...(userPseudonym === undefined ? {} : { userPseudonym }),
      updatedAt: now,
    };
    const identity = { channelId, conversationId, createdAt: now };
    const collection = this.model.collection as unknown as BatchCollection;
    const id = conversationReferenceId(channelId, conversationId);
    // A conversation seen for the first time (the caller says so): an insert, which the store
    // commits together with other turns' inserts, where an upsert is an update committed on its
    // own. Already there: without `replace`, that is the upsert's outcome too ($setOnInsert
    // changes nothing); with it, the update below.
    if (likelyNew) {
      if (await insertIfAbsent(collection, { _id: id, ...identity, ...fields })) return;
      if (!replace) return;
    }
    // Through the driver, grouped with other turns' writes of this collection into one command
    // (`write-batch.ts`); a racing upsert's duplicate key is retried, as `upsertWithRetry` does.
    await upsertById(
      collection,
      id,
      replace
        ? { $set: fields, $setOnInsert: identity }
        : { $setOnInsert: { ...fields, ...identity } },
    );
  }

  async find(
    channelId: string,
    conversationId: string,
  ): Promise<Partial<ConversationReference> | undefined> {
    const document = await this.model
      .findOne({ _id: conversationReferenceId(channelId, conversationId) })
      .lean();
    return document?.reference;
  }
}

/**
 * Ley 1581 erasure: deletes every conversation reference of a citizen and returns which
 * conversations they were, so that what the bot keeps of those conversations goes too.
 */
export async function forgetCitizenConversations(
  model: ConversationReferenceModel,
  userPseudonym: string,
): Promise<{ channelId: string; conversationId: string }[]> {
  const conversations = await model
    .find({ userPseudonym }, { _id: 0, channelId: 1, conversationId: 1 })
    .lean();
  await model.deleteMany({ userPseudonym });
  return conversations.map(({ channelId, conversationId }) => ({ channelId, conversationId }));
}
