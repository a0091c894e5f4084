import { findTrackingCodeText } from '../../models/tracking-code';
import { foldText } from '../../knowledge/retrieval/spanish-analyzer';

/** What a citizen can ask the bot to do with their questions and data. */
export type Command =
  | { kind: 'my-questions' }
  | { kind: 'status'; codeText: string }
  | { kind: 'withdraw'; codeText: string | undefined }
  | { kind: 'erase-data' }
  | { kind: 'register' }
  /** Receive in this chat the answer of a question registered anonymously (e.g. a live comment). */
  | { kind: 'subscribe'; codeText: string | undefined };

function simplify(text: string): string {
  return foldText(text)
    .replace(/[^a-z0-9 -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const myQuestions =
  /^(ver |consultar |revisar |como van |estado de )?(mis|las) (preguntas|consultas|solicitudes|peticiones)( registradas)?$/;
const eraseData =
  /\b(borr\w*|elimin\w*|supri\w*|quit\w*|olvid\w*)\b.*\b(mis datos|datos personales|mi informacion|mis datos personales)\b|^revocar( la| mi)? autorizacion$/;
const withdraw =
  /\b(retir\w*|cancel\w*|elimin\w*|borr\w*|anul\w*)\b.*\b(pregunta|consulta|solicitud|peticion)\b/;
const register =
  /^(quiero |deseo |me gustaria |necesito |puedo |como )?(registrar|radicar|dejar|enviar)( una| mi)? (pregunta|consulta|peticion)$/;
const subscribeWithCode =
  /\b(recib\w*|envi\w*|mand\w*|llegu\w*|avis\w*|notifi\w*)\b.*\brespuesta\b|\b(avisenme|avisarme|notifiquenme|notificarme)\b/;
const subscribeAlone =
  /^(quiero |deseo |me gustaria )?recibir (la |mi )?respuesta( aqui| por aqui| en este chat| por este chat)?$/;
const status = /\b(estado|como va|seguimiento|consultar|averiguar|que paso con)\b/;

/** The command a message asks for, or undefined when it is a question or something else. */
export function parseCommand(text: string): Command | undefined {
  const simple = simplify(text);
  const codeText = findTrackingCodeText(simple);
  if (eraseData.test(simple)) return { kind: 'erase-data' };
  if (
    withdraw.test(simple) &&
    (codeText !== undefined || /\bmi (pregunta|consulta|solicitud|peticion)\b/.test(simple))
  ) {
    return { kind: 'withdraw', codeText };
  }
  if (codeText !== undefined ? subscribeWithCode.test(simple) : subscribeAlone.test(simple)) {
    return { kind: 'subscribe', codeText };
  }
  if (myQuestions.test(simple)) return { kind: 'my-questions' };
  if (register.test(simple)) return { kind: 'register' };
  if (
    codeText !== undefined &&
    (status.test(simple) || simple.replace(/[\s-]/g, '').length <= 12)
  ) {
    return { kind: 'status', codeText };
  }
  return undefined;
}
