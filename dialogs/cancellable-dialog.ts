import { ComponentDialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';

import { cancelledReply } from '../cards/small-talk-replies';
import { sendReply } from './send-reply';
import { incomingText } from './understanding/incoming-text';
import { replyWord } from './understanding/reply-words';

/**
 * A flow the citizen can leave at any prompt by typing "cancelar" (or pressing its button): the
 * flow ends before the answer reaches a prompt, so the word is never taken as a name, an e-mail or
 * a question, and nothing of the flow is stored.
 */
export class CancellableDialog extends ComponentDialog {
  override async continueDialog(outerDc: DialogContext): Promise<DialogTurnResult> {
    if (replyWord(incomingText(outerDc.context.activity)) !== 'cancel')
      return super.continueDialog(outerDc);
    await sendReply(outerDc.context, cancelledReply());
    return outerDc.cancelAllDialogs();
  }
}
