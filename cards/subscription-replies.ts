import type { Reply } from './reply';

/** The replies of "recibir respuesta <código>": the answer of an anonymous question, in this chat. */

export function subscriptionAskCodeReply(): Reply {
  return {
    paragraphs: [
      '¿De qué pregunta quiere recibir la respuesta? Escriba "recibir respuesta" y el código, por ejemplo: recibir respuesta ANM-7K3M-Q9XD.',
    ],
    suggestions: ['Mis preguntas'],
  };
}

export function subscriptionIntroReply(trackingCode: string): Reply {
  return {
    paragraphs: [
      `Podemos enviarle por este chat la respuesta de la pregunta ${trackingCode}.`,
      'Para eso necesitamos su autorización.',
    ],
  };
}

/**
 * `messenger`: Meta lets a Page write to a person only within 24 hours of their last message
 * (no message tag covers an automated answer), so on Messenger the answer may wait on the public
 * page instead, and the citizen is told so now.
 */
export function subscribedReply(
  trackingCode: string,
  dueDateInWords: string,
  messenger = false,
): Reply {
  return {
    title: 'Listo',
    paragraphs: [
      messenger
        ? `Cuando la ANM responda la pregunta ${trackingCode}, le enviaremos la respuesta por este chat si han pasado menos de 24 horas desde su último mensaje (es una regla de Facebook). Si no, la encontrará en la página pública de respuestas, buscándola por su código, o escribiendo aquí "estado ${trackingCode}".`
        : `Cuando la ANM responda la pregunta ${trackingCode}, le enviaremos la respuesta por este chat.`,
      `La ANM debe responderla a más tardar ${dueDateInWords}.`,
      'Para verla, escriba "mis preguntas". Si cambia de opinión, escriba "borrar mis datos".',
    ],
    suggestions: ['Mis preguntas'],
  };
}

export function subscriptionAlreadyYoursReply(trackingCode: string): Reply {
  return {
    paragraphs: [
      `Ya tenemos su autorización: le enviaremos por este chat la respuesta de la pregunta ${trackingCode}.`,
    ],
    suggestions: ['Mis preguntas'],
  };
}

/** Says nothing of who receives the answer, or whether anyone does. */
export function subscriptionRefusedReply(trackingCode: string): Reply {
  return {
    paragraphs: [
      'No podemos enviar la respuesta de esa pregunta a este chat.',
      `Puede consultar cómo va con: estado ${trackingCode}. Si necesita ayuda, use el canal de PQRSD en www.anm.gov.co.`,
    ],
  };
}

export function subscriptionDeclinedReply(trackingCode: string): Reply {
  return {
    paragraphs: [
      'Entendido. No guardamos ningún dato suyo.',
      `Su pregunta sigue registrada. Consulte cómo va con: estado ${trackingCode}.`,
    ],
  };
}

export function subscriptionPrivateChatReply(): Reply {
  return {
    paragraphs: [
      'Para recibir una respuesta con sus datos, escríbame en un chat privado, no en un grupo.',
    ],
  };
}
