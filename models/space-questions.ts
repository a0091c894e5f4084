import type { Types } from 'mongoose';

import {
  changeQuestion,
  closedStatuses,
  type QuestionDocument,
  type QuestionModels,
  type QuestionStatus,
} from './question';
import type { QuestionAuthor } from './question-events';

/** A canonical question with every question grouped under it (itself first). */
export interface QuestionGroup {
  id: Types.ObjectId;
  canonical: QuestionDocument;
  members: QuestionDocument[];
  latestAt: Date;
  /** pending while any asker still waits for an answer. */
  status: QuestionStatus;
}

export async function spaceQuestions(
  models: Pick<QuestionModels, 'questions'>,
  spaceId: Types.ObjectId,
): Promise<QuestionDocument[]> {
  return models.questions.find({ spaceId }).sort({ receivedAt: 1 }).lean();
}

/** A question that leads its group (it is grouped under no other one), as grouping reads it. */
export type UngroupedQuestion = Pick<QuestionDocument, '_id' | 'text' | 'submissionKey'>;

/** The questions of a space that lead their group, the first asked first. */
export async function ungroupedSpaceQuestions(
  models: Pick<QuestionModels, 'questions'>,
  spaceId: Types.ObjectId,
): Promise<UngroupedQuestion[]> {
  return models.questions
    .find({ spaceId, groupId: null }, { _id: 1, text: 1, submissionKey: 1 })
    .sort({ receivedAt: 1 })
    .lean();
}

function groupStatus(members: QuestionDocument[]): QuestionStatus {
  const waiting = members.find((member) => !closedStatuses.includes(member.status));
  return waiting?.status ?? members[0]?.status ?? 'pending';
}

function askedFirst(a: QuestionDocument, b: QuestionDocument): number {
  return (
    a.receivedAt.getTime() - b.receivedAt.getTime() ||
    a._id.toHexString().localeCompare(b._id.toHexString())
  );
}

/**
 * The canonical question a question belongs to, following groupId links to the end. Two merges
 * racing on different instances can leave a chain (A → B → C) or a cycle (A → B → A); a chain ends
 * at its last question and a cycle at its earliest one, so every question is shown exactly once.
 * A member whose canonical question is gone (erased, moved) stands on its own.
 */
function headOf(question: QuestionDocument, byId: Map<string, QuestionDocument>): string {
  const path: QuestionDocument[] = [];
  const seen = new Set<string>();
  let current: QuestionDocument | undefined = question;
  while (current && !seen.has(current._id.toHexString())) {
    seen.add(current._id.toHexString());
    path.push(current);
    current = current.groupId ? byId.get(current.groupId.toHexString()) : undefined;
  }
  if (!current) return (path.at(-1) ?? question)._id.toHexString();
  const cycle = path.slice(path.findIndex((member) => member._id.equals(current._id)));
  return ([...cycle].sort(askedFirst)[0] ?? current)._id.toHexString();
}

/** The questions of a space as groups, the group with the newest question first. */
export function groupQuestions(questions: QuestionDocument[]): QuestionGroup[] {
  const byId = new Map(questions.map((question) => [question._id.toHexString(), question]));
  const groups = new Map<string, QuestionDocument[]>();
  for (const question of questions) {
    const head = headOf(question, byId);
    groups.set(head, [...(groups.get(head) ?? []), question]);
  }
  return [...groups.entries()]
    .flatMap(([head, members]): QuestionGroup[] => {
      const canonical = byId.get(head);
      if (!canonical) return [];
      const ordered = [canonical, ...members.filter((member) => member !== canonical)];
      return [
        {
          id: canonical._id,
          canonical,
          members: ordered,
          latestAt: new Date(Math.max(...members.map((member) => member.receivedAt.getTime()))),
          status: groupStatus(members),
        },
      ];
    })
    .sort((a, b) => b.latestAt.getTime() - a.latestAt.getTime());
}

async function groupOf(
  models: QuestionModels,
  questionId: Types.ObjectId,
): Promise<{ group: QuestionGroup; question: QuestionDocument } | undefined> {
  const question = await models.questions.findById(questionId).lean();
  if (!question?.spaceId) return undefined;
  const group = groupQuestions(await spaceQuestions(models, question.spaceId)).find((candidate) =>
    candidate.members.some((member) => member._id.equals(questionId)),
  );
  return group ? { group, question } : undefined;
}

/** Staff answered a question during the session: every asker of its group is answered live. */
export async function markAnsweredLive(
  models: QuestionModels,
  questionId: Types.ObjectId,
  author: QuestionAuthor = 'staff',
): Promise<QuestionGroup | undefined> {
  const found = await groupOf(models, questionId);
  if (!found) return undefined;
  for (const member of found.group.members) {
    await changeQuestion(models, member._id, 'answered-live', author, (current) =>
      current.status === 'pending' || current.status === 'in_review'
        ? { status: 'answered_live' }
        : undefined,
    );
  }
  return (await groupOf(models, questionId))?.group;
}

/** Puts every question of the other groups under the target group's canonical question. */
export async function mergeGroups(
  models: QuestionModels,
  targetQuestionId: Types.ObjectId,
  otherQuestionIds: Types.ObjectId[],
  author: QuestionAuthor = 'staff',
): Promise<QuestionGroup | undefined> {
  const target = await groupOf(models, targetQuestionId);
  if (!target) return undefined;
  const spaceId = target.question.spaceId;
  for (const otherId of otherQuestionIds) {
    const other = await groupOf(models, otherId);
    if (!other || !other.question.spaceId?.equals(spaceId ?? undefined)) continue;
    if (other.group.id.equals(target.group.id)) continue;
    for (const member of other.group.members) {
      await changeQuestion(models, member._id, 'grouped', author, () => ({
        groupId: target.group.id,
      }));
    }
  }
  return (await groupOf(models, targetQuestionId))?.group;
}

/**
 * Takes one question out of its group. When it was the canonical question, the oldest of the
 * others becomes the canonical one of those that stay.
 */
export async function splitFromGroup(
  models: QuestionModels,
  questionId: Types.ObjectId,
  author: QuestionAuthor = 'staff',
): Promise<QuestionGroup | undefined> {
  const found = await groupOf(models, questionId);
  if (!found) return undefined;
  const { group } = found;
  if (group.members.length > 1 && group.id.equals(questionId)) {
    const [, heir, ...rest] = group.members;
    if (heir) {
      await changeQuestion(models, heir._id, 'ungrouped', author, () => ({ groupId: null }));
      for (const member of rest) {
        await changeQuestion(models, member._id, 'grouped', author, () => ({
          groupId: heir._id,
        }));
      }
    }
  } else {
    await changeQuestion(models, questionId, 'ungrouped', author, () => ({ groupId: null }));
  }
  return (await groupOf(models, questionId))?.group;
}

export interface SpaceTally {
  captured: number;
  groups: number;
  answeredLive: number;
  pending: number;
  /** The latest legal due date among the questions still waiting. */
  latestDueAt: Date | null;
}

export function tallySpace(questions: QuestionDocument[]): SpaceTally {
  const waiting = questions.filter((question) => !closedStatuses.includes(question.status));
  const dueTimes = waiting.map((question) => question.dueAt.getTime());
  return {
    captured: questions.length,
    groups: groupQuestions(questions).length,
    answeredLive: questions.filter((question) => question.status === 'answered_live').length,
    pending: waiting.length,
    latestDueAt: dueTimes.length > 0 ? new Date(Math.max(...dueTimes)) : null,
  };
}
