import type { TurnContext, UserState } from 'botbuilder';

import { revokeCitizenConsents, type ConsentModel } from '../models/consent';
import type { ConversationReferenceModel } from '../models/conversation-reference';
import { eraseCitizenQuestions, type QuestionModels } from '../models/question';
import type { Pseudonymizer } from './pseudonym';

export interface CitizenDataModels extends QuestionModels {
  consents: ConsentModel;
  conversationReferences: ConversationReferenceModel;
}

/** The pseudonymous key of the citizen writing in this turn (channel + channel user id). */
export function citizenKeyOf(context: TurnContext, pseudonymizer: Pseudonymizer): string {
  return pseudonymizer.pseudonym(`${context.activity.channelId}:${context.activity.from.id}`);
}

/**
 * Ley 1581 de 2012, art. 8 (supresión y revocatoria): removes what links the citizen to their
 * questions, revokes their consents, forgets their conversations and what the bot remembers of
 * them. The question texts stay, anonymised, for the public record.
 */
export async function eraseCitizenData(
  models: CitizenDataModels,
  citizenKey: string,
  context: TurnContext,
  userState: UserState,
): Promise<{ questions: number }> {
  const questions = await eraseCitizenQuestions(models, citizenKey);
  await revokeCitizenConsents(models.consents, citizenKey, new Date());
  await models.conversationReferences.deleteMany({ userPseudonym: citizenKey });
  await userState.delete(context);
  return { questions };
}
