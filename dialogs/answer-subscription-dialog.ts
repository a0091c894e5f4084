import { randomUUID } from 'node:crypto';

import { TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';

import { CancellableDialog } from './cancellable-dialog';
import { citizenKeyOf } from './citizen-data';
import { consentReply, consentTextVersion } from './consent-text';
import { chooseConsentReply } from './prompt-replies';
import { consentAnswer, grantsConsent } from './prompt-validators';
import { askWithReply, sendReply } from './send-reply';
import { isGroupConversation } from '../kernel/conversation-kind';
import type { Pseudonymizer } from '../kernel/pseudonym';
import { questionStatusReply, unknownCodeReply } from '../cards/question-replies';
import type { Reply } from '../cards/reply';
import {
  subscribedReply,
  subscriptionAlreadyYoursReply,
  subscriptionAskCodeReply,
  subscriptionDeclinedReply,
  subscriptionIntroReply,
  subscriptionPrivateChatReply,
  subscriptionRefusedReply,
} from '../cards/subscription-replies';
import {
  isUnclaimed,
  subscribeToAnswer,
  type SubscriptionOutcome,
} from '../models/answer-subscription';
import { recordConsent, releaseConsent, type ConsentModel } from '../models/consent';
import {
  closedStatuses,
  findQuestionByTrackingCode,
  type QuestionModels,
} from '../models/question';
import { parseTrackingCode } from '../models/tracking-code';

export const answerSubscriptionDialogId = 'answer-subscription';

export interface AnswerSubscriptionDependencies {
  models: QuestionModels & { consents: ConsentModel };
  pseudonymizer: Pseudonymizer;
  inWords: (date: Date) => string;
  privacyPolicyUrl: string;
}

export interface AnswerSubscriptionOptions {
  /** The code as typed; undefined when the citizen wrote "recibir respuesta" alone. */
  codeText: string | undefined;
}

const consentPrompt = `${answerSubscriptionDialogId}-consent`;

interface SubscriptionValues {
  trackingCode: string;
  /** Random, kept in dialog state: a retried turn records the same consent, not a second one. */
  submissionKey: string;
}

/**
 * "recibir respuesta <código>": whoever holds the code of a question registered without a way
 * to reach anyone (a Facebook Live comment answered with a private reply, or a question
 * registered without consent) can receive its answer in this chat, after consenting (Ley 1581 de
 * 2012) with the same authorisation text as the registration.
 */
export class AnswerSubscriptionDialog extends CancellableDialog {
  constructor(private readonly dependencies: AnswerSubscriptionDependencies) {
    super(answerSubscriptionDialogId);
    this.addDialog(new TextPrompt(consentPrompt, consentAnswer));
    this.addDialog(
      new WaterfallDialog(`${answerSubscriptionDialogId}-steps`, [
        this.consentStep.bind(this),
        this.decideStep.bind(this),
      ]),
    );
    this.initialDialogId = `${answerSubscriptionDialogId}-steps`;
  }

  private values(step: WaterfallStepContext): SubscriptionValues {
    return step.values as SubscriptionValues;
  }

  private async consentStep(step: WaterfallStepContext) {
    const refusal = await this.refusalBeforeConsent(step);
    if (refusal) {
      await sendReply(step.context, refusal);
      return step.endDialog();
    }
    await sendReply(step.context, subscriptionIntroReply(this.values(step).trackingCode));
    const { privacyPolicyUrl } = this.dependencies;
    return askWithReply(step, consentPrompt, consentReply(privacyPolicyUrl), chooseConsentReply());
  }

  /** Checks the code before asking for any consent: what can be refused is refused first. */
  private async refusalBeforeConsent(step: WaterfallStepContext): Promise<Reply | undefined> {
    const { codeText } = step.options as AnswerSubscriptionOptions;
    if (isGroupConversation(step.context.activity)) return subscriptionPrivateChatReply();
    if (codeText === undefined) return subscriptionAskCodeReply();
    const parsed = parseTrackingCode(codeText);
    if (!parsed.ok) return unknownCodeReply(parsed.reason);
    const { models, pseudonymizer, inWords } = this.dependencies;
    const question = await findQuestionByTrackingCode(models, parsed.code);
    if (!question) return unknownCodeReply('not-found');
    if (question.citizenKey === citizenKeyOf(step.context, pseudonymizer))
      return subscriptionAlreadyYoursReply(question.trackingCode);
    if (!isUnclaimed(question)) return subscriptionRefusedReply(question.trackingCode);
    if (closedStatuses.includes(question.status)) return questionStatusReply(question, inWords);
    Object.assign(this.values(step), {
      trackingCode: question.trackingCode,
      submissionKey: randomUUID(),
    } satisfies SubscriptionValues);
    return undefined;
  }

  private async decideStep(step: WaterfallStepContext) {
    const { trackingCode, submissionKey } = this.values(step);
    if (!grantsConsent(step.result)) {
      await sendReply(step.context, subscriptionDeclinedReply(trackingCode));
      return step.endDialog();
    }
    const { models, pseudonymizer, privacyPolicyUrl } = this.dependencies;
    const { activity } = step.context;
    const citizenKey = citizenKeyOf(step.context, pseudonymizer);
    const consent = await recordConsent(models.consents, {
      submissionKey,
      decision: 'granted',
      decidedAt: new Date(),
      channelId: activity.channelId,
      textVersion: consentTextVersion(privacyPolicyUrl),
      citizenKey,
    });
    const result = await subscribeToAnswer(models, trackingCode, {
      citizenKey,
      conversationKey: { channelId: activity.channelId, conversationId: activity.conversation.id },
      consentId: consent._id,
    });
    if (result.outcome !== 'subscribed' && result.outcome !== 'already-yours')
      await releaseConsent(models.consents, consent._id, new Date());
    const messenger = step.context.activity.channelId === 'facebook';
    await sendReply(step.context, this.outcomeReply(trackingCode, result, messenger));
    return step.endDialog();
  }

  private outcomeReply(
    trackingCode: string,
    result: SubscriptionOutcome,
    messenger: boolean,
  ): Reply {
    switch (result.outcome) {
      case 'subscribed':
        return subscribedReply(
          trackingCode,
          this.dependencies.inWords(result.question.dueAt),
          messenger,
        );
      case 'already-yours':
        return subscriptionAlreadyYoursReply(trackingCode);
      case 'closed':
        return questionStatusReply(result.question, this.dependencies.inWords);
      case 'taken':
        return subscriptionRefusedReply(trackingCode);
      case 'not-found':
        return unknownCodeReply('not-found');
    }
  }
}
