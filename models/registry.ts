import type { Connection } from 'mongoose';

import { botStateModel } from './bot-state-storage';
import { consentModel } from './consent';
import { conversationReferenceModel } from './conversation-reference';
import { facebookEventModels } from './facebook-event';
import { facebookReplyModels } from './facebook-reply';
import { hearingModel } from './hearing';
import { processedActivityModel } from './processed-activity';
import { questionModel } from './question';
import { questionEventModel } from './question-events';
import { spaceModels } from './space';

/** Every model of the product, registered on one connection. */
export function createModels(connection: Connection) {
  return {
    botState: botStateModel(connection),
    conversationReferences: conversationReferenceModel(connection),
    consents: consentModel(connection),
    questions: questionModel(connection),
    questionEvents: questionEventModel(connection),
    processedActivities: processedActivityModel(connection),
    hearings: hearingModel(connection),
    ...spaceModels(connection),
    ...facebookEventModels(connection),
    ...facebookReplyModels(connection),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Builds the indexes the product relies on (unique keys) before the first write. */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) {
    await model.createIndexes();
  }
}
