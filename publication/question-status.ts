import { questionStatusLabels, type QuestionStatus } from '../cards/question-replies';
import { scrubPersonalData } from '../kernel/personal-data';
import { publishedAnswerOf } from '../models/published-answers';
import { findQuestionByTrackingCode, type QuestionModels } from '../models/question';
import { parseTrackingCode } from '../models/tracking-code';

/** One question as the public page shows it by its code: never who asked or how to reach them. */
export interface PublicQuestionStatus {
  trackingCode: string;
  status: QuestionStatus;
  /** How the status reads to a citizen (the same sentence as "estado" in the chat). */
  statusLabel: string;
  /** Still waiting for the ANM's answer (the due date is what matters then). */
  open: boolean;
  receivedAt: Date;
  dueAt: Date;
  /** Only once published: the question (scrubbed), the answer and when it was published. */
  published: { questionText: string; answer: string; publishedAt: Date } | null;
}

export type StatusLookup =
  | { found: true; question: PublicQuestionStatus }
  | { found: false; reason: 'format' | 'checksum' | 'not-found' };

/**
 * The public status of the question with this code, as typed in a URL or a chat. Two reads by
 * `_id` (the code record, the question), and one more per group link for a grouped question's
 * answer: no scan, whatever the number of questions.
 */
export async function lookUpQuestionStatus(
  models: Pick<QuestionModels, 'questions' | 'trackingCodes'>,
  codeText: string,
): Promise<StatusLookup> {
  const parsed = parseTrackingCode(codeText);
  if (!parsed.ok) return { found: false, reason: parsed.reason };
  const question = await findQuestionByTrackingCode(models, parsed.code);
  if (!question) return { found: false, reason: 'not-found' };
  const answer = await publishedAnswerOf(models.questions, question);
  const contactName = question.contact?.name;
  return {
    found: true,
    question: {
      trackingCode: question.trackingCode,
      status: question.status,
      statusLabel: questionStatusLabels[question.status],
      open: question.status === 'pending' || question.status === 'in_review',
      receivedAt: question.receivedAt,
      dueAt: question.dueAt,
      published:
        answer === null
          ? null
          : {
              questionText: scrubPersonalData(question.text, {
                knownNames: contactName ? [contactName] : [],
              }),
              answer,
              publishedAt: question.publishedAt ?? question.updatedAt,
            },
    },
  };
}
