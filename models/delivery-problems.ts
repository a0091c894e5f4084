import { Schema, type Connection, type Model, type Types } from 'mongoose';

import type { StaffRef } from '../kernel/staff-identity';
import { insertOnce, upsertWithRetry } from './mongo-errors';

/**
 * Deliveries a moderator should look at: one small document per delivery that ended failed
 * (the deliverer gave up) or unreachable for a reason a retry can change, `_id` the delivery's.
 * The outbox grows for ever and the embedded store filters anything but `_id` by reading every
 * document, so the moderators' list reads this collection instead: it holds only problems, and
 * a retry takes its entry out. No personal data: the delivery id is "<questionId>#…#<channel>".
 */
export interface DeliveryProblemDocument {
  _id: string;
  status: 'failed' | 'unreachable';
  /** When the attempt that left it so ended: the list shows the latest first. */
  at: Date;
}

const deliveryProblemSchema = new Schema<DeliveryProblemDocument>(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: ['failed', 'unreachable'], required: true },
    at: { type: Date, required: true },
  },
  { collection: 'delivery_problems', versionKey: false },
);

/**
 * A moderator's retry of an ended delivery, `_id` "<deliveryId>~<attempts>": the number of
 * attempts the delivery had when it was retried. Inserting it is the claim that makes two
 * moderators clicking at once (two replicas alike) retry it once; the record also keeps what the
 * delivery said before, for the audit.
 */
export interface DeliveryRetryDocument {
  _id: string;
  deliveryId: string;
  questionId: Types.ObjectId;
  afterAttempts: number;
  previousStatus: 'failed' | 'unreachable';
  previousReason: string | null;
  requestedBy: StaffRef;
  requestedAt: Date;
}

const deliveryRetrySchema = new Schema<DeliveryRetryDocument>(
  {
    _id: { type: String, required: true },
    deliveryId: { type: String, required: true },
    questionId: { type: Schema.Types.ObjectId, required: true },
    afterAttempts: { type: Number, required: true },
    previousStatus: { type: String, enum: ['failed', 'unreachable'], required: true },
    previousReason: { type: String, default: null },
    requestedBy: {
      type: new Schema<StaffRef>({ subject: String, name: String }, { _id: false }),
      required: true,
    },
    requestedAt: { type: Date, required: true },
  },
  { collection: 'delivery_retries', versionKey: false },
);

export type DeliveryProblemModel = Model<DeliveryProblemDocument>;
export type DeliveryRetryModel = Model<DeliveryRetryDocument>;

export interface DeliveryProblemModels {
  deliveryProblems: DeliveryProblemModel;
  deliveryRetries: DeliveryRetryModel;
}

export function deliveryProblemModels(connection: Connection): DeliveryProblemModels {
  return {
    deliveryProblems: connection.model<DeliveryProblemDocument>(
      'DeliveryProblem',
      deliveryProblemSchema,
    ),
    deliveryRetries: connection.model<DeliveryRetryDocument>('DeliveryRetry', deliveryRetrySchema),
  };
}

/** The models on the connection of `beside` (the outbox), registered there if they were not. */
export function deliveryProblemModelsBeside(beside: { db: Connection }): DeliveryProblemModels {
  const models = beside.db.models;
  const problems = models.DeliveryProblem as DeliveryProblemModel | undefined;
  const retries = models.DeliveryRetry as DeliveryRetryModel | undefined;
  return problems && retries
    ? { deliveryProblems: problems, deliveryRetries: retries }
    : deliveryProblemModels(beside.db);
}

/** Written by the claimer of the attempt that ended so, by `_id`. */
export async function rememberDeliveryProblem(
  model: DeliveryProblemModel,
  problem: DeliveryProblemDocument,
): Promise<void> {
  await upsertWithRetry(() =>
    model.updateOne(
      { _id: problem._id },
      { $set: { status: problem.status, at: problem.at } },
      { upsert: true },
    ),
  );
}

export async function forgetDeliveryProblem(
  model: DeliveryProblemModel,
  id: string,
): Promise<void> {
  await model.deleteOne({ _id: id });
}

/** Where a page of problems ends: the next page starts after it. */
export interface DeliveryProblemCursor {
  at: Date;
  id: string;
}

/** Up to `limit` problems with these statuses, latest first (then by id), after `after`. */
export async function listDeliveryProblems(
  model: DeliveryProblemModel,
  statuses: readonly DeliveryProblemDocument['status'][],
  after: DeliveryProblemCursor | undefined,
  limit: number,
): Promise<DeliveryProblemDocument[]> {
  const page = after
    ? { $or: [{ at: { $lt: after.at } }, { at: after.at, _id: { $gt: after.id } }] }
    : {};
  return model
    .find({ status: { $in: [...statuses] }, ...page })
    .sort({ at: -1, _id: 1 })
    .limit(limit)
    .lean();
}

export function deliveryRetryId(deliveryId: string, afterAttempts: number): string {
  return `${deliveryId}~${afterAttempts}`;
}

/** True for the one caller, across every replica, that retries the delivery after that attempt. */
export function claimDeliveryRetry(
  model: DeliveryRetryModel,
  retry: Omit<DeliveryRetryDocument, '_id'>,
): Promise<boolean> {
  return insertOnce(model, {
    _id: deliveryRetryId(retry.deliveryId, retry.afterAttempts),
    ...retry,
  });
}

export async function findDeliveryRetry(
  model: DeliveryRetryModel,
  deliveryId: string,
  afterAttempts: number,
): Promise<DeliveryRetryDocument | null> {
  return model.findOne({ _id: deliveryRetryId(deliveryId, afterAttempts) }).lean();
}
