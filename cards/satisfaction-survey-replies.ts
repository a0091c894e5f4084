import type { Activity } from 'botbuilder';

import {
  adaptiveCard,
  cardAttachment,
  heading,
  inputSubmitAction,
  inputText,
  textBlock,
} from './adaptive-card';
import { supportsAdaptiveCards } from './channel-support';
import { renderReply, type Reply } from './reply';

/**
 * The satisfaction question asked once after an official answer reaches a citizen's chat, and
 * the bot's replies to its answer. Every button sends what a citizen could type ("4", "Omitir").
 */

/** Where a card's buttons say which survey they answer (the question's id, not personal). */
export const surveyIdField = 'satisfactionSurveyId';
/** The id of the card's comment field: its text arrives in `value` under this name. */
export const surveyCommentField = 'satisfactionComment';

export const surveySkipLabel = 'Omitir';
const ratingLabels = ['1', '2', '3', '4', '5'] as const;

export interface SurveyQuestion {
  /** 24 hexadecimal digits: the survey's id, carried by the card's buttons. */
  surveyId: string;
  trackingCode: string;
  /** The longest comment kept; the card's field takes no more. */
  commentMaxLength: number;
}

const scale = '1 es muy mala y 5 es muy buena.';

function question(trackingCode: string): string {
  return `¿Cómo califica la respuesta a su pregunta ${trackingCode}?`;
}

/**
 * A card with a comment field and one button per rating where the channel shows cards; text with
 * quick replies elsewhere (Messenger), where the comment goes after the number.
 */
export function satisfactionSurveyActivity(
  survey: SurveyQuestion,
  channelId: string | undefined,
): Partial<Activity> {
  if (!supportsAdaptiveCards(channelId)) {
    const reply: Reply = {
      paragraphs: [
        `${question(survey.trackingCode)} Responda con un número del 1 al 5: ${scale}`,
        'Si quiere, agregue un comentario en el mismo mensaje, por ejemplo: 5 fue muy clara.',
      ],
      suggestions: [...ratingLabels, surveySkipLabel],
    };
    return renderReply(reply, channelId);
  }
  const carried = { [surveyIdField]: survey.surveyId };
  const card = adaptiveCard(
    [
      heading('Cuéntenos cómo le pareció'),
      textBlock(`${question(survey.trackingCode)} Elija de 1 a 5: ${scale} Es opcional.`),
      inputText(surveyCommentField, {
        label: 'Comentario (opcional)',
        placeholder: 'Escríbalo antes de elegir el número',
        isMultiline: true,
        maxLength: survey.commentMaxLength,
      }),
    ],
    // Five buttons: hosts show five actions by default (no "Omitir": ignoring the card skips it).
    ratingLabels.map((label) => inputSubmitAction(label, label, carried)),
  );
  return { type: 'message', attachments: [cardAttachment(card)] };
}

export function surveyThanksReply(withComment: boolean): Reply {
  return {
    paragraphs: [
      withComment
        ? '¡Gracias por su calificación y su comentario! Nos ayudan a responder mejor.'
        : '¡Gracias por su calificación! Nos ayuda a responder mejor.',
    ],
  };
}

export function surveySkippedReply(): Reply {
  return {
    paragraphs: ['Entendido, no hay problema. Si tiene otra pregunta, escríbala aquí.'],
  };
}

/** A button of a survey that this chat can no longer answer (not theirs, or gone). */
export function surveyClosedReply(): Reply {
  return { paragraphs: ['Esta encuesta ya no recibe respuestas. Gracias por su interés.'] };
}
