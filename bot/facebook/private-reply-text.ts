/** The private reply a Facebook Live comment gets in Messenger (plain text: no cards there). */
export function privateReplyText(trackingCode: string, dueDateInWords: string): string {
  return [
    'Hola. Recibimos su pregunta en la transmisión de la Agencia Nacional de Minería (ANM).',
    `Su código es ${trackingCode}. La ANM le responderá a más tardar ${dueDateInWords}.`,
    `Para saber cómo va, escriba aquí: estado ${trackingCode}`,
    `Si quiere recibir la respuesta en este chat, escriba: recibir respuesta ${trackingCode}`,
  ].join('\n\n');
}
