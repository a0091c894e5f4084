import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

import type { ProactiveSender } from '../../kernel/proactive-sender';

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
