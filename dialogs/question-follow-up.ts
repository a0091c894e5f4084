import type { TurnContext } from 'botbuilder';

import {
  myQuestionsReply,
  questionStatusReply,
  unknownCodeReply,
  withdrawAskCodeReply,
  withdrawClosedReply,
  withdrawnReply,
  withdrawNotFoundReply,
  type DateInWords,
} from '../cards/question-replies';
import type { Reply } from '../cards/reply';
import { publishedAnswerOf } from '../models/published-answers';
import {
  findQuestionByTrackingCode,
  listCitizenQuestions,
  withdrawQuestion,
  type QuestionModels,
} from '../models/question';
import { parseTrackingCode } from '../models/tracking-code';
import { citizenKeyOf } from './citizen-data';
import type { Pseudonymizer } from '../kernel/pseudonym';

export interface FollowUpDependencies {
  models: QuestionModels;
  pseudonymizer: Pseudonymizer;
  inWords: DateInWords;
  /**
   * The bot's public https address (PUBLIC_BASE_URL), to link a published answer's page
   * `/respuestas/{code}`; without it the reply names the page's path.
   */
  publicBaseUrl?: string | undefined;
}

/** "mis preguntas", "estado <código>" and "retirar mi pregunta <código>". */
export class QuestionFollowUp {
  constructor(private readonly dependencies: FollowUpDependencies) {}

  async myQuestions(context: TurnContext): Promise<Reply> {
    const { models, pseudonymizer, inWords } = this.dependencies;
    const citizenKey = citizenKeyOf(context, pseudonymizer);
    const questions = await listCitizenQuestions(
      models.questions,
      citizenKey,
      context.activity.channelId,
    );
    return myQuestionsReply(questions, inWords);
  }

  /** The status of any code, to anyone: it never says who asked or how to reach them. */
  async status(codeText: string): Promise<Reply> {
    const parsed = parseTrackingCode(codeText);
    if (!parsed.ok) return unknownCodeReply(parsed.reason);
    const { models, inWords, publicBaseUrl } = this.dependencies;
    const question = await findQuestionByTrackingCode(models, parsed.code);
    if (!question) return unknownCodeReply('not-found');
    const answer = await publishedAnswerOf(models.questions, question);
    if (answer === null) return questionStatusReply(question, inWords);
    const pageUrl = `${publicBaseUrl ?? ''}/respuestas/${question.trackingCode}`;
    return questionStatusReply(question, inWords, { answer, pageUrl });
  }

  async withdraw(context: TurnContext, codeText: string | undefined): Promise<Reply> {
    if (codeText === undefined) return withdrawAskCodeReply();
    const parsed = parseTrackingCode(codeText);
    if (!parsed.ok) return unknownCodeReply(parsed.reason);
    const { models, pseudonymizer } = this.dependencies;
    const result = await withdrawQuestion(
      models,
      parsed.code,
      citizenKeyOf(context, pseudonymizer),
    );
    switch (result.outcome) {
      case 'withdrawn':
        return withdrawnReply(parsed.code);
      case 'already-closed':
        return withdrawClosedReply(result.question);
      case 'not-found':
        return withdrawNotFoundReply();
    }
  }
}
