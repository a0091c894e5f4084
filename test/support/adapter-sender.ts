import { randomUUID } from 'node:crypto';

import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

import type { ProactiveSender } from '../../kernel/proactive-sender';
import type { ConversationReferenceStore } from '../../models/conversation-reference';

/**
 * A proactive sender on the real Bot Framework adapter, unauthenticated, for capabilities'
 * tests: it posts to whatever service URL the conversation reference names (the channel
 * simulator), as the edge's sender does, without the capability importing the edge.
 */
export function adapterSender(): ProactiveSender {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  return {
    send: (reference, activity) =>
      adapter.continueConversationAsync('', reference, async (context) => {
        await context.sendActivity(activity);
      }),
  };
}

/**
 * A one-to-one conversation on `channelId` whose reference is stored, as the bot stores it on a
 * citizen's first message, with replies going to `serviceUrl` (the channel simulator): its id.
 */
export async function rememberedConversation(
  references: ConversationReferenceStore,
  serviceUrl: string,
  channelId: string,
): Promise<string> {
  const conversationId = `conv-${randomUUID()}`;
  await references.remember(
    {
      channelId,
      serviceUrl,
      conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' },
      bot: { id: 'bot', name: 'ANM' },
      user: { id: `user-${randomUUID()}`, name: '' },
    },
    undefined,
  );
  return conversationId;
}
