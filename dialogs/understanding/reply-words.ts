import { simplifyText } from '../../kernel/text-folding';
import { readablePart } from '../../knowledge/retrieval/text-bounds';

/**
 * The short answers a citizen types (or a button sends) inside a flow. Every button label of the
 * flows is one of these words, so typing a label always does what clicking it does.
 */
export type ReplyWord = 'yes' | 'no' | 'accept' | 'decline' | 'skip' | 'cancel';

const vocabulary: [ReplyWord, string[]][] = [
  [
    'decline',
    ['no acepto', 'no autorizo', 'no estoy de acuerdo', 'no doy autorizacion', 'rechazo'],
  ],
  [
    'accept',
    [
      'acepto',
      'si acepto',
      'autorizo',
      'si autorizo',
      'de acuerdo',
      'estoy de acuerdo',
      'doy mi autorizacion',
    ],
  ],
  [
    'skip',
    [
      'omitir',
      'omito',
      'saltar',
      'paso',
      'prefiero no',
      'no quiero',
      'ninguno',
      'sin nombre',
      'sin correo',
      'no tengo',
    ],
  ],
  [
    'cancel',
    ['cancelar', 'cancela', 'cancelo', 'salir', 'detener', 'terminar', 'olvidalo', 'dejalo asi'],
  ],
  [
    'yes',
    [
      'si',
      's',
      'claro',
      'ok',
      'okay',
      'dale',
      'de una',
      'listo',
      'bueno',
      'si por favor',
      'por favor',
      'afirmativo',
      'vale',
      'hagale',
      'si claro',
      'correcto',
      'si quiero',
    ],
  ],
  ['no', ['no', 'n', 'no gracias', 'nop', 'nel', 'para nada', 'negativo', 'mejor no', 'ahora no']],
];

function simplify(text: string): string {
  return simplifyText(readablePart(text));
}

const lookup = new Map<string, ReplyWord>();
for (const [word, phrases] of vocabulary) for (const phrase of phrases) lookup.set(phrase, word);

/** The reply word a whole message means, or undefined when it says something else. */
export function replyWord(text: string): ReplyWord | undefined {
  return lookup.get(simplify(text));
}

/** The button labels of the flows, as shown to citizens. */
export const replyLabels = {
  yes: 'Sí',
  no: 'No',
  accept: 'Acepto',
  decline: 'No acepto',
  skip: 'Omitir',
  cancel: 'Cancelar',
} as const satisfies Record<ReplyWord, string>;
