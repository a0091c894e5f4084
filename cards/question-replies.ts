import type { Reply } from './reply';

/**
 * A question's status as the citizen reads it. The same names as the stored status: passing a
 * stored question whose status is missing here fails to compile.
 */
export type QuestionStatus =
  | 'pending'
  | 'in_review'
  | 'answered'
  | 'published'
  | 'answered_live'
  | 'duplicate'
  | 'withdrawn'
  | 'forwarded'
  | 'rejected';

/** What a card shows of a registered question: never who asked it. */
export interface QuestionView {
  trackingCode: string;
  status: QuestionStatus;
  receivedAt: Date;
  dueAt: Date;
}

/** How each status reads to a citizen. */
export const questionStatusLabels: Record<QuestionStatus, string> = {
  pending: 'Pendiente: la ANM aún no la responde',
  in_review: 'En revisión: la ANM está preparando la respuesta',
  answered: 'Respondida',
  published: 'Respondida y publicada',
  answered_live: 'Respondida en vivo durante el espacio de diálogo',
  duplicate: 'Unida a otra pregunta igual: recibirá la misma respuesta',
  withdrawn: 'Retirada por quien la hizo',
  forwarded: 'Enviada a la entidad que puede responderla: la ANM le avisó a cuál',
  rejected: 'Cerrada: no es una pregunta que la ANM deba responder',
};

export type DateInWords = (date: Date) => string;

export function myQuestionsReply(questions: QuestionView[], inWords: DateInWords): Reply {
  if (questions.length === 0) {
    return {
      paragraphs: [
        'No tiene preguntas registradas con sus datos en este canal.',
        'Si registró una pregunta sin dar su autorización, consúltela con su código: escriba "estado" y el código.',
      ],
      suggestions: ['Registrar pregunta', 'Ayuda'],
    };
  }
  return {
    title: 'Sus preguntas registradas',
    paragraphs: ['Estas son sus preguntas en este canal, de la más reciente a la más antigua.'],
    facts: questions.map((question) => ({
      title: question.trackingCode,
      value: `${questionStatusLabels[question.status]}. Plazo: ${inWords(question.dueAt)}.`,
    })),
  };
}

/** A published question's official answer and where the public page shows it. */
export interface PublishedAnswerView {
  answer: string;
  /** `/respuestas/{code}`, absolute when the bot knows its public address. */
  pageUrl: string;
}

export function questionStatusReply(
  question: QuestionView,
  inWords: DateInWords,
  published?: PublishedAnswerView,
): Reply {
  if (question.status === 'published' && published) {
    const absolute = /^https?:\/\//.test(published.pageUrl);
    return {
      title: `Respuesta a la pregunta ${question.trackingCode}`,
      paragraphs: [
        'La ANM respondió esta pregunta. Esta es la respuesta oficial:',
        published.answer,
        `También está publicada en ${published.pageUrl}`,
      ],
      facts: [
        { title: 'Estado', value: questionStatusLabels[question.status] },
        { title: 'Recibida', value: inWords(question.receivedAt) },
      ],
      ...(absolute
        ? { links: [{ title: 'Ver la respuesta publicada', url: published.pageUrl }] }
        : {}),
    };
  }
  const open = question.status === 'pending' || question.status === 'in_review';
  return {
    title: `Pregunta ${question.trackingCode}`,
    paragraphs: [
      open
        ? `La ANM debe responderla a más tardar ${inWords(question.dueAt)}.`
        : 'Esta pregunta ya no espera respuesta.',
    ],
    facts: [
      { title: 'Estado', value: questionStatusLabels[question.status] },
      { title: 'Recibida', value: inWords(question.receivedAt) },
    ],
  };
}

export function unknownCodeReply(reason: 'format' | 'checksum' | 'not-found'): Reply {
  const first =
    reason === 'not-found'
      ? 'No encontramos ninguna pregunta con ese código.'
      : reason === 'checksum'
        ? 'Ese código tiene un error: puede faltar o sobrar una letra o un número.'
        : 'No reconozco ese código. Los códigos se ven así: ANM-7K3M-Q9XD.';
  return {
    paragraphs: [first, 'Revíselo y escríbalo de nuevo, por ejemplo: estado ANM-7K3M-Q9XD.'],
  };
}

export function withdrawAskCodeReply(): Reply {
  return {
    paragraphs: [
      '¿Qué pregunta quiere retirar? Escriba "retirar" y el código, por ejemplo: retirar ANM-7K3M-Q9XD.',
    ],
    suggestions: ['Mis preguntas'],
  };
}

export function withdrawnReply(trackingCode: string): Reply {
  return {
    paragraphs: [
      `Retiramos su pregunta ${trackingCode}. La ANM ya no la responderá.`,
      'Borramos sus datos de esa pregunta. El texto queda sin datos personales en el registro público.',
    ],
  };
}

export function withdrawNotFoundReply(): Reply {
  return {
    paragraphs: [
      'No encontramos una pregunta suya con ese código en este canal.',
      'Solo puede retirar preguntas que registró con su autorización. Escriba "mis preguntas" para verlas.',
    ],
  };
}

export function withdrawClosedReply(question: QuestionView): Reply {
  return {
    paragraphs: [
      `La pregunta ${question.trackingCode} ya no se puede retirar: ${questionStatusLabels[question.status].toLowerCase()}.`,
      'Si quiere que borremos sus datos, escriba "borrar mis datos".',
    ],
  };
}

export function confirmEraseReply(): Reply {
  return {
    title: '¿Borramos sus datos personales?',
    paragraphs: [
      'Borraremos su nombre, su correo y la forma de escribirle por este chat. También retiraremos su autorización.',
      'Sus preguntas quedan registradas sin datos personales. Podrá consultarlas solo con su código.',
    ],
    suggestions: ['Sí', 'No'],
  };
}

export function erasedReply(questionCount: number): Reply {
  return {
    paragraphs: [
      'Listo. Borramos sus datos personales y retiramos su autorización.',
      questionCount === 0
        ? 'No tenía preguntas registradas con sus datos.'
        : `${questionCount === 1 ? 'Su pregunta queda' : `Sus ${questionCount} preguntas quedan`} sin datos personales. Guarde sus códigos para consultarlas.`,
      'Si quiere saber más sobre sus derechos, use el canal de PQRSD en www.anm.gov.co.',
    ],
  };
}

export function eraseCancelledReply(): Reply {
  return { paragraphs: ['Entendido. No borramos nada.'] };
}
