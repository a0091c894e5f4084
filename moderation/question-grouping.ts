import type { Types } from 'mongoose';

import type { StaffRef } from '../kernel/staff-identity';
import type { QuestionDocument } from '../models/question';
import {
  changeAsModerator,
  expectVersion,
  loadQuestion,
  requireOpen,
  type ModerationContext,
} from './moderation-context';
import { notAllowed } from './moderation-refusals';
import type { QueueGroup } from './queue-groups';

/** A question the moderator saw, with the version they saw it at. */
export interface SeenQuestion {
  id: Types.ObjectId;
  version: number;
}

/** The group of a question as it is now: the queue first reads what other replicas wrote. */
export async function currentGroupOf(
  context: ModerationContext,
  questionId: Types.ObjectId,
): Promise<QueueGroup | undefined> {
  await context.projection.catchUp();
  return context.projection.groups.of(questionId.toHexString());
}

/**
 * The question leads no group any more: the earliest of the others still waiting (or the
 * earliest of all) leads the ones that stay, as a split does in the live panel. Used when a
 * canonical question is split off, withdrawn, forwarded or rejected, so that the others stay in
 * the queue. A member moved elsewhere meanwhile is left where it is.
 */
export async function promoteHeir(
  context: ModerationContext,
  head: QuestionDocument,
  staff: StaffRef,
): Promise<void> {
  const group = await currentGroupOf(context, head._id);
  if (!group || !group.head.objectId.equals(head._id) || group.members.length < 2) return;
  const others = group.members.slice(1);
  const heir = others.find((member) => member.open) ?? others[0];
  if (!heir) return;
  const formerGroup = new Set(group.members.map((member) => member.id));
  await changeAsModerator(context, heir.objectId, 'ungrouped', staff, (current) =>
    current.groupId === null ? undefined : { groupId: null },
  );
  await Promise.all(
    others
      .filter((member) => member !== heir)
      .map((member) =>
        changeAsModerator(context, member.objectId, 'grouped', staff, (current) =>
          current.groupId !== null &&
          formerGroup.has(current.groupId.toHexString()) &&
          !current.groupId.equals(heir.objectId)
            ? { groupId: heir.objectId }
            : undefined,
        ),
      ),
  );
}

/**
 * Groups duplicates under a question: each duplicate, with the questions grouped under it, joins
 * the group the target belongs to (under its canonical question), as "Agrupar" does in the live
 * panel, for questions from any channel or space. Every question named must still be at the
 * version the moderator saw and waiting for an answer; otherwise nothing is written.
 */
export async function groupDuplicates(
  context: ModerationContext,
  target: SeenQuestion,
  duplicates: readonly SeenQuestion[],
  staff: StaffRef,
): Promise<QueueGroup> {
  const targetQuestion = await loadQuestion(context, target.id);
  expectVersion(targetQuestion, target.version);
  requireOpen(targetQuestion);
  const loaded = await Promise.all(duplicates.map((seen) => loadQuestion(context, seen.id)));
  loaded.forEach((question, index) => {
    expectVersion(question, duplicates[index]?.version ?? 0);
    if (question._id.equals(target.id))
      throw notAllowed('Una pregunta no se puede agrupar consigo misma.');
    if (question.status === 'pending' || question.status === 'in_review') return;
    throw notAllowed(
      `La pregunta ${question.trackingCode} ya está cerrada: no se puede agrupar con otras.`,
    );
  });
  const targetGroup = await currentGroupOf(context, target.id);
  if (!targetGroup) throw notAllowed('No encontramos el grupo de esa pregunta.');
  const headId = targetGroup.head.objectId;
  for (const [index, duplicate] of loaded.entries()) {
    const group = context.projection.groups.of(duplicate._id.toHexString());
    if (!group || group.head.objectId.equals(headId)) continue;
    const seenVersion = duplicates[index]?.version ?? 0;
    for (const member of group.members) {
      const isNamed = member.objectId.equals(duplicate._id);
      await changeAsModerator(context, member.objectId, 'grouped', staff, (current) => {
        if (isNamed) expectVersion(current, seenVersion);
        return current.groupId?.equals(headId) ? undefined : { groupId: headId };
      });
    }
  }
  const grouped = context.projection.groups.of(target.id.toHexString());
  if (!grouped) throw notAllowed('No encontramos el grupo de esa pregunta.');
  return grouped;
}

/**
 * The question leaves its group: a member stands on its own again; a canonical question with
 * others under it hands them to the earliest of them. A question in no group is left as it is.
 */
export async function ungroupQuestion(
  context: ModerationContext,
  seen: SeenQuestion,
  staff: StaffRef,
): Promise<QueueGroup | undefined> {
  const question = await loadQuestion(context, seen.id);
  expectVersion(question, seen.version);
  if (question.groupId !== null) {
    await changeAsModerator(context, seen.id, 'ungrouped', staff, (current) => {
      expectVersion(current, seen.version);
      return current.groupId === null ? undefined : { groupId: null };
    });
  } else {
    await promoteHeir(context, question, staff);
  }
  return currentGroupOf(context, seen.id);
}
