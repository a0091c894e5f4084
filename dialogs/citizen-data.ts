import type { ConversationState, TurnContext, UserState } from 'botbuilder';

import { eraseStateKeys, type BotStateModels } from '../models/bot-state-storage';
import { revokeCitizenConsents, type ConsentModel } from '../models/consent';
import {
  forgetCitizenConversations,
  type ConversationReferenceModel,
} from '../models/conversation-reference';
import { eraseCitizenQuestions, type QuestionModels } from '../models/question';
import type { FacebookEventModels } from '../models/facebook-event';
import type { FacebookReplyModels } from '../models/facebook-reply';
import { forgetCitizenLiveComments } from '../models/live-comment-records';
import {
  eraseCitizenSurveyComments,
  type SatisfactionSurveyModel,
} from '../models/satisfaction-survey';
import { forgetWelcome, type WelcomeModel } from '../models/welcome';
import { eraseDirectLineTranscript, type DirectLineModels } from '../models/direct-line-activity';
import type { Pseudonymizer } from '../kernel/pseudonym';

export interface CitizenDataModels
  extends
    QuestionModels,
    BotStateModels,
    DirectLineModels,
    FacebookEventModels,
    FacebookReplyModels {
  consents: ConsentModel;
  conversationReferences: ConversationReferenceModel;
  welcomes: WelcomeModel;
  satisfactionSurveys: SatisfactionSurveyModel;
}

/** What the bot remembers of conversations and users, as the turn holds it. */
export interface CitizenBotStates {
  conversationState: ConversationState;
  userState: UserState;
}

/** The pseudonymous key of the citizen writing in this turn (channel + channel user id). */
export function citizenKeyOf(context: TurnContext, pseudonymizer: Pseudonymizer): string {
  return pseudonymizer.pseudonym(`${context.activity.channelId}:${context.activity.from.id}`);
}

/**
 * Ley 1581 de 2012, art. 8 (supresión y revocatoria): removes what links the citizen to their
 * questions and the personal data in them (history included), revokes their consents keeping
 * only the evidence, forgets their conversations and all of what the bot remembers of
 * them and of those conversations, and removes the comments they left in satisfaction surveys.
 * The question texts stay, anonymised, for the public record; the ratings stay, unlinked.
 */
export async function eraseCitizenData(
  models: CitizenDataModels,
  pseudonymizer: Pseudonymizer,
  context: TurnContext,
  states: CitizenBotStates,
): Promise<{ questions: number }> {
  const citizenKey = citizenKeyOf(context, pseudonymizer);
  const conversations = await forgetCitizenConversations(models.conversationReferences, citizenKey);
  for (const { channelId, conversationId } of conversations) {
    // The web chat's transcript (embedded Direct Line) holds what the citizen typed.
    if (channelId === 'webchat') await eraseDirectLineTranscript(models, conversationId);
  }
  // Found through the questions' link to the citizen, so before the questions lose it.
  await eraseCitizenSurveyComments(models, citizenKey);
  // The Live comments the webhook stored: found through the questions, so before they lose it.
  await forgetCitizenLiveComments(models, pseudonymizer, citizenKey);
  const questions = await eraseCitizenQuestions(models, citizenKey);
  await revokeCitizenConsents(models.consents, citizenKey, new Date());
  await forgetWelcome(models.welcomes, citizenKey);

  const { conversationState, userState } = states;
  const stateKeys = new Set<string>();
  for (const state of [conversationState, userState]) {
    const key = state.getStorageKey(context);
    if (key) stateKeys.add(key);
  }
  for (const conversation of conversations) {
    const key = conversationState.getStorageKey(contextOf(conversation));
    if (key) stateKeys.add(key);
  }
  // Drops the turn's cached state too, so that the end of this turn writes nothing back.
  await conversationState.delete(context);
  await userState.delete(context);
  await eraseStateKeys(models, pseudonymizer, [...stateKeys]);
  return { questions };
}

/**
 * The SDK builds a conversation's state key from a turn's activity only; this stand-in carries
 * just the two fields `ConversationState.getStorageKey` reads, so the key format stays the SDK's.
 */
export function contextOf(conversation: {
  channelId: string;
  conversationId: string;
}): TurnContext {
  return {
    activity: {
      channelId: conversation.channelId,
      conversation: { id: conversation.conversationId },
    },
  } as unknown as TurnContext;
}
