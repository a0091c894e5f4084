import { randomUUID } from 'node:crypto';

import { TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';

import { CancellableDialog } from './cancellable-dialog';
import { citizenKeyOf } from './citizen-data';
import { consentReply, consentTextVersion } from './consent-text';
import { chooseConsentReply, chooseYesOrNoReply } from './prompt-replies';
import {
  answerOrSkip,
  consentAnswer,
  grantsConsent,
  isEmailAddress,
  isPersonName,
  isQuestionText,
  oneOfReplyWords,
  optionalAnswer,
  saysNo,
  textThat,
} from './prompt-validators';
import {
  askEmailReply,
  askNameReply,
  askQuestionReply,
  invalidEmailReply,
  invalidNameReply,
  offerRegistrationReply,
  registrationConfirmedReply,
  registrationDeclinedReply,
} from './registration-replies';
import { askWithReply, sendReply } from './send-reply';
import type { Pseudonymizer } from '../kernel/pseudonym';
import type { DeadlineCalculator } from '../legal-terms/legal-deadlines';
import { recordConsent, type ConsentModel } from '../models/consent';
import { registerQuestion, type PetitionKind, type QuestionModels } from '../models/question';

export const registrationDialogId = 'registration';

export interface RegistrationDependencies {
  models: QuestionModels & { consents: ConsentModel };
  pseudonymizer: Pseudonymizer;
  /** The legal deadline rules, as the registration needs them. */
  deadlines: DeadlineCalculator;
  privacyPolicyUrl: string;
  /** The knowledge base's topic of a question, for the reports (null when none is clear). */
  topicOf?: (text: string) => string | null;
}

export interface RegistrationOptions {
  /** The question to register; asked for when missing. */
  question?: string;
  /** Ask "¿Quiere que registremos su pregunta…?" first (after an answer the bot did not know). */
  offer: boolean;
  /** When the question was received (ISO); the legal term counts from it. */
  receivedAt?: string;
}

export interface RegistrationResult {
  trackingCode: string;
}

interface RegistrationValues {
  question?: string;
  receivedAt: string;
  /** Random: retries of a step share it (it lives in dialog state) and it links to nobody. */
  submissionKey: string;
  consent?: 'granted' | 'denied';
  name?: string | null;
}

const prompts = {
  question: 'registration-question',
  yesNo: 'registration-yes-no',
  consent: 'registration-consent',
  name: 'registration-name',
  email: 'registration-email',
} as const;

/**
 * Registers a question the bot could not answer, so that the ANM answers it in writing: offer,
 * consent (Ley 1581 de 2012) before any personal data, optional name and e-mail, then the
 * question with its tracking code and legal due date. Without consent the question is registered
 * anonymously: no user id, no conversation, no contact.
 */
export class RegistrationDialog extends CancellableDialog {
  constructor(private readonly dependencies: RegistrationDependencies) {
    super(registrationDialogId);
    this.addDialog(new TextPrompt(prompts.question, textThat(isQuestionText)));
    this.addDialog(new TextPrompt(prompts.yesNo, oneOfReplyWords('yes', 'no')));
    this.addDialog(new TextPrompt(prompts.consent, consentAnswer));
    this.addDialog(new TextPrompt(prompts.name, answerOrSkip(isPersonName)));
    this.addDialog(new TextPrompt(prompts.email, answerOrSkip(isEmailAddress)));
    this.addDialog(
      new WaterfallDialog(`${registrationDialogId}-steps`, [
        this.offerStep.bind(this),
        this.questionStep.bind(this),
        this.consentStep.bind(this),
        this.nameStep.bind(this),
        this.emailStep.bind(this),
        this.registerStep.bind(this),
      ]),
    );
    this.initialDialogId = `${registrationDialogId}-steps`;
  }

  private values(step: WaterfallStepContext): RegistrationValues {
    return step.values as RegistrationValues;
  }

  private async offerStep(step: WaterfallStepContext) {
    const options = step.options as RegistrationOptions | undefined;
    const values = this.values(step);
    values.question = options?.question;
    values.receivedAt = options?.receivedAt ?? new Date().toISOString();
    values.submissionKey = randomUUID();
    if (!options?.offer) return step.next();
    return askWithReply(step, prompts.yesNo, offerRegistrationReply(), chooseYesOrNoReply());
  }

  private async questionStep(step: WaterfallStepContext) {
    if (typeof step.result === 'string' && saysNo(step.result)) {
      await sendReply(step.context, registrationDeclinedReply());
      return step.endDialog();
    }
    const { question } = this.values(step);
    if (question && isQuestionText(question)) return step.next();
    return askWithReply(step, prompts.question, askQuestionReply(), askQuestionReply());
  }

  private async consentStep(step: WaterfallStepContext) {
    const values = this.values(step);
    if (typeof step.result === 'string' && !values.question) {
      values.question = step.result.trim();
      values.receivedAt = new Date().toISOString();
    }
    const { privacyPolicyUrl } = this.dependencies;
    return askWithReply(
      step,
      prompts.consent,
      consentReply(privacyPolicyUrl),
      chooseConsentReply(),
    );
  }

  private async nameStep(step: WaterfallStepContext) {
    const values = this.values(step);
    values.consent = grantsConsent(step.result) ? 'granted' : 'denied';
    if (values.consent === 'denied') return step.next();
    return askWithReply(step, prompts.name, askNameReply(), invalidNameReply());
  }

  private async emailStep(step: WaterfallStepContext) {
    const values = this.values(step);
    if (values.consent === 'denied') return step.next();
    values.name = optionalAnswer(step.result);
    return askWithReply(step, prompts.email, askEmailReply(), invalidEmailReply());
  }

  private async registerStep(step: WaterfallStepContext) {
    const values = this.values(step);
    const email = values.consent === 'granted' ? optionalAnswer(step.result) : null;
    const { models, pseudonymizer, deadlines, privacyPolicyUrl, topicOf } = this.dependencies;
    const { activity } = step.context;
    const granted = values.consent === 'granted';
    const citizenKey = granted ? citizenKeyOf(step.context, pseudonymizer) : null;
    const consent = await recordConsent(models.consents, {
      submissionKey: values.submissionKey,
      decision: granted ? 'granted' : 'denied',
      decidedAt: new Date(),
      channelId: activity.channelId,
      textVersion: consentTextVersion(privacyPolicyUrl),
      citizenKey,
    });
    const receivedAt = new Date(values.receivedAt);
    const petitionKind: PetitionKind = 'peticion-general';
    const name = values.name ?? null;
    const { question } = await registerQuestion(models, {
      submissionKey: values.submissionKey,
      text: values.question ?? '',
      channelId: activity.channelId,
      spaceId: null,
      knowledgeTopic: topicOf?.(values.question ?? '') ?? null,
      petitionKind,
      receivedAt,
      dueAt: deadlines.dueDate(receivedAt, petitionKind),
      consentId: consent._id,
      contact: granted && (name ?? email) ? { name, email } : null,
      citizenKey,
      conversationKey: granted
        ? { channelId: activity.channelId, conversationId: activity.conversation.id }
        : null,
    });
    await sendReply(
      step.context,
      registrationConfirmedReply({
        trackingCode: question.trackingCode,
        dueDateInWords: deadlines.inWords(question.dueAt),
        legalTermDays: deadlines.termDays(petitionKind),
        withConsent: granted,
      }),
    );
    const result: RegistrationResult = { trackingCode: question.trackingCode };
    return step.endDialog(result);
  }
}
