import type { Reply } from './reply';

/** The first thing a citizen reads: what the bot does, what it does with questions, and privacy. */
export function welcomeReply(): Reply {
  return {
    title: 'Hola, soy el asistente virtual de la Agencia Nacional de Minería (ANM)',
    paragraphs: [
      'Respondo preguntas sobre la ANM, los títulos mineros, las regalías y la rendición de cuentas.',
      'Si no sé una respuesta, puedo registrar su pregunta. Así la ANM le responde por escrito.',
      'Solo guardamos sus datos personales si usted lo autoriza, como manda la Ley 1581 de 2012. Puede pedir que los borremos cuando quiera.',
      'Escriba su pregunta con sus propias palabras.',
    ],
    suggestions: ['¿Qué es la ANM?', 'Ayuda'],
  };
}
