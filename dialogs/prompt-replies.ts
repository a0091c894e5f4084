import type { Reply } from '../cards/reply';
import { replyLabels } from './understanding/reply-words';

/** What a prompt says again when the answer is not one of its options. */
export function chooseReply(options: string[]): Reply {
  return {
    paragraphs: [`Por favor, responda con una de estas opciones: ${options.join(', ')}.`],
    suggestions: options,
  };
}

export function chooseYesOrNoReply(): Reply {
  return chooseReply([replyLabels.yes, replyLabels.no]);
}

/** The consent prompt's retry: accept, decline, or leave the flow. */
export function chooseConsentReply(): Reply {
  return chooseReply([replyLabels.accept, replyLabels.decline, replyLabels.cancel]);
}
