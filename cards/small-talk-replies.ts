import type { Reply } from './reply';

/** The small talk the bot recognises, each with its own short reply. */
export type SmallTalkIntent = 'greeting' | 'thanks' | 'help' | 'human' | 'goodbye';

const examples = ['¿Qué es la ANM?', 'Registrar pregunta', 'Mis preguntas'];

export function smallTalkReply(intent: SmallTalkIntent): Reply {
  switch (intent) {
    case 'greeting':
      return {
        paragraphs: [
          '¡Hola! ¿En qué le puedo ayudar? Escriba su pregunta sobre la ANM, la minería o la rendición de cuentas.',
        ],
        suggestions: ['¿Qué es la ANM?', 'Ayuda'],
      };
    case 'thanks':
      return { paragraphs: ['Con gusto. Si tiene otra pregunta, escríbala cuando quiera.'] };
    case 'goodbye':
      return { paragraphs: ['Hasta pronto. Aquí estaré si necesita algo más.'] };
    case 'human':
      return {
        paragraphs: [
          'En este chat no puedo pasarle a una persona.',
          'Puedo registrar su pregunta para que una persona de la ANM la responda por escrito. Escriba "registrar pregunta".',
          'También puede escribir a la ANM por el canal de PQRSD en www.anm.gov.co.',
        ],
        suggestions: ['Registrar pregunta'],
      };
    case 'help':
      return {
        title: '¿En qué le puedo ayudar?',
        paragraphs: [
          'Respondo preguntas sobre la ANM, los títulos mineros, las regalías, la minería legal y la rendición de cuentas. Escríbalas con sus propias palabras.',
          'También puede escribir:',
        ],
        facts: [
          { title: 'registrar pregunta', value: 'para que la ANM le responda por escrito' },
          { title: 'mis preguntas', value: 'para ver las preguntas que registró' },
          { title: 'estado ANM-…', value: 'para saber cómo va una pregunta' },
          { title: 'retirar ANM-…', value: 'para retirar una pregunta suya' },
          { title: 'borrar mis datos', value: 'para que borremos sus datos personales' },
        ],
        suggestions: examples,
      };
  }
}

export function cancelledReply(): Reply {
  return { paragraphs: ['Listo, cancelé. No guardamos nada de lo que escribió en ese paso.'] };
}
