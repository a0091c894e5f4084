import { foldText, simplifyText } from '../../kernel/text-folding';
import { readablePart } from '../../knowledge/retrieval/text-bounds';
import { wordList } from './word-list';

import type { SmallTalkIntent } from '../../cards/small-talk-replies';

export type { SmallTalkIntent };

const patterns: [SmallTalkIntent, RegExp][] = [
  [
    'help',
    /^(ayuda|help|menu|opciones|inicio|que (puedes|puede|sabes|sabe) hacer|en que (me )?(puedes|puede) ayudar|como funciona(s)?( esto| este bot)?|que (preguntas|temas) (puedo|se pueden) (hacer|preguntar))$/,
  ],
  [
    'thanks',
    /^(muchas |mil |muchisimas )?(gracias|grax|thanks|te agradezco|le agradezco|muy amable|ok gracias|listo gracias|vale gracias)( (doctor|doctora|senorita|senora|senor|mija|mijo|sumerce|joven))?( (muy amable|por (la|su|tu) (ayuda|informacion|respuesta|atencion)))?( (que )?dios (le|lo|la|los|les|te) (pague|bendiga))?$/,
  ],
  [
    'goodbye',
    /^(chao|chau|adios|hasta luego|hasta pronto|bye|nos vemos|me voy|eso es todo|nada mas)$/,
  ],
  [
    'greeting',
    /^(hola|holi|ola|buenas|buen dia|buenos dias|buenas tardes|buenas noches|saludos|hey|que tal|alo|sigo aqui|sigo aca|aqui estoy|aca estoy|estas ahi|esta ahi|hay alguien( ahi)?)( que tal| como (esta|estas|le va))?$/,
  ],
];

/** Folded, without punctuation or repeated spaces: "¡Hola!!" → "hola". */
function simplify(text: string): string {
  return simplifyText(readablePart(text));
}

const contactVerbs = new Set([
  'hablar',
  'comunicar',
  'comunicarme',
  'contactar',
  'pasar',
  'pasarme',
  'chatear',
]);
const someone = new Set([
  'persona',
  'humano',
  'asesor',
  'asesora',
  'funcionario',
  'funcionaria',
  'agente',
  'alguien',
]);
const agentWords = new Set(['asesor', 'asesora', 'agente', 'humano', 'operador', 'operadora']);

/**
 * "quiero hablar con una persona", "me pasa con un asesor", or a message ending in "asesor". Read
 * on the list of words (see word-list.ts): as `hablar.*persona` it backtracked on long messages.
 */
function asksForHuman(simple: string): boolean {
  const words = wordList(simple);
  if (asksForChannels(words)) return false;
  if (agentWords.has(simple.slice(simple.lastIndexOf(' ') + 1))) return true;
  const verb = words.findIndex((word) => contactVerbs.has(word));
  return verb >= 0 && words.some((word, index) => index > verb && someone.has(word));
}

/** A phone, an address, an e-mail: what the knowledge base's entry on contacting the ANM lists. */
const channelWords = new Set([
  'telefono',
  'telefonos',
  'numero',
  'whatsapp',
  'celular',
  'correo',
  'email',
  'linea',
  'direccion',
  'oficina',
  'oficinas',
  'sede',
  'sedes',
]);
const howWords = new Set(['como', 'donde']);

/**
 * "¿Cómo me comunico con ustedes? Necesito hablar con alguien", "¿hay un número para hablar con
 * una persona?": a question about how to reach the agency, which the knowledge base answers, not a
 * request to be handed over in this chat.
 */
function asksForChannels(words: readonly string[]): boolean {
  if (words.some((word) => channelWords.has(word))) return true;
  const verb = words.findIndex((word) => contactVerbs.has(word) || word === 'comunico');
  return verb > 0 && words.slice(0, verb).some((word) => howWords.has(word));
}

/** The small-talk intent of a whole message, or undefined when it is (also) something else. */
export function smallTalkIntent(text: string): SmallTalkIntent | undefined {
  const simple = simplify(text);
  if (asksForHuman(simple)) return 'human';
  // Anchored at both ends, these match only short phrases: they cannot backtrack far.
  for (const [intent, pattern] of patterns) if (pattern.test(simple)) return intent;
  return undefined;
}

// Sticky: matched where the previous greeting ended, over the text folded once.
const leadingGreeting =
  /(hola|holi|ola|buenas tardes|buenas noches|buenas|buen dia|buenos dias|saludos|hey)\b[\s,.:;!¡]*/y;

/** "Hola, ¿qué es el canon?" → "¿qué es el canon?": a greeting in front of a question. */
export function withoutLeadingGreeting(text: string): string {
  // Folding keeps the length of NFC text (one letter stays one letter), so indexes carry over.
  const normalized = readablePart(text).normalize('NFC');
  const folded = foldText(normalized);
  let start = 0;
  leadingGreeting.lastIndex = 0;
  while (leadingGreeting.exec(folded)) start = leadingGreeting.lastIndex;
  return normalized.slice(start).trim();
}
