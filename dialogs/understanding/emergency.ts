import { monthNames } from '../../legal-terms/legal-terms';
import { spellAsSpoken, words } from '../../knowledge/retrieval/spanish-analyzer';

/**
 * Recognises a message that reports an emergency happening now: a collapse, people trapped, an
 * explosion, fire or gas in a mine, a flood, an injured miner, a threat to someone's life. Such a
 * message gets the emergency line before anything else, never a registration offer.
 *
 * Questions *about* mine safety ("¿cómo se previenen los derrumbes?", "¿qué hacer en caso de gas?",
 * "¿cuántos accidentes hubo?") are not alarms: they are answered from the knowledge base. The
 * test is word based (folded, spelled as spoken, each word capped), so it costs one pass over at
 * most `maxWordsRead` words whatever was typed.
 */

const maxWordsRead = 120;

/** Words that tell of a death; alone, with a relative and a title, they tell of an inheritance. */
const deathWords = ['murio', 'murieron'];
const deathPrefixes = ['muert', 'fayesi'];
/** "se cayó": a collapse, or a website down ("AnnA Minería se cayó"). */
const fallWords = ['cayo', 'cayeron', 'cayendo'];

/** Word beginnings, as spelled by `spellAsSpoken` ("explocion" → "explosion", "socavon" → "socabon"). */
const eventPrefixes = [
  ...deathPrefixes,
  'derrumb',
  'derumb',
  'desrumb',
  'colaps',
  'desplom',
  'explosion',
  'esplosion',
  'estayid',
  'insendi',
  'atrapad',
  'atrapa',
  'enterrad',
  'enterad',
  'sepultad',
  'soterrad',
  'inund',
  'erid', // "herido" once the silent h is dropped
  'accident',
  'acsident',
  'asident',
  'desmay',
  'intoxic',
  'intosic',
  'asfixi',
  'inconsient',
  'inconssient',
];
/** Whole words that report an event; as prefixes they would catch "explotación" or "caída". */
const eventWords = new Set([
  'exploto',
  'esploto',
  'estayo',
  ...deathWords,
  ...fallWords,
  'fuego',
  'umo',
  'aogado',
  'aogados',
  'aogando',
]);
const gasWords = new Set(['gas', 'gases', 'grisu', 'metano', 'monoxido']);
const gasDangerPrefixes = ['olor', 'fuga', 'escape', 'mare', 'desmay', 'asfixi', 'aog', 'intoxic'];
const mineWords = new Set([
  'mina',
  'minas',
  'socabon',
  'socabones',
  'tunel',
  'tuneles',
  'pique',
  'minero',
  'mineros',
  'galeria',
  'bocamina',
  'frente',
  'carbon',
  'mineria',
]);
const insideWords = new Set(['adentro', 'dentro', 'encerrados', 'encerrado']);
const presentMarkers = new Set([
  'hay',
  'esta',
  'estan',
  'quedo',
  'quedaron',
  'sigue',
  'siguen',
  'salen',
  'sale',
  'contestan',
  'responde',
  'responden',
  'muebe',
  'aora',
  'ya',
]);
const urgentWords = new Set([
  'auxilio',
  'socorro',
  'sos',
  'urgente',
  'urgensia',
  'emergensia',
  'rescate',
  'ayudenos',
  'ayudennos',
  'ayudeme',
  'ayudenme',
]);
const threatPrefixes = ['matar', 'mataron', 'asesin', 'amenasaron', 'amenasan', 'amenasad'];
/** Signs that the message asks about safety in general, or tells of something long past. */
const informationalWords = new Set([
  'prebenir',
  'prebiene',
  'prebienen',
  'normas',
  'norma',
  'reglamento',
  'decreto',
  'ley',
  'cuantos',
  'cuantas',
  'estadisticas',
  'obligasion',
  'requisitos',
  'reporta',
  'reportar',
  'bigila',
  'capasitasion',
]);
const pastSpans = new Set(['anos', 'ano', 'meses', 'mes', 'semanas', 'semana']);
const relatives = new Set([
  'papa',
  'mama',
  'padre',
  'madre',
  'abuelo',
  'abuela',
  'esposo',
  'esposa',
  'ermano',
  'ermana',
  'tio',
  'tia',
  'suegro',
  'suegra',
]);
/** "título", "titular", "heredar", "herencia", "sucesión", "vigente" spelled as spoken. */
const titlePrefixes = ['titul', 'ered', 'erensi', 'susesi', 'bigent'];
/** "AnnA Minería se cayó", "la página se cayó": a website down, not a collapse. */
const websiteWords = new Set([
  'pagina',
  'plataforma',
  'internet',
  'web',
  'app',
  'aplicasion',
  'link',
  'anamineria',
  'serbidor',
]);
const months = new Set([...monthNames, 'setiembre'].map(spellAsSpoken));

function startsWithAny(word: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => word.startsWith(prefix));
}

