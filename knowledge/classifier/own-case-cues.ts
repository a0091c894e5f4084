/**
 * Signs that a message is about the writer's own case, which a person must look at, rather than
 * a general question the knowledge base answers: "¿en qué va mi solicitud?", "ya pagué y me sigue
 * saliendo la deuda", "radiqué hace tres meses". A general question can use "mi" too ("¿cómo
 * renuncio a mi título?"), so each cue is a feature the classifier weighs, never a rule.
 *
 * Matched on words as `words()` gives them: folded, no punctuation.
 */
const cues: [name: string, pattern: RegExp][] = [
  // Asking how far a case has got.
  [
    'status',
    /\b(en que va|como va|que paso con|en que estado|el estado de|ya (salio|aprobaron|respondieron|contestaron|resolvieron)|todavia no|aun no|no me (han|ha)|sigue sin|sigue en|nadie me)\b/,
  ],
  // Something the writer already did: "radiqué", "pagué", "mandé", "ya presenté".
  [
    'done',
    /\b(radique|pague|mande|envie|presente|pedi|solicite|entregue|puse|hice|ya (radique|pague|mande|envie|presente|pedi|solicite|entregue|tengo))\b/,
  ],
  // Something done to the writer: "me cobraron", "me negaron", "me llegó".
  [
    'done-to-me',
    /\b(me|nos) (cobraron|cobran|negaron|niegan|rechazaron|quitaron|multaron|llego|llegaron|notificaron|archivaron|dijeron|pidieron|siguen|sigue)\b/,
  ],
  // A request to look at one case: "revisen mi caso", "me pueden revisar".
  [
    'review-mine',
    /\b(revisen|reviseme|revisar|revisan|verifiquen|me pueden (revisar|decir|confirmar|informar)|me confirman|me dicen)\b/,
  ],
  // Time passing on a case: "hace tres meses", "lleva un año".
  [
    'waiting',
    /\b(hace|lleva|llevo|llevamos|van|desde hace) (un|una|dos|tres|cuatro|cinco|seis|varios|varias|muchos|\d+) (dia|dias|semana|semanas|mes|meses|ano|anos)\b/,
  ],
  // A case's number: a radicado or placa ("20231100456789", "501234", "OG2-1234"). A law or a year
  // written as citizens usually do ("ley 1755", "2015") has four digits at most and is not one; a
  // law glued to its word ("ley1755") is. Words are short (`words()` bounds them), so this cannot
  // run long.
  ['case-number', /\b(\d{5,}|[a-z]+\d[a-z\d]*)\b/],
];

/** The names of the own-case cues a message shows, as classifier features ("x:status"…). */
export function ownCaseCues(foldedWords: string[]): string[] {
  const text = ` ${foldedWords.join(' ')} `;
  return cues.filter(([, pattern]) => pattern.test(text)).map(([name]) => `x:${name}`);
}
