import type { Reply } from '../cards/reply';
import { replyLabels } from './understanding/reply-words';

export function offerRegistrationReply(): Reply {
  return {
    paragraphs: ['¿Quiere que registremos su pregunta para que la ANM le responda por escrito?'],
    suggestions: [replyLabels.yes, replyLabels.no],
  };
}

export function askQuestionReply(): Reply {
  return {
    paragraphs: ['Escriba su pregunta en un solo mensaje, con sus propias palabras.'],
    suggestions: [replyLabels.cancel],
  };
}

export function askNameReply(): Reply {
  return {
    paragraphs: [
      '¿Cómo se llama? Así la respuesta le llega con su nombre.',
      'Si prefiere no decirlo, escriba "omitir".',
    ],
    suggestions: [replyLabels.skip, replyLabels.cancel],
  };
}

export function invalidNameReply(): Reply {
  return {
    paragraphs: [
      'Escriba solo su nombre, con letras (por ejemplo: María Pérez), o escriba "omitir".',
    ],
    suggestions: [replyLabels.skip, replyLabels.cancel],
  };
}

export function askEmailReply(): Reply {
  return {
    paragraphs: [
      '¿Quiere dejarnos su correo electrónico? La ANM lo usará solo si necesita escribirle sobre esta pregunta.',
      'Si prefiere no darlo, escriba "omitir". La respuesta le llegará por este chat.',
    ],
    suggestions: [replyLabels.skip, replyLabels.cancel],
  };
}

export function invalidEmailReply(): Reply {
  return {
    paragraphs: [
      'Ese correo no parece completo. Escríbalo así: nombre@ejemplo.com, o escriba "omitir".',
    ],
    suggestions: [replyLabels.skip, replyLabels.cancel],
  };
}

export function registrationDeclinedReply(): Reply {
  return {
    paragraphs: [
      'Entendido. No registramos nada.',
      'Si cambia de opinión, escriba "registrar pregunta". También puede escribir a la ANM por el canal de PQRSD en www.anm.gov.co.',
    ],
  };
}

export interface ConfirmationFacts {
  trackingCode: string;
  dueDateInWords: string;
  legalTermDays: number;
  withConsent: boolean;
}

export function registrationConfirmedReply(facts: ConfirmationFacts): Reply {
  const follow = `Para saber cómo va, escriba: estado ${facts.trackingCode}`;
  return {
    title: `Su pregunta quedó registrada: ${facts.trackingCode}`,
    paragraphs: [
      `La ANM debe responderle a más tardar ${facts.dueDateInWords}. Es el plazo legal de ${facts.legalTermDays} días hábiles para un derecho de petición.`,
      ...(facts.withConsent
        ? [`La respuesta le llegará por este chat. ${follow}, o escriba "mis preguntas".`]
        : [
            `Guarde este código. Como no guardamos ningún dato suyo, es la única forma de consultar su pregunta y su respuesta. ${follow}`,
          ]),
    ],
    sources: [{ label: 'Ley 1755 de 2015, artículo 14' }],
  };
}
