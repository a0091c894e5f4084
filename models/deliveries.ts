import { Schema, type Connection, type Model, type Types } from 'mongoose';

import {
  deliveryProblemModelsBeside,
  forgetDeliveryProblem,
  rememberDeliveryProblem,
} from './delivery-problems';
import { insertOnce } from './mongo-errors';
import { questionEventId, type QuestionEventModel } from './question-events';

/**
 * Where an asker receives what the ANM sends them: the chat they asked in (a proactive message
 * on its stored conversation), the Teams meeting chat, Messenger for a Facebook Live comment whose
 * author subscribed, or e-mail when they gave one with consent.
 */
export const deliveryChannels = ['chat', 'meeting-chat', 'live-comment', 'email'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

/** The official answer, or a notice the law requires before it (Ley 1755 de 2015). */
export const deliveryKinds = ['answer', 'extension-notice', 'forwarding-notice'] as const;
export type DeliveryKind = (typeof deliveryKinds)[number];

/**
 * `pending` until the deliverer ends it: `sent`; `unreachable` (no way to reach the asker there,
 * with the reason); `failed` (with `nextAttemptAt` while it will be retried, without once it gave
 * up and waits for a moderator).
 */
export const deliveryStatuses = ['pending', 'sent', 'failed', 'unreachable'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * The delivery outbox: one record per asker, channel and kind, written when a moderator's action
 * makes something due to the citizen. The `_id` is the idempotency key ("<questionId>#<channel>"
 * for the answer, "<questionId>#<kind>#<channel>" for a notice): inserting it is atomic on
 * FerretDB and MongoDB alike, so two approvals racing, or two replicas, leave one record and the
 * asker is never sent the same thing twice.
 *
 * No contact data is copied here: the deliverer reads the question (its conversation or e-mail)
 * when it sends, so an erasure in between leaves nothing behind to send to.
 */
export interface DeliveryDocument {
  _id: string;
  kind: DeliveryKind;
  /** The asker's own question. */
  questionId: Types.ObjectId;
  /** The question whose answer or notice is sent: the group's canonical question, or itself. */
  sourceQuestionId: Types.ObjectId;
  trackingCode: string;
  channel: DeliveryChannel;
  status: DeliveryStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  /** When the deliverer tries again; null when nothing more will be tried (also on older records). */
  nextAttemptAt?: Date | null;
  /** Why it is unreachable or failed, for moderators: a short Spanish phrase, never personal data. */
  reason?: string | null;
  /** When the last attempt ended. */
  lastAttemptAt?: Date | null;
  /**
   * How many attempts it may have in all, when a moderator's retry allowed more than the
   * deliverer's standard number (see `attemptLimitOf`); null otherwise.
   */
  attemptLimit?: number | null;
}

export const deliverySchema = new Schema<DeliveryDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: deliveryKinds, required: true },
    questionId: { type: Schema.Types.ObjectId, required: true },
    sourceQuestionId: { type: Schema.Types.ObjectId, required: true },
    trackingCode: { type: String, required: true },
    channel: { type: String, enum: deliveryChannels, required: true },
    status: { type: String, enum: deliveryStatuses, required: true },
    attempts: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    nextAttemptAt: { type: Date, default: null },
    reason: { type: String, default: null },
    lastAttemptAt: { type: Date, default: null },
    attemptLimit: { type: Number, default: null },
  },
  { collection: 'deliveries', versionKey: false },
);

export type DeliveryModel = Model<DeliveryDocument>;

export function deliveryModel(connection: Connection): DeliveryModel {
  return connection.model<DeliveryDocument>('Delivery', deliverySchema);
}

export function deliveryId(
  kind: DeliveryKind,
  questionId: Types.ObjectId,
  channel: DeliveryChannel,
): string {
  const question = questionId.toHexString();
  return kind === 'answer' ? `${question}#${channel}` : `${question}#${kind}#${channel}`;
}

export type NewDelivery = Pick<
  DeliveryDocument,
  'kind' | 'questionId' | 'sourceQuestionId' | 'trackingCode' | 'channel'
