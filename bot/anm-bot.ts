import {
  ActivityHandler,
  type BotState,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';

import { emergencyReply } from '../cards/emergency-replies';
import { meetingIntroReply } from '../cards/live-session-replies';
import type { Reply } from '../cards/reply';
import { smallTalkReply } from '../cards/small-talk-replies';
import { welcomeReply } from '../cards/welcome-card';
import {
  AnswerSubscriptionDialog,
  answerSubscriptionDialogId,
  type AnswerSubscriptionOptions,
} from '../dialogs/answer-subscription-dialog';
import {
  EraseDataDialog,
  eraseDataDialogId,
  type EraseDataDependencies,
} from '../dialogs/erase-data-dialog';
import {
  RegistrationDialog,
  registrationDialogId,
  type RegistrationDependencies,
  type RegistrationOptions,
} from '../dialogs/registration-dialog';
import {
  SatisfactionSurveyReplies,
  type SatisfactionSurveyDependencies,
} from '../dialogs/satisfaction-survey';
import { sendReply } from '../dialogs/send-reply';
import { isGroupConversation, mentionsBot, withoutBotMention } from '../kernel/conversation-kind';
import { incomingText } from '../dialogs/understanding/incoming-text';
import { isEmergencyReport } from '../dialogs/understanding/emergency';
import { messageIntent } from '../dialogs/understanding/message-intent';
import { parseCommand, type Command } from '../dialogs/understanding/commands';
import { calendarAnswerTopic, type HearingLookup } from '../answers/hearing-lookup';
import type { ConversationTopic } from '../knowledge/retrieval/follow-up';
import type { QuestionAnswerer } from '../answers/question-answerer';
import type { QuestionFollowUp } from '../dialogs/question-follow-up';
import { sessionSummaryOf } from '../live/session-closing';
import { citizenWelcomedProperty } from './welcome-claims';
import {
  meetingEndEvent,
  meetingIdOf,
  meetingStartEvent,
  type TeamsMeetingSessions,
} from '../live/teams-meeting';

export interface AnmBotDependencies {
  conversationState: ConversationState;
  /**
   * Read and written by no turn: whether a citizen was welcomed is their welcome claim, cached in
   * the conversation's state. Kept so that erasure also removes user state of earlier versions.
   */
  userState: UserState;
  answerer: QuestionAnswerer;
  hearings: Pick<HearingLookup, 'respond' | 'followUpQuestion'>;
  /** The last question answered, shared with the answerer: a calendar answer sets it too. */
  conversationTopic: StatePropertyAccessor<ConversationTopic | undefined>;
  followUp: QuestionFollowUp;
  registration: RegistrationDependencies;
  eraseData: Omit<EraseDataDependencies, 'userState' | 'conversationState'>;
  /** The answer to the satisfaction question asked after an official answer was delivered. */
  satisfaction: SatisfactionSurveyDependencies;
  meetings: TeamsMeetingSessions;
  /** True for the one turn that may welcome this turn's citizen (see `models/welcome.ts`). */
  claimWelcome: (context: TurnContext) => Promise<boolean>;
  /** Where official answers are published, named in the end-of-session summary. */
  publicationUrl: string;
  inWords: (date: Date) => string;
  /**
   * Whether a message reports an emergency, where no answer is composed (a meeting chat, a prompt
   * in progress): the emergency check, then the knowledge base (default: the check alone).
   */
  isEmergency?: (text: string) => boolean;
}

/** Routes each turn: flows in progress, commands, small talk, then answers. Knows nothing of HTTP. */
export class AnmBot extends ActivityHandler {
  /** This conversation's citizen has been welcomed (here or, per their claim, elsewhere). */
  private readonly welcomed: StatePropertyAccessor<boolean>;
  private readonly states: BotState[];
  private readonly dialogs: DialogSet;
  private readonly satisfaction: SatisfactionSurveyReplies;
  private readonly isEmergency: (text: string) => boolean;

  constructor(private readonly dependencies: AnmBotDependencies) {
    super();
    const { conversationState, userState } = dependencies;
    this.isEmergency = dependencies.isEmergency ?? isEmergencyReport;
    this.welcomed = conversationState.createProperty<boolean>(citizenWelcomedProperty);
    this.states = [conversationState];
    this.dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogs'));
    this.satisfaction = new SatisfactionSurveyReplies({
      ...dependencies.satisfaction,
      conversationState,
    });
    this.dialogs.add(new RegistrationDialog(dependencies.registration));
    this.dialogs.add(
      new EraseDataDialog({ ...dependencies.eraseData, userState, conversationState }),
    );
    this.dialogs.add(
      new AnswerSubscriptionDialog({
        models: dependencies.registration.models,
        pseudonymizer: dependencies.registration.pseudonymizer,
        inWords: dependencies.inWords,
        privacyPolicyUrl: dependencies.registration.privacyPolicyUrl,
      }),
    );

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      const added = context.activity.membersAdded ?? [];
      if (isGroupConversation(context.activity)) {
        // In a group only the bot's own arrival is announced, once, not every member's.
        if (added.some((member) => member.id === botId)) {
          await this.send(
            context,
            meetingIdOf(context.activity) ? meetingIntroReply() : welcomeReply(),
          );
        }
      } else if (added.some((member) => member.id !== botId)) {
        await this.welcome(context);
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      if (isGroupConversation(context.activity)) await this.handleGroupMessage(context);
      else await this.handleMessage(context);
      await next();
    });

    this.onEvent(async (context, next) => {
      await this.handleEvent(context);
      await next();
    });
  }

  /**
   * A meeting chat: questions are captured in silence. Another group chat or channel: the bot
   * answers only when @mentioned, as it would in a one-to-one chat.
   */
  private async handleGroupMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    if (meetingIdOf(activity)) {
      if (this.isEmergency(incomingText(activity))) {
        // The emergency line first, in the chat; then the report reaches the staff's live panel.
        await this.send(context, emergencyReply());
        await this.dependencies.meetings.messageReceived(context, { emergency: true });
        return;
      }
      await this.dependencies.meetings.messageReceived(context);
      return;
    }
    if (!mentionsBot(activity)) return;
    activity.text = withoutBotMention(activity);
    await this.handleMessage(context);
  }

  private async handleEvent(context: TurnContext): Promise<void> {
    const { meetings, inWords, publicationUrl } = this.dependencies;
    switch (context.activity.name) {
      case meetingStartEvent:
        await meetings.meetingStarted(context);
        return;
      case meetingEndEvent: {
        const summary = await meetings.meetingEnded(context);
        if (!summary) return;
        await this.send(context, sessionSummaryOf(summary, { inWords, publicationUrl }));
        return;
      }
    }
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    // Settled, not raced: a write still running when the turn ends would touch a revoked context.
    const saves = await Promise.allSettled(this.states.map((state) => state.saveChanges(context)));
    for (const save of saves) if (save.status === 'rejected') throw save.reason;
  }

  /** Read with the question the answerer would get, whose search the knowledge index keeps. */
  private async questionReadsAsEmergencyBeforeWelcome(
    context: TurnContext,
    text: string,
  ): Promise<boolean> {
    if (await this.welcomed.get(context, false)) return false;
    const intent = messageIntent(text);
    return intent.kind === 'question' && this.isEmergency(intent.question);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const text = incomingText(context.activity);
    const dialogContext = await this.dialogs.createContext(context);
    // Inside a flow the knowledge base reads every message too, and before the welcome every
    // question it would answer: nothing comes before the emergency line. Otherwise the answerer's
    // own reading of the question carries that.
    const emergency = dialogContext.activeDialog
      ? this.isEmergency(text)
      : isEmergencyReport(text) ||
        (await this.questionReadsAsEmergencyBeforeWelcome(context, text));
    if (emergency) {
      // Before any prompt, command or answer: a flow in progress must not swallow an emergency.
      if (dialogContext.activeDialog) await dialogContext.cancelAllDialogs();
      await this.send(context, emergencyReply());
      return;
    }
    // A survey's button answers it even inside a flow; a typed rating only outside one, and any
    // other message lets a pending survey lapse (dialogs/satisfaction-survey.ts).
    if (await this.satisfaction.respond(context, text, dialogContext.activeDialog !== undefined))
      return;
    if (dialogContext.activeDialog) {
      // Typed inside any prompt, "borrar mis datos" is never taken as an answer (e.g. a name).
      if (parseCommand(text)?.kind === 'erase-data') {
        await dialogContext.cancelAllDialogs();
        await dialogContext.beginDialog(eraseDataDialogId);
        return;
      }
      const result = await dialogContext.continueDialog();
      if (result.status !== DialogTurnStatus.empty) return;
    }

    // Messenger has no "member added" event: a first message is the first contact.
    if (!(await this.welcomed.get(context, false))) await this.welcome(context);

    const intent = messageIntent(text);
    switch (intent.kind) {
      case 'emergency':
        await this.send(context, emergencyReply());
        return;
      case 'empty':
        await this.send(context, {
          paragraphs: [
            'Por ahora solo entiendo mensajes de texto. Escriba su pregunta, por favor.',
          ],
        });
        return;
      case 'command':
        await this.runCommand(context, intent.command);
        return;
      case 'small-talk':
        await this.send(context, smallTalkReply(intent.intent));
        return;
      case 'question':
        await this.answerQuestion(context, intent.question);
    }
  }

  /** A question for the hearing calendar or the knowledge base; unanswered, it may be registered. */
  private async answerQuestion(context: TurnContext, question: string): Promise<void> {
    const { hearings, conversationTopic } = this.dependencies;
    const asked =
      (await hearings.followUpQuestion(question, await conversationTopic.get(context))) ?? question;
    const calendar = await hearings.respond(asked);
    if (calendar) {
      await conversationTopic.set(context, calendarAnswerTopic(new Date()));
      await this.send(context, calendar);
      return;
    }
    const outcome = await this.dependencies.answerer.respond(context, question);
    if (!outcome.answered) {
      const options: RegistrationOptions = {
        question: outcome.question,
        offer: true,
        receivedAt: outcome.receivedAt ?? new Date().toISOString(),
      };
      const dialogContext = await this.dialogs.createContext(context);
      await dialogContext.beginDialog(registrationDialogId, options);
    }
  }

  private async runCommand(context: TurnContext, command: Command): Promise<void> {
    const { followUp } = this.dependencies;
    switch (command.kind) {
      case 'my-questions':
        await this.send(context, await followUp.myQuestions(context));
        return;
      case 'status':
        await this.send(context, await followUp.status(command.codeText));
        return;
      case 'withdraw':
        await this.send(context, await followUp.withdraw(context, command.codeText));
        return;
      case 'register': {
        const dialogContext = await this.dialogs.createContext(context);
        await dialogContext.beginDialog(registrationDialogId, {
          offer: false,
        } satisfies RegistrationOptions);
        return;
      }
      case 'erase-data': {
        const dialogContext = await this.dialogs.createContext(context);
        await dialogContext.beginDialog(eraseDataDialogId);
        return;
      }
      case 'subscribe': {
        const dialogContext = await this.dialogs.createContext(context);
        await dialogContext.beginDialog(answerSubscriptionDialogId, {
          codeText: command.codeText,
        } satisfies AnswerSubscriptionOptions);
        return;
      }
    }
  }

  private async welcome(context: TurnContext): Promise<void> {
    await this.welcomed.set(context, true);
    // A citizen welcomed in another conversation, or by a first message handled at the same
    // time (by this replica or another), has a claim already: one claim wins.
    if (await this.dependencies.claimWelcome(context)) await this.send(context, welcomeReply());
  }

  private async send(context: TurnContext, reply: Reply): Promise<void> {
    await sendReply(context, reply);
  }
}
