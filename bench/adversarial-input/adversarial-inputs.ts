/**
 * Texts built to hurt a text reader: each one repeats, to the size asked for, the shape that made
 * some pattern backtrack or some loop grow with the square of the text (see bench/README.md).
 */
export interface AdversarialInput {
  name: string;
  /** Which reader it was aimed at, for whoever reads the results. */
  aimedAt: string;
  text: string;
}

/** `unit` repeated until the text has `size` characters (the last copy may be cut). */
function repeated(unit: string, size: number, prefix = '', suffix = ''): string {
  const body = Math.max(size - prefix.length - suffix.length, 0);
  return prefix + unit.repeat(Math.ceil(body / unit.length)).slice(0, body) + suffix;
}

export function adversarialInputs(size: number): AdversarialInput[] {
  return [
    {
      name: '"borrar " repeated',
      aimedAt: 'erase command (verb.*object)',
      text: repeated('borrar ', size),
    },
    {
      name: '"borrar " repeated, then "mis datos"',
      aimedAt: 'erase command (verb.*object)',
      text: repeated('borrar ', size, '', ' mis datos'),
    },
    {
      name: 'command verbs repeated',
      aimedAt: 'withdraw, subscribe, status commands',
      text: repeated('retirar cancelar recibir avisar estado consultar ', size),
    },
    {
      name: '"hablar " repeated',
      aimedAt: 'small talk "human" (verb.*someone)',
      text: repeated('hablar ', size),
    },
    {
      name: '"a" × n (one word)',
      aimedAt: 'typo correction, fuzzy search, stemmer',
      text: 'a'.repeat(size),
    },
    {
      name: 'one long word',
      aimedAt: 'typo correction, fuzzy search, stemmer',
      text: repeated('explotacionminera', size),
    },
    {
      name: 'alternating accents',
      aimedAt: 'folding (NFD, diacritics)',
      text: repeated('áaéeíióoúuñnü', size),
    },
    {
      name: 'combining marks',
      aimedAt: 'folding (NFD, diacritics)',
      text: repeated('a\u0301\u0300\u0302', size),
    },
    {
      name: 'many spaces',
      aimedAt: 'whitespace runs, trimming, cutting',
      text: repeated(' ', size, 'hola', '?'),
    },
    { name: '"¿" × n', aimedAt: 'punctuation runs (question detector)', text: '¿'.repeat(size) },
    { name: 'emoji run', aimedAt: 'surrogate pairs, cutting', text: repeated('😀🇨🇴', size) },
    {
      name: '"hola " repeated',
      aimedAt: 'leading-greeting loop',
      text: repeated('hola, ', size, '', '¿qué es el canon?'),
    },
    {
      name: '"anm" then separators',
      aimedAt: 'tracking-code finder',
      text: repeated('-', size, 'anm'),
    },
    {
      name: '"anm-" repeated',
      aimedAt: 'tracking-code finder',
      text: repeated('anm-7k3m ', size),
    },
    {
      name: '"en " repeated, then a digit',
      aimedAt: 'place words ("en" … end)',
      text: repeated('en ', size, '', '1'),
    },
    {
      name: 'hearing question, long',
      aimedAt: 'place-name matching',
      text: repeated('pitalto guajira san juan del ', size, 'audiencia en '),
    },
    {
      name: '"a." repeated',
      aimedAt: 'e-mail masking (personal data)',
      text: repeated('a.', size),
    },
    {
      name: '"1 " repeated',
      aimedAt: 'long-number masking (personal data)',
      text: repeated('1 ', size, '', 'x'),
    },
    {
      name: '"¿qué? " repeated',
      aimedAt: 'question detector, analyzer',
      text: repeated('¿qué es el canon superficiario? ', size),
    },
  ];
}