/** "ayudaaaa" → "ayuda", "urgenteeee" → "urgente": a run of one letter counts once. */
function withoutLetterRuns(word: string): string {
  let collapsed = '';
  for (const letter of word) if (!collapsed.endsWith(letter)) collapsed += letter;
  return collapsed;
}

interface Signals {
  event: boolean;
  gasDanger: boolean;
  mine: boolean;
  inside: boolean;
  present: boolean;
  urgent: boolean;
  help: boolean;
  /** "por favor": a plea in a report, mere politeness in a question. */
  please: boolean;
  threat: boolean;
  informational: boolean;
}

function signalsOf(text: string): Signals {
  const spoken = words(text, maxWordsRead).map((word) => spellAsSpoken(withoutLetterRuns(word)));
  const signals: Signals = {
    event: false,
    gasDanger: false,
    mine: false,
    inside: false,
    present: false,
    urgent: false,
    help: false,
    please: false,
    threat: false,
    informational: false,
  };
  let gas = false;
  let gasDangerWord = false;
  // Which kinds of event words were read: a death or a fall alone can mean something else.
  let death = false;
  let fall = false;
  let otherEvent = false;
  let relative = false;
  let title = false;
  let website = false;
  for (const [index, word] of spoken.entries()) {
    const next = spoken[index + 1] ?? '';
    const previous = spoken[index - 1] ?? '';
    if (eventWords.has(word) || startsWithAny(word, eventPrefixes)) {
      if (deathWords.includes(word) || startsWithAny(word, deathPrefixes)) death = true;
      else if (fallWords.includes(word)) fall = true;
      else otherEvent = true;
    }
    if (relatives.has(word)) relative = true;
    if (startsWithAny(word, titlePrefixes)) title = true;
    // Letter runs are collapsed: "AnnA Minería" reads "ana mineria".
    if (websiteWords.has(word) || (word === 'ana' && next === 'mineria')) website = true;
    // "se vino la mina encima", "se metió el agua": collapses and floods told in plain words.
    const beforePrevious = spoken[index - 2] ?? '';
    const recent = spoken.slice(Math.max(0, index - 4), index);
    if (
      (word === 'ensima' && (recent.includes('bino') || recent.includes('cayo'))) ||
      (word === 'agua' && [previous, beforePrevious].includes('metio'))
    )
      otherEvent = true;
    if (gasWords.has(word)) gas = true;
    if (startsWithAny(word, gasDangerPrefixes)) gasDangerWord = true;
    if (mineWords.has(word)) signals.mine = true;
    if (insideWords.has(word)) signals.inside = true;
    if (presentMarkers.has(word)) signals.present = true;
    if (urgentWords.has(word)) signals.urgent = true;
    if (word.startsWith('ayud')) signals.help = true;
    if (word === 'porfabor' || (word === 'fabor' && previous === 'por')) signals.please = true;
    if (word === 'que' && (next === 'ago' || next === 'asemos' || next === 'acemos'))
      signals.help = true;
    if (startsWithAny(word, threatPrefixes)) signals.threat = true;
    if (informationalWords.has(word)) signals.informational = true;
    // "en caso de…", "si hay un…", "cuando hay un…": a question about what is done, not a report.
    if (
      (word === 'caso' && previous === 'en') ||
      ((word === 'si' || word === 'cuando') && next === 'ay')
    )
      signals.informational = true;
    // "hace dos años…", "murió en diciembre": a story about the past, not "hace diez minutos".
    if (pastSpans.has(word) && recent.slice(-3).includes('ase')) signals.informational = true;
    // "el mes pasado", "la semana pasada"
    if (pastSpans.has(word) && (next === 'pasado' || next === 'pasada'))
      signals.informational = true;
    if (months.has(word) && previous === 'en') signals.informational = true;
  }
  signals.gasDanger = gas && gasDangerWord;
  signals.event = otherEvent || death || (fall && !website);
  // "mi papá era el titular y se murió, ¿qué pasa con el título?": an inheritance, not an alarm.
  if (death && !otherEvent && relative && title) signals.informational = true;
  return signals;
}

/** True when the message reports an emergency that is happening now. */
export function isEmergencyReport(text: string): boolean {
  const signals = signalsOf(text);
  if (signals.threat && (signals.help || signals.please || signals.urgent || signals.mine))
    return true;
  const report =
    (signals.event &&
      (signals.mine ||
        signals.inside ||
        signals.present ||
        signals.urgent ||
        signals.help ||
        signals.please)) ||
    signals.gasDanger ||
    (signals.inside && signals.mine && signals.present);
  if (!report) return signals.urgent && signals.mine && signals.inside;
  // A cry for help beats a word that looks informational ("¿a quién reporto? ¡auxilio!"); a
  // "por favor" does not ("¿qué hacen cuando hay un accidente en una mina? por favor").
  if (signals.urgent || signals.help) return true;
  return !signals.informational;
}
