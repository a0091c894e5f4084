import { unlinkConsent, type ConsentModel } from './consent';
import { forgetExpiredSurveyComments, type SatisfactionSurveyModel } from './satisfaction-survey';
import {
  anonymiseQuestion,
  holdsPersonalData,
  type QuestionModels,
  type QuestionStatus,
} from './question';

/** Answered questions: their personal data served its purpose once the retention period passes. */
export const expiringStatuses: readonly QuestionStatus[] = [
  'answered',
  'published',
  'answered_live',
  'forwarded',
  'rejected',
];

const dayMs = 24 * 60 * 60_000;
/** One run handles at most this many questions; the next run continues. */
const maxQuestionsPerRun = 500;

export interface RetentionModels extends QuestionModels {
  consents: ConsentModel;
  satisfactionSurveys: SatisfactionSurveyModel;
}

/**
 * Ley 1581 de 2012, art. 4 (principio de finalidad) and art. 11 of Decreto 1377 de 2013: personal
 * data is kept only as long as its purpose needs it. A question answered more than
 * `retentionDays` ago (counted from its last change) is anonymised like an erased one: no contact,
 * no link to its author or their conversation, no personal data in its text or history, and its
 * consent no longer linked to the author. So is a satisfaction survey's comment written more
 * than `retentionDays` ago (its rating stays). Returns how many records were anonymised. `now` is
 * passed in so that tests can fix the clock.
 */
export async function anonymiseExpiredQuestions(
  models: RetentionModels,
  retentionDays: number,
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * dayMs);
  const candidates = await models.questions
    .find(
      { status: { $in: expiringStatuses }, updatedAt: { $lt: cutoff } },
      { text: 1, contact: 1, citizenKey: 1, conversationKey: 1, consentId: 1 },
    )
    .lean();
  let anonymised = 0;
  for (const candidate of candidates) {
    if (anonymised >= maxQuestionsPerRun) break;
    if (!holdsPersonalData(candidate)) continue;
    const updated = await anonymiseQuestion(
      models,
      candidate._id,
      'personal-data-expired',
      'system',
      (current) => expiringStatuses.includes(current.status) && current.updatedAt < cutoff,
    );
    if (!updated) continue;
    anonymised++;
    if (updated.consentId) await unlinkConsent(models.consents, updated.consentId);
  }
  return anonymised + (await forgetExpiredSurveyComments(models.satisfactionSurveys, cutoff));
}
