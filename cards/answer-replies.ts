import { answerParagraphs, type KnowledgeEntry } from '../knowledge/entry';
import type { NotKnownReason } from '../knowledge/retrieval/answer-decision';
import type { Reply } from './reply';

export const otherTopicsQuestion = '¿Buscaba otra cosa? Estas preguntas se parecen a la suya:';

/**
 * An entry's answer. Close entries the question may have meant are offered below it, so that
 * the bot can answer at once instead of asking "¿Se refiere a…?".
 */
export function entryReply(entry: KnowledgeEntry, alternatives: KnowledgeEntry[] = []): Reply {
  return {
    title: entry.title,
    paragraphs: [
      ...answerParagraphs(entry),
      ...(alternatives.length > 0 ? [otherTopicsQuestion] : []),
    ],
    sources: [entry.source],
    ...(alternatives.length > 0 && { choices: alternatives.map((other) => other.title) }),
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

/** What the bot says when it cannot answer, with its reason where there is one to tell. */
export function notKnownReply(reason?: NotKnownReason): Reply {
  if (reason === 'own-case')
    return {
      paragraphs: [
        'Su caso lo debe revisar una persona de la ANM. Desde este chat no puedo ver expedientes ni trámites.',
      ],
    };
  if (reason === 'price')
    return {
      paragraphs: [
        'No tengo ese valor. Los costos dependen de cada caso y pueden cambiar. Prefiero no darle una cifra equivocada.',
      ],
    };
  if (reason === 'time')
    return {
      paragraphs: [
        'No tengo esa fecha ni esa hora. Pueden cambiar, y prefiero no darle un dato equivocado.',
      ],
    };
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
