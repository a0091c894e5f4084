import { Schema, type Connection, type Model } from 'mongoose';

import { insertOnce } from './mongo-errors';

/**
 * One document per attempt to send a delivery, `_id` "<deliveryId>@<n>". Inserting it is the
 * claim: of two deliverers (two replicas, or two passes of one) that try the same attempt, the one
 * whose insert lands sends, the other skips it. The claimer writes the outcome here and on the
 * delivery; an attempt never ended (its process died) is retried as the next one after a timeout.
 */
export interface DeliveryAttemptDocument {
  _id: string;
  deliveryId: string;
  attempt: number;
  claimedAt: Date;
  endedAt: Date | null;
  /** `sent`, `failed` or `unreachable`; null while in flight. */
  outcome: string | null;
}

export const deliveryAttemptSchema = new Schema<DeliveryAttemptDocument>(
  {
    _id: { type: String, required: true },
    deliveryId: { type: String, required: true },
    attempt: { type: Number, required: true },
    claimedAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    outcome: { type: String, default: null },
  },
  { collection: 'delivery_attempts', versionKey: false },
);

export type DeliveryAttemptModel = Model<DeliveryAttemptDocument>;

export function deliveryAttemptModel(connection: Connection): DeliveryAttemptModel {
  return connection.model<DeliveryAttemptDocument>('DeliveryAttempt', deliveryAttemptSchema);
}

export function deliveryAttemptId(deliveryId: string, attempt: number): string {
  return `${deliveryId}@${attempt}`;
}

/** True for the one caller, across every replica, that may make attempt `attempt`. */
export function claimDeliveryAttempt(
  model: DeliveryAttemptModel,
  deliveryId: string,
  attempt: number,
  now: Date,
): Promise<boolean> {
  return insertOnce(model, {
    _id: deliveryAttemptId(deliveryId, attempt),
    deliveryId,
    attempt,
    claimedAt: now,
    endedAt: null,
    outcome: null,
  });
}

export async function findDeliveryAttempt(
  model: DeliveryAttemptModel,
  deliveryId: string,
  attempt: number,
): Promise<DeliveryAttemptDocument | null> {
  return model.findOne({ _id: deliveryAttemptId(deliveryId, attempt) }).lean();
}

/** Written by the claimer only, by `_id`. */
export async function endDeliveryAttempt(
  model: DeliveryAttemptModel,
  deliveryId: string,
  attempt: number,
  outcome: string,
  now: Date,
): Promise<void> {
  await model.updateOne(
    { _id: deliveryAttemptId(deliveryId, attempt) },
    { $set: { endedAt: now, outcome } },
  );
}

/**
 * Attempts only matter while their delivery may still be retried (hours); the housekeeping job
 * forgets them after `before`.
 */
export async function forgetDeliveryAttempts(
  model: DeliveryAttemptModel,
  before: Date,
): Promise<number> {
  const result = await model.deleteMany({ claimedAt: { $lt: before } });
  return result.deletedCount;
}
