import type { Middleware, TurnContext } from 'botbuilder';

import { incomingText } from './incoming-text';

/**
 * A card button in Web Chat sends its text in `value.text` with an empty `text`. Copying it into
 * `text` lets every prompt and command treat a click exactly like typing the button's label.
 */
export class SubmittedTextMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type === 'message' && (!activity.text || activity.text.trim() === '')) {
      const text = incomingText(activity);
      if (text !== '') activity.text = text;
    }
    await next();
  }
}
