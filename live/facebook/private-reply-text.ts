import { emergencyReply } from '../../cards/emergency-replies';

/** The private reply a Facebook Live comment gets in Messenger (plain text: no cards there). */
export function privateReplyText(
  trackingCode: string,
  dueDateInWords: string,
  options: { emergency?: boolean } = {},
): string {
  const emergency = options.emergency ? [emergencyText()] : [];
  return [
    ...emergency,
    'Hola. Recibimos su pregunta en la transmisión de la Agencia Nacional de Minería (ANM).',
    `Su código es ${trackingCode}. La ANM le responderá a más tardar ${dueDateInWords}.`,
    `Para saber cómo va, escriba aquí: estado ${trackingCode}`,
    `Si quiere recibir la respuesta en este chat, escriba: recibir respuesta ${trackingCode}`,
  ].join('\n\n');
}

/** The emergency reply first, in Messenger's plain text. */
function emergencyText(): string {
  const reply = emergencyReply();
  return [reply.title, ...reply.paragraphs].join('\n\n');
}