>;

/**
 * The deliverer's work list: one small document per delivery that has not ended, `_id` the
 * delivery's. The outbox grows for ever and the embedded store filters anything but `_id` by
 * reading every document, so the deliverer scans this collection instead: it holds only what is
 * in flight, because the deliverer deletes each entry when its delivery ends.
 */
export interface PendingDeliveryDocument {
  _id: string;
  queuedAt: Date;
  /** When the deliverer should next try it: entries waiting for a retry do not hold up others. */
  dueAt: Date;
}

export const pendingDeliverySchema = new Schema<PendingDeliveryDocument>(
  {
    _id: { type: String, required: true },
    queuedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
  },
  { collection: 'pending_deliveries', versionKey: false },
);

export type PendingDeliveryModel = Model<PendingDeliveryDocument>;

export function pendingDeliveryModel(connection: Connection): PendingDeliveryModel {
  return connection.model<PendingDeliveryDocument>('PendingDelivery', pendingDeliverySchema);
}

/**
 * The work list on the outbox's own connection, so that every writer of the outbox (moderation
 * holds only the outbox model) queues the entry too.
 */
export function pendingDeliveriesBeside(deliveries: DeliveryModel): PendingDeliveryModel {
  const registered = deliveries.db.models.PendingDelivery as PendingDeliveryModel | undefined;
  return registered ?? pendingDeliveryModel(deliveries.db);
}

/**
 * Queues each delivery once: a record already there (an earlier approval, another replica) is
 * left as it is. Returns how many were new.
 *
 * The work-list entry is inserted after the record, and always: a process that died in between
 * leaves a record without its entry, and the next call (approving again completes what a crash
 * left undone) adds it. An entry for a delivery that has already ended costs the deliverer one
 * read, after which it deletes the entry.
 */
export async function queueDeliveries(
  model: DeliveryModel,
  deliveries: NewDelivery[],
  now: Date,
): Promise<number> {
  const pending = pendingDeliveriesBeside(model);
  const inserted = await Promise.all(
    deliveries.map(async (delivery) => {
      const _id = deliveryId(delivery.kind, delivery.questionId, delivery.channel);
      const created = await insertOnce(model, {
        _id,
        ...delivery,
        status: 'pending',
        attempts: 0,
        createdAt: now,
        sentAt: null,
        nextAttemptAt: now,
        reason: null,
        lastAttemptAt: null,
      });
      await insertOnce(pending, { _id, queuedAt: now, dueAt: now });
      return created;
    }),
  );
  return inserted.filter(Boolean).length;
}

/** Up to `limit` ids from the work list due by `now`, longest due first (a small scan). */
export async function listDuePendingDeliveryIds(
  model: PendingDeliveryModel,
  now: Date,
  limit: number,
): Promise<string[]> {
  const entries = await model
    .find({ dueAt: { $lte: now } }, { _id: 1 })
    .sort({ dueAt: 1 })
    .limit(limit)
    .lean();
  return entries.map((entry) => entry._id);
}

/** Written by the claimer of the attempt that failed, by `_id`. */
export async function reschedulePendingDelivery(
  model: PendingDeliveryModel,
  id: string,
  dueAt: Date,
): Promise<void> {
  await model.updateOne({ _id: id }, { $set: { dueAt } });
}

/** Takes an ended delivery off the work list. */
export async function forgetPendingDelivery(
  model: PendingDeliveryModel,
  id: string,
): Promise<void> {
  await model.deleteOne({ _id: id });
}

export async function findDelivery(
  model: DeliveryModel,
  id: string,
): Promise<DeliveryDocument | null> {
  return model.findOne({ _id: id }).lean();
}

/** What one attempt ended with, as the deliverer records it on the delivery. */
export type DeliveryOutcome =
  | { status: 'sent'; at: Date; attempts: number }
  | { status: 'unreachable'; at: Date; attempts: number; reason: string }
  | { status: 'failed'; at: Date; attempts: number; reason: string; nextAttemptAt: Date | null };

