import {
  ActivityTypes,
  TurnContext,
  type Activity,
  type Middleware,
  type ResourceResponse,
} from 'botbuilder';

import { boundedIncomingText, maxMessageLength } from '../dialogs/understanding/incoming-text';

/** What a citizen reads before the reply to a message that was too long to read whole. */
export const longMessageNote = `Su mensaje era muy largo: leímos solo los primeros ${maxMessageLength.toLocaleString('es-CO')} caracteres.`;

/**
 * Every flow reads `activity.text`; this middleware makes it what the bot can read:
 * - a card button in Web Chat sends its text in `value.text` with an empty `text`; copying it
 *   into `text` lets every prompt and command treat a click exactly like typing the label;
 * - a message longer than `maxMessageLength` is cut after a whole word, so that no prompt,
 *   command, analysis or registration ever sees more, and the citizen is told so in a note sent
 *   just before the bot's first message of the turn (none when the bot stays silent, as in a
 *   meeting chat).
 */
export class SubmittedTextMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type === 'message') {
      const { text, cut } = boundedIncomingText(activity);
      const blank = !activity.text || activity.text.trim() === '';
      if (cut || (blank && text !== '')) activity.text = text;
      if (cut) noteBeforeFirstReply(context);
    }
    await next();
  }
}

function noteBeforeFirstReply(context: TurnContext): void {
  let noted = false;
  context.onSendActivities(
    async (
      turn: TurnContext,
      activities: Partial<Activity>[],
      send: () => Promise<ResourceResponse[]>,
    ) => {
      if (!noted && activities.some((activity) => activity.type === ActivityTypes.Message)) {
        noted = true;
        // Sent on its own, so that the reply keeps its own id (sendActivity returns the first).
        await turn.sendActivity(longMessageNote);
      }
      return send();
    },
  );
}
