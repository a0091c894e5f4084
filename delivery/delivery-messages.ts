import { dateInWords } from '../legal-terms/legal-terms';

/**
 * What a citizen receives when the ANM writes to them after a question, in plain Spanish: the
 * official answer, or a notice the law requires before it (Ley 1755 de 2015: the term extended,
 * art. 14 parágrafo; the petition sent to the competent authority, art. 21). One text serves the
 * chat and the e-mail; the e-mail adds a subject.
 */
export type DeliveryMessage =
  | { kind: 'answer'; trackingCode: string; question: string; answer: string; pageUrl: string }
  | {
      kind: 'extension-notice';
      trackingCode: string;
      reason: string;
      newDueAt: Date;
      pageUrl: string;
    }
  | { kind: 'forwarding-notice'; trackingCode: string; authority: string; pageUrl: string };

/** A question quoted back is cut to this many characters: the citizen knows the rest. */
const quotedQuestionChars = 200;

function quoted(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > quotedQuestionChars
    ? `${clean.slice(0, quotedQuestionChars - 1).trimEnd()}…`
    : clean;
}

export function deliveryText(message: DeliveryMessage): string {
  switch (message.kind) {
    case 'answer':
      return [
        `Respuesta oficial de la Agencia Nacional de Minería a su pregunta ${message.trackingCode}:`,
        `«${quoted(message.question)}»`,
        message.answer.trim(),
        `También puede leerla aquí: ${message.pageUrl}`,
      ].join('\n\n');
    case 'extension-notice':
      return [
        `Sobre su pregunta ${message.trackingCode}: necesitamos más tiempo para responderle bien.`,
        `Motivo: ${message.reason.trim()}`,
        `Le responderemos a más tardar el ${dateInWords(message.newDueAt)}, como lo permite la Ley 1755 de 2015 (artículo 14).`,
        `Puede ver el estado de su pregunta aquí: ${message.pageUrl}`,
      ].join('\n\n');
    case 'forwarding-notice':
      return [
        `Sobre su pregunta ${message.trackingCode}: el tema no es competencia de la Agencia Nacional de Minería.`,
        `La enviamos a ${message.authority.trim()}, que es la entidad que debe responderle (Ley 1755 de 2015, artículo 21).`,
        `Puede ver el estado de su pregunta aquí: ${message.pageUrl}`,
      ].join('\n\n');
  }
}

export function deliverySubject(message: DeliveryMessage): string {
  switch (message.kind) {
    case 'answer':
      return `Respuesta oficial a su pregunta ${message.trackingCode}`;
    case 'extension-notice':
      return `Su pregunta ${message.trackingCode}: nueva fecha de respuesta`;
    case 'forwarding-notice':
      return `Su pregunta ${message.trackingCode} fue enviada a otra entidad`;
  }
}
