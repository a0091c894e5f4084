import { Schema, type Connection, type Model, type Types } from 'mongoose';

import { isDuplicateKeyError } from './mongo-errors';

export type Transition = 'opened' | 'closed';

/**
 * One-time transitions ("<spaceId>#opened", "<spaceId>#closed"): the insert decides who acts,
 * and the claim is the truth about when a space opened and closed.
 */
export interface SpaceTransitionDocument {
  _id: string;
  at: Date;
}

const spaceTransitionSchema = new Schema<SpaceTransitionDocument>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'space_transitions', versionKey: false },
);

export interface SpaceTransitionModels {
  spaceTransitions: Model<SpaceTransitionDocument>;
}

export function spaceTransitionModel(connection: Connection): Model<SpaceTransitionDocument> {
  return connection.model<SpaceTransitionDocument>('SpaceTransition', spaceTransitionSchema);
}

const transitionKey = (spaceId: Types.ObjectId, transition: Transition) =>
  `${spaceId.toHexString()}#${transition}`;

/** True only for the one caller that performs a space's transition. */
export async function claimTransition(
  models: SpaceTransitionModels,
  spaceId: Types.ObjectId,
  transition: Transition,
  at: Date,
): Promise<boolean> {
  try {
    await models.spaceTransitions.create({ _id: transitionKey(spaceId, transition), at });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** When a space opened and closed, as the claims of its transitions record it. */
export async function claimedTransitions(
  models: SpaceTransitionModels,
  spaceId: Types.ObjectId,
): Promise<Record<Transition, Date | null>> {
  const claims = await models.spaceTransitions
    .find({ _id: { $in: [transitionKey(spaceId, 'opened'), transitionKey(spaceId, 'closed')] } })
    .lean();
  const at = (transition: Transition) =>
    claims.find((claim) => claim._id === transitionKey(spaceId, transition))?.at ?? null;
  return { opened: at('opened'), closed: at('closed') };
}
