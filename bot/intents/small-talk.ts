import { foldText } from '../../knowledge/retrieval/spanish-analyzer';

export type SmallTalkIntent = 'greeting' | 'thanks' | 'help' | 'human' | 'goodbye';

const patterns: [SmallTalkIntent, RegExp][] = [
  [
    'human',
    /\b(hablar|comunicar(me)?|contactar|pasar(me)?|chatear)\b.*\b(persona|humano|asesor[a]?|funcionari[oa]|agente|alguien)\b|\b(asesor[a]?|agente|humano|operador[a]?)\b$/,
  ],
  [
    'help',
    /^(ayuda|help|menu|opciones|inicio|que (puedes|puede|sabes|sabe) hacer|en que (me )?(puedes|puede) ayudar|como funciona(s)?( esto| este bot)?|que (preguntas|temas) (puedo|se pueden) (hacer|preguntar))$/,
  ],
  [
    'thanks',
    /^(muchas |mil |muchisimas )?(gracias|grax|thanks|te agradezco|le agradezco|muy amable|ok gracias|listo gracias|vale gracias)( (muy amable|por (la|su|tu) (ayuda|informacion|respuesta)))?$/,
  ],
  [
    'goodbye',
    /^(chao|chau|adios|hasta luego|hasta pronto|bye|nos vemos|me voy|eso es todo|nada mas)$/,
  ],
  [
    'greeting',
    /^(hola|holi|ola|buenas|buen dia|buenos dias|buenas tardes|buenas noches|saludos|hey|que tal|alo)( que tal| como (esta|estas|le va))?$/,
  ],
];

/** Folded, without punctuation or repeated spaces: "¡Hola!!" → "hola". */
function simplify(text: string): string {
  return foldText(text)
    .replace(/[^a-z0-9ñ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The small-talk intent of a whole message, or undefined when it is (also) something else. */
export function smallTalkIntent(text: string): SmallTalkIntent | undefined {
  const simple = simplify(text);
  for (const [intent, pattern] of patterns) if (pattern.test(simple)) return intent;
  return undefined;
}

const leadingGreeting =
  /^(hola|holi|ola|buenas tardes|buenas noches|buenas|buen dia|buenos dias|saludos|hey)\b[\s,.:;!¡]*/;

/** "Hola, ¿qué es el canon?" → "¿qué es el canon?": a greeting in front of a question. */
export function withoutLeadingGreeting(text: string): string {
  // Folding keeps the length of NFC text (one letter stays one letter), so indexes carry over.
  let rest = text.normalize('NFC');
  for (
    let match = leadingGreeting.exec(foldText(rest));
    match;
    match = leadingGreeting.exec(foldText(rest))
  ) {
    rest = rest.slice(match[0].length);
  }
  return rest.trim();
}
