import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';

import { renderReply, type Reply } from '../cards/reply';

/** The one way a flow says something: the reply, rendered for the channel of the turn. */
export async function sendReply(context: TurnContext, reply: Reply): Promise<void> {
  await context.sendActivity(renderReply(reply, context.activity.channelId));
}

/**
 * Asks with a prompt: `question` first, then `retry` each time the answer does not fit. Rendered
 * like `sendReply`, for the channel of the turn that asks.
 */
export function askWithReply(
  step: WaterfallStepContext,
  promptId: string,
  question: Reply,
  retry: Reply,
): Promise<DialogTurnResult> {
  const { channelId } = step.context.activity;
  return step.prompt(promptId, {
    prompt: renderReply(question, channelId),
    retryPrompt: renderReply(retry, channelId),
  });
}
