import { Schema, type Connection, type Model } from 'mongoose';

import { insertOnce } from './mongo-errors';

/**
 * How a browser may come back to an embedded Direct Line conversation (webchat/direct-line-resume.ts):
 * one document per conversation, `_id` its conversation id, holding the hashes of the two resume
 * secrets accepted, never a secret itself. `userId` is the conversation's `dl_` user, so that a
 * resumed conversation's token speaks as the same user. No personal data.
 *
 * Revocation deletes the document (the device's "Olvidar", or the citizen's erasure). A delete,
 * unlike a field cleared, cannot be undone by an exchange racing with it: FerretDB applies an
 * update as read-then-replace of the document it found, and a replace of a deleted document
 * writes nothing.
 */
export interface DirectLineResumeDocument {
  _id: string;
  userId: string;
  /** Hash of the secret presented last; null until the first exchange. */
  current: string | null;
  /** Hash of the secret the browser was given last. */
  next: string;
  expiresAt: Date;
}

export const directLineResumeSchema = new Schema<DirectLineResumeDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    current: { type: String, default: null },
    next: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'direct_line_resumes', versionKey: false },
);

export type DirectLineResumeModel = Model<DirectLineResumeDocument>;

export function directLineResumeModel(connection: Connection): DirectLineResumeModel {
  return connection.model<DirectLineResumeDocument>('DirectLineResume', directLineResumeSchema);
}

/** Opens a conversation's resume, once: false when it was open already. */
export function openDirectLineResume(
  model: DirectLineResumeModel,
  resume: DirectLineResumeDocument,
): Promise<boolean> {
  return insertOnce(model, resume);
}

export async function findDirectLineResume(
  model: DirectLineResumeModel,
  conversationId: string,
): Promise<DirectLineResumeDocument | undefined> {
  return (await model.findOne({ _id: conversationId }).lean()) ?? undefined;
}

/**
 * Moves the resume on, provided the secret presented (`presentedHash`) is still one of the two
 * accepted: false when it is not (rotated away by another exchange, or revoked meanwhile).
 */
export async function advanceDirectLineResume(
  model: DirectLineResumeModel,
  conversationId: string,
  presentedHash: string,
  advanced: Pick<DirectLineResumeDocument, 'current' | 'next' | 'expiresAt'>,
): Promise<boolean> {
  const result = await model.updateOne(
    { _id: conversationId, $or: [{ next: presentedHash }, { current: presentedHash }] },
    { $set: advanced },
  );
  return result.matchedCount > 0;
}

/** No device can resume the conversation any more. */
export async function forgetDirectLineResume(
  model: DirectLineResumeModel,
  conversationId: string,
): Promise<void> {
  await model.deleteOne({ _id: conversationId });
}
