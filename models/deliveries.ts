import { Schema, type Connection, type Model, type Types } from 'mongoose';

import { insertOnce } from './mongo-errors';

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

/** Only `pending` is written here; the deliverer records what happened next. */
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
 * Queues each delivery once: a record already there (an earlier approval, another replica) is
 * left as it is. Returns how many were new.
 */
export async function queueDeliveries(
  model: DeliveryModel,
  deliveries: NewDelivery[],
  now: Date,
): Promise<number> {
  const inserted = await Promise.all(
    deliveries.map((delivery) =>
      insertOnce(model, {
        _id: deliveryId(delivery.kind, delivery.questionId, delivery.channel),
        ...delivery,
        status: 'pending',
        attempts: 0,
        createdAt: now,
        sentAt: null,
      }),
    ),
  );
  return inserted.filter(Boolean).length;
}

/** The deliveries with these ids that exist, each read by `_id`. */
export async function findDeliveries(
  model: DeliveryModel,
  ids: readonly string[],
): Promise<DeliveryDocument[]> {
  const found = await Promise.all(ids.map((_id) => model.findOne({ _id }).lean()));
  return found.flatMap((delivery) => (delivery ? [delivery] : []));
}
