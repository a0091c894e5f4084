import { findTrackingCodeText } from '../../models/tracking-code';
import { simplifyText } from '../../kernel/text-folding';
import { readablePart } from '../../knowledge/retrieval/text-bounds';
import {
  containsPhrase,
  endsWithPhrase,
  firstWordStartingWith,
  phrases,
  wordList,
  type Phrase,
} from './word-list';

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
  return simplifyText(readablePart(text), { keepHyphens: true });
}

const myQuestions =
  /^(ver |consultar |revisar |como van |estado de )?(mis|las) (preguntas|consultas|solicitudes|peticiones)( registradas)?$/;
const register =
  /^(quiero |deseo |me gustaria |necesito |puedo |como )?(registrar|radicar|dejar|enviar)( una| mi)? (pregunta|consulta|peticion)$/;
const subscribeAlone =
  /^(quiero |deseo |me gustaria )?recibir (la |mi )?respuesta( aqui| por aqui| en este chat| por este chat)?$/;

// "A verb, then later an object" is read on the list of words (see word-list.ts): the expressions
// above are anchored at both ends and match only short phrases, so they cannot backtrack far.
// "supres" is Ley 1581's own word for erasure: "solicito la supresión de mis datos".
const eraseVerbs = ['borr', 'elimin', 'supri', 'supres', 'quit', 'olvid'];
const personalData = phrases(
  'mis datos',
  'datos personales',
  'mi informacion',
  'mis datos personales',
  'informacion personal',
);
/** "…toda la información que tienen sobre mí": the data, named by whom it is about. */
const aboutMe = phrases('sobre mi', 'de mi persona');
const revokeConsent = new Set([
  'revocar autorizacion',
  'revocar la autorizacion',
  'revocar mi autorizacion',
]);
const withdrawVerbs = ['retir', 'cancel', 'elimin', 'borr', 'anul'];
const questionWords = phrases('pregunta', 'consulta', 'solicitud', 'peticion');
const myQuestion = phrases('mi pregunta', 'mi consulta', 'mi solicitud', 'mi peticion');
const deliveryVerbs = ['recib', 'envi', 'mand', 'llegu', 'avis', 'notifi'];
const notifyMe = phrases('avisenme', 'avisarme', 'notifiquenme', 'notificarme');
const statusWords = phrases(
  'estado',
  'como va',
  'seguimiento',
  'consultar',
  'averiguar',
  'que paso con',
);

/** A verb starting with one of the prefixes, and later one of the phrases. */
function verbThenPhrase(
  words: readonly string[],
  verbPrefixes: readonly string[],
  objects: readonly Phrase[],
): boolean {
  const verb = firstWordStartingWith(words, verbPrefixes);
  return verb >= 0 && containsPhrase(words, objects, verb + 1);
}

/**
 * An erasure verb, then "información" or "datos", then the message ends with "sobre mí": what a
 * formal request says ("…la supresión de toda la información que este canal haya almacenado
 * sobre mí"). Only at the end, so that "quitar la multa sobre mi título" stays a question.
 */
function verbThenDataAboutMe(words: readonly string[]): boolean {
  const verb = firstWordStartingWith(words, eraseVerbs);
  return (
    verb >= 0 &&
    words.some((word, index) => index > verb && (word === 'informacion' || word === 'datos')) &&
    endsWithPhrase(words, aboutMe)
  );
}

/** The command a message asks for, or undefined when it is a question or something else. */
export function parseCommand(text: string): Command | undefined {
  const simple = simplify(text);
  const words = wordList(simple);
  const codeText = findTrackingCodeText(simple);
  if (
    revokeConsent.has(simple) ||
    verbThenPhrase(words, eraseVerbs, personalData) ||
    verbThenDataAboutMe(words)
  ) {
    return { kind: 'erase-data' };
  }
  if (
    verbThenPhrase(words, withdrawVerbs, questionWords) &&
    (codeText !== undefined || containsPhrase(words, myQuestion))
  ) {
    return { kind: 'withdraw', codeText };
  }
  const subscribes =
    codeText !== undefined
      ? verbThenPhrase(words, deliveryVerbs, phrases('respuesta')) ||
        containsPhrase(words, notifyMe)
      : subscribeAlone.test(simple);
  if (subscribes) return { kind: 'subscribe', codeText };
  if (myQuestions.test(simple)) return { kind: 'my-questions' };
  if (register.test(simple)) return { kind: 'register' };
  if (
    codeText !== undefined &&
    (containsPhrase(words, statusWords) || simple.replace(/[\s-]/g, '').length <= 12)
  ) {
    return { kind: 'status', codeText };
  }
  return undefined;
}
