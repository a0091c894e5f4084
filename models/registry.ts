import type { Connection } from 'mongoose';

import { botStateModels } from './bot-state-storage';
import { consentModel } from './consent';
import { conversationReferenceModel } from './conversation-reference';
import { deliveryModel, pendingDeliveryModel } from './deliveries';
import { deliveryAttemptModel } from './delivery-attempts';
import { deliveryProblemModels } from './delivery-problems';
import { directLineModels } from './direct-line-activity';
import { facebookEventModels } from './facebook-event';
import { facebookReplyModels } from './facebook-reply';
import { hearingModel } from './hearing';
import { jobRunModel } from './job-runs';
import { migrationModel } from './migrations';
import { processedActivityModel } from './processed-activity';
import { questionModel } from './question';
import { questionChangeModel } from './question-changes';
import { questionEventModel } from './question-events';
import { satisfactionSurveyModel } from './satisfaction-survey';
import { spaceModels } from './space';
import { trackingCodeModel } from './tracking-codes';
import { welcomeModel } from './welcome';

/** Every model of the product, registered on one connection. */
export function createModels(connection: Connection) {
  return {
    ...botStateModels(connection),
    conversationReferences: conversationReferenceModel(connection),
    consents: consentModel(connection),
    questions: questionModel(connection),
    questionEvents: questionEventModel(connection),
    questionChanges: questionChangeModel(connection),
    trackingCodes: trackingCodeModel(connection),
    deliveries: deliveryModel(connection),
    pendingDeliveries: pendingDeliveryModel(connection),
    deliveryAttempts: deliveryAttemptModel(connection),
    ...deliveryProblemModels(connection),
    processedActivities: processedActivityModel(connection),
    hearings: hearingModel(connection),
    migrations: migrationModel(connection),
    jobRuns: jobRunModel(connection),
    welcomes: welcomeModel(connection),
    satisfactionSurveys: satisfactionSurveyModel(connection),
    ...spaceModels(connection),
    ...facebookEventModels(connection),
    ...facebookReplyModels(connection),
    ...directLineModels(connection),
  };
}

export type Models = ReturnType<typeof createModels>;

/**
 * Creates every collection and the indexes the product relies on (unique keys) before the first
 * write: a collection must exist before the embedded store's lookup index can be added to it.
 */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) {
    await model.createCollection();
    await model.createIndexes();
  }
}

export function collectionNames(models: Models): string[] {
  return Object.values(models).map((model) => model.collection.collectionName);
}
