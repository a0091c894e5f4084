import {
  ActivityHandler,
  type BotState,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';

import { renderReply, type Reply } from '../cards/reply';
import { welcomeReply } from '../cards/welcome-card';
import { incomingText } from './incoming-text';

/** What the bot remembers of a user across conversations and restarts. */
export interface UserProfile {
  welcomedAt?: string;
}

export interface AnmBotDependencies {
  conversationState: ConversationState;
  userState: UserState;
}

/** Routes each turn. Knows nothing of HTTP: the adapter hands it a TurnContext. */
export class AnmBot extends ActivityHandler {
  private readonly profile: StatePropertyAccessor<UserProfile>;
  private readonly states: BotState[];

  constructor({ conversationState, userState }: AnmBotDependencies) {
    super();
    this.profile = userState.createProperty<UserProfile>('profile');
    this.states = [conversationState, userState];

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      const joined = (context.activity.membersAdded ?? []).filter((member) => member.id !== botId);
      if (joined.length > 0) await this.welcome(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      const profile = await this.profile.get(context, {});
      // Messenger has no "member added" event: a first message is the first contact.
      if (!profile.welcomedAt) await this.welcome(context);
      await this.answer(context, incomingText(context.activity));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    for (const state of this.states) await state.saveChanges(context);
  }

  private async welcome(context: TurnContext): Promise<void> {
    await this.send(context, welcomeReply());
    const profile = await this.profile.get(context, {});
    profile.welcomedAt = new Date().toISOString();
    await this.profile.set(context, profile);
  }

  private async answer(context: TurnContext, text: string): Promise<void> {
    if (text === '') {
      await this.send(context, {
        paragraphs: ['Por ahora solo entiendo mensajes de texto. Escriba su pregunta, por favor.'],
      });
      return;
    }
    await this.send(context, {
      paragraphs: [
        'Recibí su mensaje. Todavía estoy aprendiendo a responder preguntas sobre la ANM.',
        'Mientras tanto, puede escribir a la ANM por el canal de PQRSD en www.anm.gov.co.',
      ],
    });
  }

  private async send(context: TurnContext, reply: Reply): Promise<void> {
    await context.sendActivity(renderReply(reply, context.activity.channelId));
  }
}
