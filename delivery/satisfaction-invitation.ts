import type { ConversationState, Storage } from 'botbuilder';

import { satisfactionSurveyActivity } from '../cards/satisfaction-survey-replies';
import { markPendingSurvey } from '../dialogs/satisfaction-survey-state';
import { describeError, type Logger } from '../kernel/logger';
import type { ProactiveSender } from '../kernel/proactive-sender';
import {
  claimSatisfactionSurvey,
  forgetUnaskedSurvey,
  maxSurveyCommentLength,
  type SatisfactionSurveyModel,
} from '../models/satisfaction-survey';
import type { SatisfactionSurveyInviter, SurveyInvitation } from './delivery-sending';

export interface SatisfactionInvitationOptions {
  models: { satisfactionSurveys: SatisfactionSurveyModel };
  /** The bot's conversation state and its storage: the pending survey is marked there. */
  state: { storage: Storage; conversationState: ConversationState };
  sender: ProactiveSender;
  logger: Logger;
  now?: () => Date;
}

/**
 * After the deliverer sent an official answer to an asker's chat: the one short satisfaction
 * question, in the same conversation (dialogs/satisfaction-survey.ts reads the answer).
 *
 * At most once per question, also with several replicas and retried deliveries: the survey is
 * sent only by the caller whose insert of the survey record (keyed by the question) landed. Then
 * the conversation's state is marked, so that the citizen's next message knows a survey waits
 * without reading the database, and the survey is sent; if the channel refuses it, the record is
 * removed, so that only surveys people saw count as asked.
 */
export class SatisfactionSurveyInvitations implements SatisfactionSurveyInviter {
  private readonly now: () => Date;

  constructor(private readonly options: SatisfactionInvitationOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async invite({ reference, asker }: SurveyInvitation): Promise<void> {
    const { models, sender, logger } = this.options;
    const channelId = reference.channelId ?? asker.channelId;
    const conversationId = reference.conversation?.id;
    if (!conversationId) return;
    const surveyId = asker._id;
    const askedAt = this.now();
    try {
      if (!(await claimSatisfactionSurvey(models.satisfactionSurveys, asker, channelId, askedAt)))
        return;
    } catch (error) {
      logger.warn({ survey: surveyId.toHexString(), ...describeError(error) }, 'survey not asked');
      return;
    }
    // Marked before it is sent, so that the citizen's reply, however quick, finds it.
    await this.markPending(channelId, conversationId, surveyId.toHexString(), askedAt);
    try {
      await sender.send(
        reference,
        satisfactionSurveyActivity(
          {
            surveyId: surveyId.toHexString(),
            trackingCode: asker.trackingCode,
            commentMaxLength: maxSurveyCommentLength,
          },
          channelId,
        ),
      );
    } catch (error) {
      // describeError never carries a remote reply or a request body. The mark may stay: a
      // rating typed for a survey without its record is read as an ordinary message.
      logger.warn({ survey: surveyId.toHexString(), ...describeError(error) }, 'survey not sent');
      await forgetUnaskedSurvey(models.satisfactionSurveys, surveyId).catch(() => undefined);
    }
  }

  private async markPending(
    channelId: string,
    conversationId: string,
    surveyId: string,
    askedAt: Date,
  ): Promise<void> {
    const { state, logger } = this.options;
    try {
      const pending = { surveyId, askedAt: askedAt.toISOString() };
      if (await markPendingSurvey(state, { channelId, conversationId }, pending)) return;
      logger.info({ survey: surveyId }, 'survey answerable by its buttons only');
    } catch (error) {
      logger.warn(
        { survey: surveyId, ...describeError(error) },
        'survey answerable by its buttons only',
      );
    }
  }
}
