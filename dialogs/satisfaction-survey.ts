import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Types } from 'mongoose';
import { z } from 'zod';

import {
  surveyClosedReply,
  surveyCommentField,
  surveyIdField,
  surveySkippedReply,
  surveyThanksReply,
} from '../cards/satisfaction-survey-replies';
import type { Pseudonymizer } from '../kernel/pseudonym';
import { parseObjectId } from '../models/object-id';
import { findQuestion, type QuestionModel } from '../models/question';
import {
  maxSurveyCommentLength,
  recordSatisfactionResponse,
  type SatisfactionSurveyModel,
} from '../models/satisfaction-survey';
import { citizenKeyOf } from './citizen-data';
import { pendingSurveyAccessor, type PendingSatisfactionSurvey } from './satisfaction-survey-state';
import { sendReply } from './send-reply';
import { boundedText } from './understanding/incoming-text';
import { parseSatisfactionReply, type SatisfactionReply } from './understanding/satisfaction-reply';

export interface SatisfactionSurveyDependencies {
  models: { questions: QuestionModel; satisfactionSurveys: SatisfactionSurveyModel };
  pseudonymizer: Pseudonymizer;
  now?: () => Date;
}

/** A typed rating answers a survey asked at most this long ago; later, the survey has lapsed. */
export const pendingSurveyLifetimeMs = 7 * 24 * 60 * 60_000;

/** What a survey card's button sends besides its text: which survey, and the comment typed. */
const surveyButtonValue = z.object({
  [surveyIdField]: z.string().regex(/^[0-9a-f]{24}$/i),
  [surveyCommentField]: z.string().optional(),
});

interface SurveyButton {
  surveyId: Types.ObjectId;
  comment: string | null;
}

function surveyButtonOf(value: unknown): SurveyButton | undefined {
  const parsed = surveyButtonValue.safeParse(value);
  if (!parsed.success) return undefined;
  const surveyId = parseObjectId(parsed.data[surveyIdField]);
  if (!surveyId) return undefined;
  return { surveyId, comment: parsed.data[surveyCommentField] ?? null };
}

/** The comment cut after a whole word at the length kept, or null when there is none. */
function boundedComment(comment: string | null): string | null {
  if (comment === null) return null;
  const { text } = boundedText(comment, maxSurveyCommentLength);
  return text === '' ? null : text;
}

/**
 * The citizen's answer to the satisfaction question the deliverer asked after an official answer
 * (see `delivery/satisfaction-invitation.ts`). Asked once, it never traps anyone:
 *
 * - a button of the survey's card (or of an older one) always answers it, even inside another
 *   flow: its value names the survey, so it cannot be mistaken for anything else;
 * - otherwise the next message, outside a flow, answers it only if it is a rating ("4",
 *   "cuatro", "5 muy clara la respuesta") or a refusal ("no gracias", "omitir"). Anything else (a
 *   question, "mis preguntas", "borrar mis datos") lets the survey lapse and is handled as usual.
 *
 * Knowing that a survey is pending costs nothing: it is in the conversation's state, which every
 * turn reads. Only an answer writes (one update of the survey by `_id`).
 */
export class SatisfactionSurveyReplies {
  private readonly pending: StatePropertyAccessor<PendingSatisfactionSurvey | undefined>;
  private readonly now: () => Date;

  constructor(
    private readonly dependencies: SatisfactionSurveyDependencies & {
      conversationState: ConversationState;
    },
  ) {
    this.pending = pendingSurveyAccessor(dependencies.conversationState);
    this.now = dependencies.now ?? (() => new Date());
  }

  /** True when the message answered a survey (and was replied to); false to handle it as usual. */
  async respond(context: TurnContext, text: string, flowInProgress: boolean): Promise<boolean> {
    const pending = await this.pending.get(context);
    const button = surveyButtonOf(context.activity.value);
    if (button) return this.answerButton(context, text, button, pending);
    if (!pending || flowInProgress) return false;
    // Asked once: whatever this message is, the survey is no longer waiting for it.
    await this.pending.delete(context);
    const askedAt = Date.parse(pending.askedAt);
    if (!(this.now().getTime() - askedAt <= pendingSurveyLifetimeMs)) return false;
    const surveyId = parseObjectId(pending.surveyId);
    const reply = parseSatisfactionReply(text);
    if (!surveyId || !reply) return false;
    return this.answer(context, surveyId, reply, null, false);
  }

  private async answerButton(
    context: TurnContext,
    text: string,
    button: SurveyButton,
    pending: PendingSatisfactionSurvey | undefined,
  ): Promise<boolean> {
    const reply = parseSatisfactionReply(text);
    if (!reply) return false;
    if (pending?.surveyId === button.surveyId.toHexString()) await this.pending.delete(context);
    // The conversation's own pending survey needs no check; an older card's is checked to be
    // this citizen's (a forged value could name any survey).
    else if (!(await this.isAskersSurvey(context, button.surveyId))) {
      await sendReply(context, surveyClosedReply());
      return true;
    }
    return this.answer(context, button.surveyId, reply, button.comment, true);
  }

  private async answer(
    context: TurnContext,
    surveyId: Types.ObjectId,
    reply: SatisfactionReply,
    buttonComment: string | null,
    fromButton: boolean,
  ): Promise<boolean> {
    if (reply.kind === 'skip') {
      await sendReply(context, surveySkippedReply());
      return true;
    }
    const typedInCard = buttonComment?.trim() ?? '';
    const comment = boundedComment(typedInCard === '' ? reply.comment : typedInCard);
    const recorded = await recordSatisfactionResponse(
      this.dependencies.models.satisfactionSurveys,
      surveyId,
      { rating: reply.rating, comment },
      this.now(),
    );
    if (recorded) await sendReply(context, surveyThanksReply(comment !== null));
    else if (fromButton) await sendReply(context, surveyClosedReply());
    // A typed rating for a survey that is gone (never shown, or erased) is an ordinary message.
    return recorded || fromButton;
  }

  private async isAskersSurvey(context: TurnContext, surveyId: Types.ObjectId): Promise<boolean> {
    const { models, pseudonymizer } = this.dependencies;
    // A survey's id is its question's id (models/satisfaction-survey.ts).
    const question = await findQuestion(models.questions, surveyId);
    return (
      question !== null &&
      question.citizenKey !== null &&
      question.citizenKey === citizenKeyOf(context, pseudonymizer)
    );
  }
}
