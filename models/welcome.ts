import { Schema, type Connection, type Model } from 'mongoose';

import { insertIfAbsent, type BatchCollection } from './write-batch';

/**
 * Who has been welcomed: `_id` is the citizen's pseudonymous key. The insert is the claim, so two
 * first messages of one citizen handled at once (by one replica or two) welcome them once.
 * `activity` is the retry filter's pseudonymous key of the activity that claimed: another copy of
 * that same activity (a channel's retry handled at the same time, a journaled turn replayed) holds
 * the claim too, and only that activity's turn may give it back.
 */
export interface WelcomeDocument {
  _id: string;
  welcomedAt: Date;
  activity?: string;
}

export const welcomeSchema = new Schema<WelcomeDocument>(
  {
    _id: { type: String, required: true },
    welcomedAt: { type: Date, required: true },
    activity: { type: String },
  },
  { collection: 'welcomes', versionKey: false },
);

export type WelcomeModel = Model<WelcomeDocument>;

export function welcomeModel(connection: Connection): WelcomeModel {
  return connection.model<WelcomeDocument>('Welcome', welcomeSchema);
}

/** True for the turns of the one activity that may welcome this citizen. */
export async function claimWelcome(
  model: WelcomeModel,
  claim: { citizenKey: string; activityKey: string; at: Date },
): Promise<boolean> {
  // Through the driver, grouped with other turns' claims into one insert (`write-batch.ts`); the
  // duplicate key that refuses a second claim is still told apart per document.
  const won = await insertIfAbsent(model.collection as unknown as BatchCollection, {
    _id: claim.citizenKey,
    welcomedAt: claim.at,
    activity: claim.activityKey,
  });
  if (won) return true;
  // Refused: welcomed elsewhere, or claimed by another copy of this very activity.
  const held = await model
    .findOne({ _id: claim.citizenKey }, { activity: 1 })
    .lean<{ activity?: string }>();
  return held?.activity === claim.activityKey;
}

/** Gives back a claim its activity did not use, so that the citizen's next message welcomes them. */
export async function releaseWelcome(
  model: WelcomeModel,
  claim: { citizenKey: string; activityKey: string },
): Promise<void> {
  await model.deleteOne({ _id: claim.citizenKey, activity: claim.activityKey });
}

/** Ley 1581 erasure: a citizen who comes back after erasing their data is a new citizen. */
export async function forgetWelcome(model: WelcomeModel, citizenKey: string): Promise<void> {
  await model.deleteOne({ _id: citizenKey });
}
