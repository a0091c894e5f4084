import { Schema, type Connection, type Model } from 'mongoose';

import { insertIfAbsent, type BatchCollection } from './write-batch';

/**
 * Who has been welcomed: `_id` is the citizen's pseudonymous key. The insert is the claim, so two
 * first messages of one citizen handled at once (by one replica or two) welcome them once.
 */
export interface WelcomeDocument {
  _id: string;
  welcomedAt: Date;
}

export const welcomeSchema = new Schema<WelcomeDocument>(
  { _id: { type: String, required: true }, welcomedAt: { type: Date, required: true } },
  { collection: 'welcomes', versionKey: false },
);

export type WelcomeModel = Model<WelcomeDocument>;

export function welcomeModel(connection: Connection): WelcomeModel {
  return connection.model<WelcomeDocument>('Welcome', welcomeSchema);
}

/** True for the one turn that may welcome this citizen. */
export function claimWelcome(model: WelcomeModel, citizenKey: string, at: Date): Promise<boolean> {
  // Through the driver, grouped with other turns' claims into one insert (`write-batch.ts`); the
  // duplicate key that refuses a second claim is still told apart per document.
  return insertIfAbsent(model.collection as unknown as BatchCollection, {
    _id: citizenKey,
    welcomedAt: at,
  });
}

/** Ley 1581 erasure: a citizen who comes back after erasing their data is a new citizen. */
export async function forgetWelcome(model: WelcomeModel, citizenKey: string): Promise<void> {
  await model.deleteOne({ _id: citizenKey });
}
