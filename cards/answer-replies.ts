import { answerParagraphs, type KnowledgeEntry } from '../knowledge/entry';
import type { Reply } from './reply';

export function entryReply(entry: KnowledgeEntry): Reply {
  return {
    title: entry.title,
    paragraphs: answerParagraphs(entry),
    source: entry.source,
  };
}

export const noneOfTheseLabel = 'Ninguna';

export function clarifyReply(options: KnowledgeEntry[]): Reply {
  return {
    paragraphs: ['No estoy seguro de haber entendido. ¿Se refiere a alguna de estas preguntas?'],
    choices: options.map((option) => option.title),
    suggestions: [noneOfTheseLabel],
  };
}

export function notKnownReply(): Reply {
  return {
    paragraphs: [
      'No tengo una respuesta segura para esa pregunta, y prefiero no darle una respuesta equivocada.',
    ],
  };
}

export function outOfScopeReply(): Reply {
  return {
    paragraphs: [
      'Solo puedo ayudarle con temas de la Agencia Nacional de Minería: minería, títulos mineros, regalías, minería legal y rendición de cuentas.',
      'Si su pregunta es sobre la ANM, escríbala de otra forma o escriba "registrar pregunta".',
    ],
    suggestions: ['Ayuda', 'Registrar pregunta'],
  };
}
