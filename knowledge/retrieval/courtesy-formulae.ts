import { foldText } from '../../kernel/text-folding';

/**
 * Courtesy formulae of a letter or a chat message ("Cordial saludo", "me permito consultar",
 * "Atentamente, Jorge Peña", "mil gracias"): they say nothing about the topic, yet every word of
 * a long formal message dilutes the few that do. Matched on the folded text; the words around
 * them are kept.
 */
const formulae: RegExp[] = [
  /\b(cordial(es)? saludos?|un cordial saludo|reciba(n)? un cordial saludo)\b/g,
  /\b(respetad[oa]s?|apreciad[oa]s?|estimad[oa]s?|senor(es|a)?)( senor(es|as?)?)?( de la)?( agencia nacional de mineria| agencia| anm)?\s*[:,]/g,
  /\b(buen[oa]s?|muy buen[oa]s?) (dias|tardes|noches)\b/g,
  /\b(de manera|de forma|muy) (atenta|respetuosa)(mente)?\b/g,
  /\b(respetuosamente|comedidamente|amablemente)\b/g,
  /\bme permito( (consultar|solicitar|preguntar|informar|escribir(les)?))?\b/g,
  /\b(agradezco|agradeceria|agradecemos)( de antemano)?( (su|la|sus) (atencion|respuesta|ayuda|colaboracion|tiempo))?\b/g,
  /\b(muchas|mil|muchisimas) gracias\b/g,
  /\bquedo atent[oa]( a (su|sus) (respuesta|comentarios))?\b/g,
  /\bdios (l[oe]s?|me l[oe]s?) (pague|bendiga)\b/g,
  // A closing at the end and the name signed after it: "… Atentamente, Jorge Peña."
  /([.?!,;]\s*)(atentamente|cordialmente)\b[^?!¿]{0,60}$/g,
];

/** The text without its courtesy formulae, folded (lower case, no accents). */
export function withoutCourtesyFormulae(text: string): string {
  let stripped = foldText(text);
  for (const formula of formulae) stripped = stripped.replace(formula, ' ');
  return stripped;
}
