import { TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';

import { CancellableDialog } from './cancellable-dialog';
import { eraseCitizenData, type CitizenBotStates, type CitizenDataModels } from './citizen-data';
import { chooseYesOrNoReply } from './prompt-replies';
import { oneOfReplyWords, saysYes } from './prompt-validators';
import { askWithReply, sendReply } from './send-reply';
import type { Pseudonymizer } from '../kernel/pseudonym';
import { confirmEraseReply, eraseCancelledReply, erasedReply } from '../cards/question-replies';

export const eraseDataDialogId = 'erase-data';

export interface EraseDataDependencies extends CitizenBotStates {
  models: CitizenDataModels;
  pseudonymizer: Pseudonymizer;
}

const confirmPrompt = `${eraseDataDialogId}-confirm`;

/** "borrar mis datos": confirms, then erases the citizen's personal data (Ley 1581 de 2012). */
export class EraseDataDialog extends CancellableDialog {
  constructor(private readonly dependencies: EraseDataDependencies) {
    super(eraseDataDialogId);
    this.addDialog(new TextPrompt(confirmPrompt, oneOfReplyWords('yes', 'no')));
    this.addDialog(
      new WaterfallDialog(`${eraseDataDialogId}-steps`, [
        (step) => askWithReply(step, confirmPrompt, confirmEraseReply(), chooseYesOrNoReply()),
        this.eraseStep.bind(this),
      ]),
    );
    this.initialDialogId = `${eraseDataDialogId}-steps`;
  }

  private async eraseStep(step: WaterfallStepContext) {
    if (!saysYes(step.result)) {
      await sendReply(step.context, eraseCancelledReply());
      return step.endDialog();
    }
    const { models, pseudonymizer, conversationState, userState } = this.dependencies;
    const { questions } = await eraseCitizenData(models, pseudonymizer, step.context, {
      conversationState,
      userState,
    });
    await sendReply(step.context, erasedReply(questions));
    return step.endDialog();
  }
}