/**
 * Records an attempt's outcome on the delivery, by `_id`. Only the process that claimed the
 * attempt (an insert-once in `delivery_attempts`) writes it, so no two writers race here.
 *
 * An outcome that `needsAttention` (the deliverer decides: delivery/delivery-attention.ts) is
 * first entered in the moderators' list of problems: a process that dies in between leaves an
 * entry for a delivery not ended yet, which the list skips, never an ended problem unlisted.
 */
export async function recordDeliveryOutcome(
  model: DeliveryModel,
  id: string,
  outcome: DeliveryOutcome,
  options: { needsAttention?: boolean } = {},
): Promise<void> {
  if (options.needsAttention && outcome.status !== 'sent') {
    const { deliveryProblems } = deliveryProblemModelsBeside(model);
    await rememberDeliveryProblem(deliveryProblems, {
      _id: id,
      status: outcome.status,
      at: outcome.at,
    });
  }
  await model.updateOne(
    { _id: id },
    {
      $set: {
        status: outcome.status,
        attempts: outcome.attempts,
        lastAttemptAt: outcome.at,
        sentAt: outcome.status === 'sent' ? outcome.at : null,
        reason: outcome.status === 'sent' ? null : outcome.reason,
        nextAttemptAt: outcome.status === 'failed' ? outcome.nextAttemptAt : null,
      },
    },
  );
}

/** The attempts a delivery may have in all: the deliverer's standard, or more after a retry. */
export function attemptLimitOf(
  delivery: Pick<DeliveryDocument, 'attemptLimit'>,
  standardLimit: number,
): number {
  return Math.max(standardLimit, delivery.attemptLimit ?? 0);
}

/**
 * A moderator's retry of an ended delivery (failed or unreachable after `attempts` attempts): it
 * is pending again, due now, with `attemptLimit` attempts allowed in all, back on the deliverer's
 * work list and off the list of problems. The caller holds the retry's claim
 * (models/delivery-problems.ts), and no deliverer writes an ended delivery, so nothing races
 * this write; the filter on `attempts` only guards against a stale caller.
 */
export async function reopenDelivery(
  model: DeliveryModel,
  delivery: Pick<DeliveryDocument, '_id' | 'attempts'>,
  attemptLimit: number,
  now: Date,
): Promise<void> {
  await model.updateOne(
    { _id: delivery._id, attempts: delivery.attempts },
    { $set: { status: 'pending', nextAttemptAt: now, reason: null, attemptLimit } },
  );
  const pending = pendingDeliveriesBeside(model);
  if (!(await insertOnce(pending, { _id: delivery._id, queuedAt: now, dueAt: now })))
    await reschedulePendingDelivery(pending, delivery._id, now);
  await forgetDeliveryProblem(deliveryProblemModelsBeside(model).deliveryProblems, delivery._id);
}

/**
 * When the asker of a subscribed question last wrote to the bot, as far as the question knows:
 * the "recibir respuesta" that subscribed them (its event, found by walking the question's
 * versions down by `_id`, at most `maxVersions` reads), else when the question was received.
 */
export async function lastKnownCitizenMessageAt(
  events: QuestionEventModel,
  question: { _id: Types.ObjectId; version: number; receivedAt: Date },
  maxVersions = 20,
): Promise<Date> {
  const lowest = Math.max(1, question.version - maxVersions + 1);
  for (let version = question.version; version >= lowest; version--) {
    const event = await events
      .findOne({ _id: questionEventId(question._id, version) }, { type: 1, at: 1 })
      .lean();
    if (event?.type === 'answer-subscribed') return event.at;
  }
  return question.receivedAt;
}

/** The deliveries with these ids that exist, each read by `_id`. */
export async function findDeliveries(
  model: DeliveryModel,
  ids: readonly string[],
): Promise<DeliveryDocument[]> {
  const found = await Promise.all(ids.map((_id) => model.findOne({ _id }).lean()));
  return found.flatMap((delivery) => (delivery ? [delivery] : []));
}
