import type { Connection } from 'mongoose';

import { botStateModel } from './bot-state-storage';
import { conversationReferenceModel } from './conversation-reference';

/** Every model of the product, registered on one connection. */
export function createModels(connection: Connection) {
  return {
    botState: botStateModel(connection),
    conversationReferences: conversationReferenceModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Builds the indexes the product relies on (unique keys) before the first write. */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) {
    await model.createIndexes();
  }
}
