import { randomUUID } from 'node:crypto';

import type { TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';

import { citizenKeyOf } from './citizen-data';
import { replyLabels, replyWord, type ReplyWord } from './understanding/reply-words';
import type { Pseudonymizer } from '../kernel/pseudonym';
import { renderReply, type Reply } from '../cards/reply';
import { recordConsent, type ConsentModel } from '../models/consent';
import type { DeadlineCalculator } from '../legal-terms/legal-deadlines';
import { registerQuestion, type PetitionKind, type QuestionModels } from '../models/question';
import { consentReply, consentTextVersion } from './consent-text';
import {
  askEmailReply,
  askNameReply,
  askQuestionReply,
  chooseReply,
  invalidEmailReply,
  invalidNameReply,
  offerRegistrationReply,
  registrationConfirmedReply,
  registrationDeclinedReply,
} from './registration-replies';

export const registrationDialogId = 'registration';

/** The legal deadline rules, as the registration needs them. */

export interface RegistrationDependencies {
  models: QuestionModels & { consents: ConsentModel };
  pseudonymizer: Pseudonymizer;
  deadlines: DeadlineCalculator;
  privacyPolicyUrl: string;
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

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const namePattern = /^[\p{L}][\p{L}\s'.-]{1,79}$/u;
const minimumQuestionLength = 5;

function say(context: TurnContext, reply: Reply) {
  return renderReply(reply, context.activity.channelId);
}

/** A prompt that accepts only some reply words. */
function replyWordValidator(allowed: ReplyWord[]) {
  return (prompt: PromptValidatorContext<string>): Promise<boolean> => {
    const word = replyWord(prompt.recognized.value ?? '');
    return Promise.resolve(word !== undefined && allowed.includes(word));
  };
}

/** A prompt whose answer must match a pattern, or be "omitir". */
function optionalFieldValidator(pattern: RegExp) {
  return (prompt: PromptValidatorContext<string>): Promise<boolean> => {
    const text = (prompt.recognized.value ?? '').trim();
    return Promise.resolve(replyWord(text) === 'skip' || pattern.test(text));
  };
}

/**
 * Registers a question the bot could not answer, so that the ANM answers it in writing: offer,
 * consent (Ley 1581 de 2012) before any personal data, optional name and e-mail, then the
 * question with its tracking code and legal due date. Without consent the question is registered
 * anonymously: no user id, no conversation, no contact.
 */
export class RegistrationDialog extends ComponentDialog {
  constructor(private readonly dependencies: RegistrationDependencies) {
    super(registrationDialogId);
    this.addDialog(
      new TextPrompt(prompts.question, (prompt) =>
        Promise.resolve((prompt.recognized.value ?? '').trim().length >= minimumQuestionLength),
      ),
    );
    this.addDialog(new TextPrompt(prompts.yesNo, replyWordValidator(['yes', 'no'])));
    this.addDialog(
      new TextPrompt(prompts.consent, replyWordValidator(['accept', 'decline', 'yes', 'no'])),
    );
    this.addDialog(new TextPrompt(prompts.name, optionalFieldValidator(namePattern)));
    this.addDialog(new TextPrompt(prompts.email, optionalFieldValidator(emailPattern)));
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
    return step.prompt(prompts.yesNo, {
      prompt: say(step.context, offerRegistrationReply()),
      retryPrompt: say(step.context, chooseReply([replyLabels.yes, replyLabels.no])),
    });
  }

  private async questionStep(step: WaterfallStepContext) {
    if (typeof step.result === 'string' && replyWord(step.result) === 'no') {
      await step.context.sendActivity(say(step.context, registrationDeclinedReply()));
      return step.endDialog();
    }
    const values = this.values(step);
    if (values.question && values.question.trim().length >= minimumQuestionLength)
      return step.next();
    return step.prompt(prompts.question, {
      prompt: say(step.context, askQuestionReply()),
      retryPrompt: say(step.context, askQuestionReply()),
    });
  }

  private async consentStep(step: WaterfallStepContext) {
    const values = this.values(step);
    if (typeof step.result === 'string' && !values.question) {
      values.question = step.result.trim();
      values.receivedAt = new Date().toISOString();
    }
    return step.prompt(prompts.consent, {
      prompt: say(step.context, consentReply(this.dependencies.privacyPolicyUrl)),
      retryPrompt: say(
        step.context,
        chooseReply([replyLabels.accept, replyLabels.decline, replyLabels.cancel]),
      ),
    });
  }

  private async nameStep(step: WaterfallStepContext) {
    const values = this.values(step);
    const word = replyWord(String(step.result));
    values.consent = word === 'accept' || word === 'yes' ? 'granted' : 'denied';
    if (values.consent === 'denied') return step.next();
    return step.prompt(prompts.name, {
      prompt: say(step.context, askNameReply()),
      retryPrompt: say(step.context, invalidNameReply()),
    });
  }

  private async emailStep(step: WaterfallStepContext) {
    const values = this.values(step);
    if (values.consent === 'denied') return step.next();
    values.name = optionalAnswer(step.result);
    return step.prompt(prompts.email, {
      prompt: say(step.context, askEmailReply()),
      retryPrompt: say(step.context, invalidEmailReply()),
    });
  }

  private async registerStep(step: WaterfallStepContext) {
    const values = this.values(step);
    const email = values.consent === 'granted' ? optionalAnswer(step.result) : null;
    const { models, pseudonymizer, deadlines, privacyPolicyUrl } = this.dependencies;
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
    await step.context.sendActivity(
      say(
        step.context,
        registrationConfirmedReply({
          trackingCode: question.trackingCode,
          dueDateInWords: deadlines.inWords(question.dueAt),
          legalTermDays: deadlines.termDays(petitionKind),
          withConsent: granted,
        }),
      ),
    );
    const result: RegistrationResult = { trackingCode: question.trackingCode };
    return step.endDialog(result);
  }
}

function optionalAnswer(result: unknown): string | null {
  if (typeof result !== 'string') return null;
  const text = result.trim();
  return text === '' || replyWord(text) === 'skip' ? null : text;
}
