import { answerParagraphs, type KnowledgeEntry } from '../knowledge/entry';
import type { Reply } from './reply';

export function entryReply(entry: KnowledgeEntry): Reply {
  return {
    title: entry.title,
    paragraphs: answerParagraphs(entry),
    sources: [entry.source],
  };
}

/** An answer the model wrote from knowledge-base entries, with the sources of those it cited. */
export function composedReply(paragraphs: string[], cited: KnowledgeEntry[]): Reply {
  const sources = cited
    .map((entry) => entry.source)
    .filter(
      (source, index, all) => all.findIndex((other) => other.label === source.label) === index,
    );
  return {
    paragraphs,
    sources,
    note: 'Respuesta redactada con ayuda de inteligencia artificial a partir de la información oficial de la ANM.',
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
