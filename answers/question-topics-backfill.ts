import type { Logger } from '../kernel/logger';
import type { MigrationModel } from '../models/migrations';
import type { QuestionModel } from '../models/question';
import {
  knowledgeTopicsBackfilled,
  questionsWithoutTopic,
  recordKnowledgeTopicsBackfilled,
  setKnowledgeTopic,
} from '../models/question-topics';

export interface TopicsBackfillDependencies {
  models: { questions: QuestionModel; migrations: MigrationModel };
  topicOf: (text: string) => string | null;
  logger: Logger;
}

/**
 * Gives the questions stored before topics existed their knowledge-base topic, so the reports'
 * top topics count them too. Runs once per database (recorded when done); a start that stops
 * half-way leaves the rest for the next start. Two replicas may both run it: each write only
 * fills a missing field. Returns how many questions it classified.
 */
export async function backfillQuestionTopics({
  models,
  topicOf,
  logger,
}: TopicsBackfillDependencies): Promise<number> {
  if (await knowledgeTopicsBackfilled(models.migrations)) return 0;
  const questions = await questionsWithoutTopic(models.questions);
  for (const question of questions)
    await setKnowledgeTopic(models.questions, question._id, topicOf(question.text));
  await recordKnowledgeTopicsBackfilled(models.migrations);
  if (questions.length > 0)
    logger.info({ questions: questions.length }, 'knowledge topics given to stored questions');
  return questions.length;
}
