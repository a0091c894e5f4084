import type { Types } from 'mongoose';

import { businessDaysLeft } from '../legal-terms/business-days';
import {
  deliveryId,
  findDeliveries,
  deliveryKinds,
  type DeliveryDocument,
} from '../models/deliveries';
import type { QuestionDocument } from '../models/question';
import {
  personalEventFields,
  questionHistory,
  type QuestionEventDocument,
} from '../models/question-events';
import {
  findSatisfactionSurvey,
  satisfactionSurveysBeside,
  type SatisfactionSurveyDocument,
} from '../models/satisfaction-survey';
import { findSpace } from '../models/space';
import { loadQuestion, isOpen, type ModerationContext } from './moderation-context';
import { askerChannels } from './outbox';
import { currentGroupOf } from './question-grouping';
import type { QueueGroup } from './queue-groups';

/**
 * What moderators see of questions: the least personal data the task needs. Never the contact,
 * the citizen's key, their conversation or consent: the text, the legal dates, and what staff
 * did. Whoever delivers by e-mail reads the contact elsewhere.
 */
export function moderatorQuestion(question: QuestionDocument, now: Date) {
  return {
    id: question._id.toHexString(),
    trackingCode: question.trackingCode,
    text: question.text,
    status: question.status,
    petitionKind: question.petitionKind,
    channel: question.channelId,
    origin: question.origin,
    spaceId: question.spaceId?.toHexString() ?? null,
    groupId: question.groupId?.toHexString() ?? null,
    receivedAt: question.receivedAt.toISOString(),
    dueDate: question.dueAt.toISOString(),
    businessDaysLeft: isOpen(question) ? businessDaysLeft(question.dueAt, now) : null,
    area: question.area,
    assignee: question.assignee,
    draft: question.draft,
    approval: question.approval,
    publishedAt: question.publishedAt?.toISOString() ?? null,
    extension: question.extension,
    forwarding: question.forwarding,
    rejection: question.rejection,
    version: question.version,
  };
}

export type ModeratorQuestion = ReturnType<typeof moderatorQuestion>;

export function groupView(group: QueueGroup) {
  return {
    canonicalId: group.head.id,
    size: group.members.length,
    members: group.members.map((member) => ({
      id: member.id,
      trackingCode: member.trackingCode,
      status: member.status,
      channel: member.channelId,
      origin: member.origin,
      receivedAt: new Date(member.receivedAt).toISOString(),
      dueDate: new Date(member.dueAt).toISOString(),
      version: member.version,
    })),
  };
}

const hiddenFields: ReadonlySet<string> = new Set([...personalEventFields, 'consentId']);

function withoutPersonalFields(record: Record<string, unknown> | undefined) {
  return Object.fromEntries(
    Object.entries(record ?? {}).filter(([field]) => !hiddenFields.has(field)),
  );
}

/** The audit trail: who, when, what, before and after. */
function historyView(events: QuestionEventDocument[]) {
  return events.map((event) => ({
    version: event.version,
    type: event.type,
    at: event.at.toISOString(),
    actor: event.actor,
    by: event.by ?? null,
    changes: withoutPersonalFields(event.changes),
    before: withoutPersonalFields(event.before),
  }));
}

function deliveryView(delivery: DeliveryDocument) {
  return {
    kind: delivery.kind,
    questionId: delivery.questionId.toHexString(),
    trackingCode: delivery.trackingCode,
    channel: delivery.channel,
    status: delivery.status,
    attempts: delivery.attempts,
    createdAt: delivery.createdAt.toISOString(),
    sentAt: delivery.sentAt?.toISOString() ?? null,
  };
}

/** How the asker rated the answer, if they were asked: the comment is stored scrubbed. */
function satisfactionView(survey: SatisfactionSurveyDocument | null) {
  return (
    survey && {
      rating: survey.rating,
      comment: survey.comment,
      askedAt: survey.askedAt.toISOString(),
      respondedAt: survey.respondedAt?.toISOString() ?? null,
    }
  );
}

/**
 * The outbox records of a question and of the answers to its group, read by `_id` (each key is
 * known: kind, question and channel), never by a filter that would read every delivery.
 */
async function deliveriesOf(
  context: ModerationContext,
  question: QuestionDocument,
  memberIds: Types.ObjectId[],
): Promise<DeliveryDocument[]> {
  const channels = askerChannels(question);
  const own = deliveryKinds.flatMap((kind) =>
    channels.map((channel) => deliveryId(kind, question._id, channel)),
  );
  const members = memberIds.flatMap((id) => {
    const entry = context.projection.entry(id.toHexString());
    return entry ? [deliveryId('answer', id, entry.origin), deliveryId('answer', id, 'email')] : [];
  });
  return findDeliveries(context.models.deliveries, [...own, ...members]);
}

/**
 * One question for the moderator: itself, its group, its space, its history, its deliveries, and
 * how its asker rated the answer (`satisfaction`, null when never asked).
 */
export async function questionDetail(context: ModerationContext, questionId: Types.ObjectId) {
  const question = await loadQuestion(context, questionId);
  const group = await currentGroupOf(context, questionId);
  const others = (group?.members ?? [])
    .filter((member) => !member.objectId.equals(questionId))
    .map((member) => member.objectId);
  const [space, history, deliveries, survey] = await Promise.all([
    question.spaceId ? findSpace(context.models, question.spaceId) : Promise.resolve(null),
    questionHistory(context.models.questionEvents, questionId, question.version),
    deliveriesOf(context, question, others),
    findSatisfactionSurvey(satisfactionSurveysBeside(context.models.questions), questionId),
  ]);
  return {
    question: moderatorQuestion(question, context.now()),
    group: group ? groupView(group) : null,
    space: space && {
      id: space._id.toHexString(),
      title: space.title,
      type: space.type,
      state: space.state,
      municipality: space.municipality,
      department: space.department,
    },
    history: historyView(history),
    deliveries: deliveries.map(deliveryView),
    satisfaction: satisfactionView(survey),
  };
}
