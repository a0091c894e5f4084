import type { StaffRef } from '../kernel/staff-identity';
import type { QuestionDocument } from '../models/question';
import { requireCanonical } from './drafts';
import {
  atVersion,
  changeAsModerator,
  isOpen,
  requireOpen,
  type ModerationContext,
} from './moderation-context';
import { drafterCannotApprove, notAllowed } from './moderation-refusals';
import { queueAnswers } from './outbox';
import type { SeenQuestion } from './question-grouping';

export interface Approval {
  question: QuestionDocument;
  /** Every asker of the group answered: the canonical question and those grouped under it. */
  askers: number;
  /** Outbox records written by this call (0 when an earlier call already wrote them). */
  deliveriesQueued: number;
  /** True when the question was already published: only missing steps were completed. */
  alreadyPublished: boolean;
}

function requireOtherPerson(question: QuestionDocument, staff: StaffRef): void {
  if (question.draft?.draftedBy.subject === staff.subject) throw drafterCannotApprove();
}

/**
 * The second step of the answer: a moderator who did not write the draft approves it. The
 * canonical question is published (claimed at the version the approver saw: of two approvals
 * racing, one wins and the other is refused as stale), then every question grouped under it,
 * then one outbox record per asker and channel, keyed so that it can only be written once.
 *
 * Calling it again on the published question (at its current version) completes whatever a
 * crash left undone, and adds nothing else.
 */
export async function approve(
  context: ModerationContext,
  seen: SeenQuestion,
  staff: StaffRef,
): Promise<Approval> {
  await context.projection.catchUp();
  const now = context.now();
  const { question, alreadyPublished } = await publishCanonical(context, seen, staff, now);
  const askers = [question, ...(await publishGroupMembers(context, question, staff, now))];
  const deliveriesQueued = await queueAnswers(context, question, askers);
  return { question, askers: askers.length, deliveriesQueued, alreadyPublished };
}

/** Checks the draft and the approver, then publishes the canonical question at `seen`. */
async function publishCanonical(
  context: ModerationContext,
  seen: SeenQuestion,
  staff: StaffRef,
  now: Date,
): Promise<{ question: QuestionDocument; alreadyPublished: boolean }> {
  let alreadyPublished = false;
  const question = await changeAsModerator(
    context,
    seen.id,
    'approved',
    staff,
    atVersion(seen.version, (current) => {
      alreadyPublished = false;
      requireCanonical(context, current);
      if (current.status === 'published') {
        requireOtherPerson(current, staff);
        alreadyPublished = true;
        return undefined;
      }
      requireOpen(current);
      requireApprovableDraft(current);
      requireOtherPerson(current, staff);
      return {
        status: 'published',
        approval: { approvedBy: staff, approvedAt: now },
        publishedAt: now,
      };
    }),
  );
  return { question, alreadyPublished };
}

function requireApprovableDraft(question: QuestionDocument): void {
  if (!question.draft)
    throw notAllowed('La pregunta todavía no tiene un borrador de respuesta para aprobar.');
  if (question.draft.suggested) {
    throw notAllowed(
      'El borrador lo sugirió la IA: una persona debe revisarlo y guardarlo como suyo antes de aprobarlo.',
    );
  }
}

/**
 * Publishes every open question grouped under the canonical one; returns those that are
 * published in its group now (a member moved to another group meanwhile is left as it is).
 */
async function publishGroupMembers(
  context: ModerationContext,
  question: QuestionDocument,
  staff: StaffRef,
  now: Date,
): Promise<QuestionDocument[]> {
  const group = context.projection.groups.of(question._id.toHexString());
  const memberIds = new Set(group?.members.map((member) => member.id) ?? []);
  const inGroup = (member: QuestionDocument) =>
    member.groupId !== null && memberIds.has(member.groupId.toHexString());
  const publishedAt = question.publishedAt ?? now;
  const members = await Promise.all(
    (group?.members ?? [])
      .filter((member) => !member.objectId.equals(question._id))
      .map((member) =>
        changeAsModerator(context, member.objectId, 'published', staff, (current) =>
          isOpen(current) && inGroup(current) ? { status: 'published', publishedAt } : undefined,
        ),
      ),
  );
  return members.filter((member) => member.status === 'published' && inGroup(member));
}
