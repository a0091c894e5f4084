import type { Types } from 'mongoose';

import type { MigrationModel } from './migrations';
import { insertOnce } from './mongo-errors';
import type { QuestionModel } from './question';

/*
 * Questions stored before they carried their knowledge-base topic get it once, in the background
 * after a start (answers/question-topics-backfill.ts); the run is recorded like a migration, so
 * later starts do not read the questions again.
 */

const backfillName = '2026-11-30-question-knowledge-topics';

export async function knowledgeTopicsBackfilled(migrations: MigrationModel): Promise<boolean> {
  return (await migrations.exists({ _id: backfillName })) !== null;
}

export async function recordKnowledgeTopicsBackfilled(migrations: MigrationModel): Promise<void> {
  await insertOnce(migrations, { _id: backfillName, appliedAt: new Date() });
}

/** Every question without the field (one read of the collection), with its text only. */
export async function questionsWithoutTopic(
  questions: QuestionModel,
): Promise<{ _id: Types.ObjectId; text: string }[]> {
  return questions.find({ knowledgeTopic: { $exists: false } }, { text: 1 }).lean();
}

/** Sets a question's topic unless it has one: a question stored meanwhile keeps its own. */
export async function setKnowledgeTopic(
  questions: QuestionModel,
  id: Types.ObjectId,
  topic: string | null,
): Promise<void> {
  await questions.updateOne(
    { _id: id, knowledgeTopic: { $exists: false } },
    { $set: { knowledgeTopic: topic } },
  );
}
