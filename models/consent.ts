import { Schema, type Connection, type Model } from 'mongoose';

import { isDuplicateKeyError } from './mongo-errors';

/**
 * Evidence of a citizen's decision on the processing of personal data (Ley 1581 de 2012, art. 9:
 * the authorisation must be kept so that it can be consulted later). One record per question
 * submission: when, on which channel, which version of the text, for which question.
 */
export interface ConsentDocument {
  /** "consent:<submissionKey>": a retried submission finds its own record instead of a second one. */
  _id: string;
  submissionKey: string;
  decision: 'granted' | 'denied';
  decidedAt: Date;
  channelId: string;
  /** Version id and hash of the exact text the citizen was shown. */
  textVersion: string;
  /** Pseudonymous citizen key; null when denied, or after the citizen asked to erase their data. */
  citizenKey: string | null;
  revokedAt: Date | null;
}

export const consentSchema = new Schema<ConsentDocument>(
  {
    _id: { type: String, required: true },
    submissionKey: { type: String, required: true },
    decision: { type: String, enum: ['granted', 'denied'], required: true },
    decidedAt: { type: Date, required: true },
    channelId: { type: String, required: true },
    textVersion: { type: String, required: true },
    citizenKey: { type: String, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'consents', versionKey: false },
);
consentSchema.index({ citizenKey: 1 });

export type ConsentModel = Model<ConsentDocument>;

export function consentModel(connection: Connection): ConsentModel {
  return connection.model<ConsentDocument>('Consent', consentSchema);
}

export type ConsentRecordInput = Omit<ConsentDocument, '_id' | 'revokedAt'>;

/** Records a decision once per submission; a retry returns the record already stored. */
export async function recordConsent(
  model: ConsentModel,
  input: ConsentRecordInput,
): Promise<ConsentDocument> {
  const document: ConsentDocument = {
    _id: `consent:${input.submissionKey}`,
    ...input,
    revokedAt: null,
  };
  try {
    await model.create(document);
    return document;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const stored = await model.findById(document._id).lean();
    if (!stored) throw error;
    return stored;
  }
}

/** Ley 1581, art. 8 e): the citizen revokes the authorisation; the evidence stays, unlinked. */
export async function revokeCitizenConsents(
  model: ConsentModel,
  citizenKey: string,
  at: Date,
): Promise<number> {
  const result = await model.updateMany(
    { citizenKey },
    { $set: { revokedAt: at, citizenKey: null } },
  );
  return result.modifiedCount;
}

/** A consent given for a purpose that could not be served (e.g. a code claimed by someone else). */
export async function releaseConsent(model: ConsentModel, id: string, at: Date): Promise<void> {
  await model.updateOne({ _id: id }, { $set: { revokedAt: at, citizenKey: null } });
}

/**
 * The purpose was served and the personal data of the question expired: the evidence stays, no
 * longer linked to the citizen's pseudonym. Not a revocation: `revokedAt` is left as it was.
 */
export async function unlinkConsent(model: ConsentModel, id: string): Promise<void> {
  await model.updateOne({ _id: id, citizenKey: { $ne: null } }, { $set: { citizenKey: null } });
}
