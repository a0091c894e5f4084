import { Schema, type Connection, type Model, type Types } from 'mongoose';

import { petitionKinds, type PetitionKind } from '../legal-terms/legal-terms';
import { upsertWithRetry } from './mongo-errors';
import { spaceTypes, type SpaceType } from './space-kinds';

/** The fields of a space that staff set; the space document and its details record share them. */
export interface SpaceDetails {
  type: SpaceType;
  title: string;
  responsibleArea: string | null;
  municipality: string | null;
  department: string | null;
  scheduledAt: Date | null;
  /** Questions raised here are petitions (15 business days) unless configured otherwise. */
  petitionKind: PetitionKind;
  /**
   * How many people took part, as staff counted them (attendees, connections): a whole number
   * from 0 to `maxParticipants`; null until staff record it, usually after the space.
   */
  participants: number | null;
}

/** The most participants a space may record: more is a typing mistake. */
export const maxParticipants = 1_000_000;

/**
 * What staff said about a space when they last completed or edited it, one record per space
 * (`_id` is the space's id). It is the truth about those fields: the space document holds a copy
 * that a racing write may revert, and settling re-applies it from here (see space-settling.ts).
 * Each save replaces the whole record, so two staff saving at once leave one complete version.
 */
export interface SpaceDetailsDocument extends SpaceDetails {
  _id: Types.ObjectId;
  savedAt: Date;
}

/** The schema of the fields staff set, shared by the space document and its details record. */
export const spaceDetailsFields = {
  type: { type: String, enum: spaceTypes, required: true },
  title: { type: String, required: true },
  responsibleArea: { type: String, default: null },
  municipality: { type: String, default: null },
  department: { type: String, default: null },
  scheduledAt: { type: Date, default: null },
  petitionKind: { type: String, enum: petitionKinds, required: true },
  participants: { type: Number, default: null, min: 0, max: maxParticipants },
} as const;

const spaceDetailsSchema = new Schema<SpaceDetailsDocument>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    ...spaceDetailsFields,
    savedAt: { type: Date, required: true },
  },
  { collection: 'space_details', versionKey: false },
);

export interface SpaceDetailsModels {
  spaceDetails: Model<SpaceDetailsDocument>;
}

export function spaceDetailsModel(connection: Connection): Model<SpaceDetailsDocument> {
  return connection.model<SpaceDetailsDocument>('SpaceDetails', spaceDetailsSchema);
}

/** The fields of a space that staff set, and that the record holds. */
export type StaffFields = Omit<SpaceDetailsDocument, '_id' | 'savedAt'> & {
  needsCompletion: boolean;
};

export function staffFieldsOf(space: SpaceDetails & { needsCompletion: boolean }): StaffFields {
  return {
    type: space.type,
    title: space.title,
    responsibleArea: space.responsibleArea,
    municipality: space.municipality,
    department: space.department,
    scheduledAt: space.scheduledAt,
    petitionKind: space.petitionKind,
    // Spaces stored before participation was recorded have no such field.
    participants: space.participants ?? null,
    needsCompletion: space.needsCompletion,
  };
}

/** The details staff saved for a space, as the space should show them; null when none. */
export async function savedDetailsOf(
  models: SpaceDetailsModels,
  spaceId: Types.ObjectId,
): Promise<StaffFields | null> {
  const record = await models.spaceDetails.findById(spaceId).lean();
  if (!record) return null;
  return {
    type: record.type,
    title: record.title,
    responsibleArea: record.responsibleArea,
    municipality: record.municipality,
    department: record.department,
    scheduledAt: record.scheduledAt,
    petitionKind: record.petitionKind,
    participants: record.participants ?? null,
    needsCompletion: false,
  };
}

export async function saveDetailsRecord(
  models: SpaceDetailsModels,
  spaceId: Types.ObjectId,
  fields: Omit<StaffFields, 'needsCompletion'>,
  at: Date,
): Promise<void> {
  await upsertWithRetry(() =>
    models.spaceDetails.replaceOne(
      { _id: spaceId },
      { _id: spaceId, ...fields, savedAt: at },
      { upsert: true },
    ),
  );
}
