import { Schema, type Connection, type Model } from 'mongoose';

import { insertOnce } from './mongo-errors';

/**
 * A conversation of the embedded Direct Line (webchat/), `_id` its conversation id: the proof that
 * this bot started it, so that the bot's connector calls and a client's posts are accepted only
 * for conversations it knows. `watermark` is a hint, the highest watermark written as far as this
 * document knows: FerretDB runs `$max` as read-then-replace, so two writers can leave it behind,
 * never ahead (see models/direct-line-activity.ts, which does not rely on it being exact).
 */
export interface DirectLineConversationDocument {
  _id: string;
  createdAt: Date;
  watermark: number;
}

export const directLineConversationSchema = new Schema<DirectLineConversationDocument>(
  {
    _id: { type: String, required: true },
    createdAt: { type: Date, required: true },
    watermark: { type: Number, required: true },
  },
  { collection: 'direct_line_conversations', versionKey: false },
);

export type DirectLineConversationModel = Model<DirectLineConversationDocument>;

export function directLineConversationModel(connection: Connection): DirectLineConversationModel {
  return connection.model<DirectLineConversationDocument>(
    'DirectLineConversation',
    directLineConversationSchema,
  );
}

/** True when this call started the conversation; false when it had been started before. */
export function startDirectLineConversation(
  model: DirectLineConversationModel,
  conversationId: string,
  at: Date,
): Promise<boolean> {
  return insertOnce(model, { _id: conversationId, createdAt: at, watermark: 0 });
}

export async function findDirectLineConversation(
  model: DirectLineConversationModel,
  conversationId: string,
): Promise<DirectLineConversationDocument | undefined> {
  return (await model.findOne({ _id: conversationId }).lean()) ?? undefined;
}

/** Raises the watermark hint (never lowers it, except by a lost race: it is only a hint). */
export async function raiseDirectLineWatermark(
  model: DirectLineConversationModel,
  conversationId: string,
  watermark: number,
): Promise<void> {
  await model.updateOne({ _id: conversationId }, { $max: { watermark } });
}
