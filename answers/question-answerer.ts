import type { TurnContext } from 'botbuilder';

/**
 * The result of trying to answer a question. When it was not answered, `question` is what should
 * be offered for registration (it may be an earlier message, when the citizen said "ninguna" to
 * the suggestions).
 */
export type AnswerOutcome =
  { answered: true } | { answered: false; question: string; receivedAt?: string };

export interface QuestionAnswerer {
  respond(context: TurnContext, question: string): Promise<AnswerOutcome>;
}
