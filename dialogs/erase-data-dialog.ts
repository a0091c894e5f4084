import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';

import { eraseCitizenData, type CitizenBotStates, type CitizenDataModels } from './citizen-data';
import { replyLabels, replyWord } from './understanding/reply-words';
import type { Pseudonymizer } from '../kernel/pseudonym';
import { confirmEraseReply, eraseCancelledReply, erasedReply } from '../cards/question-replies';
import { renderReply } from '../cards/reply';
import { chooseReply } from './registration-replies';

export const eraseDataDialogId = 'erase-data';

export interface EraseDataDependencies extends CitizenBotStates {
  models: CitizenDataModels;
  pseudonymizer: Pseudonymizer;
}

/** "borrar mis datos": confirms, then erases the citizen's personal data (Ley 1581 de 2012). */
export class EraseDataDialog extends ComponentDialog {
  constructor(private readonly dependencies: EraseDataDependencies) {
    super(eraseDataDialogId);
    const confirmPrompt = `${eraseDataDialogId}-confirm`;
    this.addDialog(
      new TextPrompt(confirmPrompt, (prompt) => {
        const word = replyWord(prompt.recognized.value ?? '');
        return Promise.resolve(word === 'yes' || word === 'no');
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${eraseDataDialogId}-steps`, [
        (step) =>
          step.prompt(confirmPrompt, {
            prompt: renderReply(confirmEraseReply(), step.context.activity.channelId),
            retryPrompt: renderReply(
              chooseReply([replyLabels.yes, replyLabels.no]),
              step.context.activity.channelId,
            ),
          }),
        this.eraseStep.bind(this),
      ]),
    );
    this.initialDialogId = `${eraseDataDialogId}-steps`;
  }

  private async eraseStep(step: WaterfallStepContext) {
    const { channelId } = step.context.activity;
    if (replyWord(String(step.result)) !== 'yes') {
      await step.context.sendActivity(renderReply(eraseCancelledReply(), channelId));
      return step.endDialog();
    }
    const { models, pseudonymizer, conversationState, userState } = this.dependencies;
    const { questions } = await eraseCitizenData(models, pseudonymizer, step.context, {
      conversationState,
      userState,
    });
    await step.context.sendActivity(renderReply(erasedReply(questions), channelId));
    return step.endDialog();
  }
}
