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

/** "ayudaaaa" → "ayuda", "urgenteeee" → "urgente": a run of one letter counts once. */
function withoutLetterRuns(word: string): string {
  let collapsed = '';
  for (const letter of word) if (!collapsed.endsWith(letter)) collapsed += letter;
  return collapsed;
}

/**
 * A word as this check reads it: spelled as spoken first ("callo" → "cayo", "hay" → "ay"), then
 * letter runs collapsed. The word lists below go through the same function, so they are written
 * in plain Spanish and always meet the message's words.
 */
function spokenForm(word: string): string {
  return withoutLetterRuns(spellAsSpoken(word));
}

function spokenSet(list: readonly string[]): Set<string> {
  return new Set(list.flatMap((entry) => words(entry, 1)).map(spokenForm));
}

function spokenList(list: readonly string[]): string[] {
  return [...spokenSet(list)];
}

/** Words that tell of a death; with an inheritance, a pension or an animal they tell of no alarm. */
const deathWords = spokenList(['murio', 'murieron']);
const deathPrefixes = spokenList(['muert', 'fayesi']);
/** "se cayó": a collapse, or a website down ("AnnA Minería se cayó"). */
const fallWords = spokenList(['cayo', 'cayeron', 'cayendo']);

/** Word beginnings, as spelled by `spokenForm` ("explocion" → "explosion", "socavon" → "socabon"). */
const eventPrefixes = spokenList([
  ...deathPrefixes,
  'derrumb',
  'derumb',
  'derunb',
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
  'sangr',
  'aplast',
  'electrocut',
  'lesionad',
  'desaparecid',
  'desmoron',
  'desliz',
  'revent',
  'quemadur',
  'fractur',
]);
/** Whole words that report an event; as prefixes they would catch "explotación" or "caída". */
const eventWords = spokenSet([
  'exploto',
  'esploto',
  'estayo',
  ...deathWords,
  ...fallWords,
  'fuego',
  'humo',
  'candela',
  'estruendo',
  'totazo',
  'quemando',
  'hundio',
  'hundieron',
  'hundiendo',
  'volteo',
  'volco',
  'ahogado',
  'ahogados',
  'ahogando',
  // "quedaron tapados": buried
  'tapados',
  'tapadas',
]);
/** "se partió la pierna", "se golpeó la cabeza": an injury told in plain words. */
const injuryVerbs = spokenSet(['partio', 'quebro', 'fracturo', 'golpeo', 'rompio', 'corto']);
const bodyParts = spokenSet([
  'pierna',
  'piernas',
  'brazo',
  'brazos',
  'cabeza',
  'espalda',
  'columna',
  'mano',
  'pie',
  'costillas',
  'cadera',
]);
/** "la mina se está llenando de agua": a flood told in plain words. */
const fillingWords = spokenSet(['llenando', 'lleno', 'llena', 'entrando']);
/** "se murieron los peces", "se me murieron dos novillas": no person is in danger. */
const animals = spokenSet([
  'peces',
  'pescados',
  'animales',
  'ganado',
  'vacas',
  'novillas',
  'novillos',
  'terneros',
  'gallinas',
  'pollos',
  'marranos',
  'cerdos',
  'caballos',
  'bestias',
  'mulas',
  'perros',
  'chivos',
  'plantas',
  'cultivos',
  'arboles',
  'matas',
]);
/** "huele a huevo podrido": the smell of a mine gas, told without its name. */
const gasWords = spokenSet(['gas', 'gases', 'grisu', 'metano', 'monoxido', 'podrido']);
const gasDangerPrefixes = spokenList([
  'olor',
  'fuga',
  'escape',
  'mare',
  'desmay',
  'asfixi',
  'aog',
  'intoxic',
]);
const mineWords = spokenSet([
  'mina',
  'minas',
  'socavon',
  'socavones',
  'tunel',
  'tuneles',
  'pique',
  'minero',
  'mineros',
  'galeria',
  'bocamina',
  'frente',
  'minera',
  'mineras',
  'entable',
  'oro',
  'barequeo',
  'barequean',
  'barequeando',
  'barequero',
  'barequeros',
  'carbon',
  'mineria',
  'cantera',
  'canteras',
  'draga',
  'dragas',
  'balsa',
]);
const insideWords = spokenSet([
  'adentro',
  'dentro',
  'debajo',
  'abajo',
  'encerrados',
  'encerrado',
  'encerrada',
]);
/** "dentro de mi área", "dentro del título": inside an area on the map, not inside a mine. */
const areas = spokenSet([
  'area',
  'areas',
  'titulo',
  'poligono',
  'zona',
  'predio',
  'terreno',
  'finca',
  'celda',
  'celdas',
  'parque',
  'reserva',
  'paramo',
]);
/** Who can be inside a mine: "hay gente adentro", not "mi finca quedó dentro de una celda". */
const people = spokenSet([
  'obrero',
  'obreros',
  'turno',
  'gente',
  'personas',
  'trabajadores',
  'trabajador',
  'mineros',
  'minero',
  'companeros',
  'companero',
  'muchachos',
  'muchacho',
  'hombres',
  'senores',
  'conductor',
  'operador',
  'operario',
  'alguien',
  'varios',
  'dos',
  'tres',
  'cuatro',
  'cinco',
  'otros',
  // "siguen adentro", "quedaron dentro": a plural verb tells of people.
  'siguen',
  'estan',
  'quedaron',
]);
const presentMarkers = spokenSet([
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
  'mueve',
  'ahora',
  'ya',
]);
/** "no sabemos cuántos hay": not a question about statistics. */
const knowing = spokenSet(['sabemos', 'sabe', 'saben', 'se']);
/** Words that say "now" strongly enough to outweigh a word that looks informational. */
const nowWords = spokenSet(['ahorita', 'ahoritica']);
const urgentWords = spokenSet([
  'auxilio',
  'socorro',
  'sos',
  'urgente',
  'urgencia',
  'emergencia',
  'rescate',
  'ambulancia',
  'ayudenos',
  'ayudennos',
  'ayudeme',
  'ayudenme',
  'ayudemen',
  'ayudame',
  'ayudanos',
]);
/** "hay una emergencia": said of one happening. */
const emergencyNouns = spokenSet(['emergencia', 'urgencia']);
const there = spokenForm('hay');
/** A cry that a short message can be made of: "¡emergencia en la mina!", "auxilio mina". */
const cries = spokenSet(['auxilio', 'socorro', 'sos', 'emergencia', 'urgente', 'urgencia']);
/** "línea de emergencia", "plan para emergencias": the word names a kind of thing. */
const modifierBefore = spokenSet(['de', 'para', 'del']);
/** "algún auxilio para los hijos": a kind of aid, not a cry. */
const determinerBefore = spokenSet(['algun', 'alguna', 'ningun', 'ese', 'este', 'el']);
/** "¡ayuda!" is a cry; "¿me pueden ayudar con la pensión?" is a request. */
const cryWords = spokenSet(['ayuda']);
/** "necesito ayuda con…", "pido una ayuda": a request, not a cry. */
const requestBeforeHelp = spokenSet([
  'necesito',
  'necesitamos',
  'pido',
  'pedir',
  'solicito',
  'quiero',
  'busco',
  'una',
  'alguna',
  'su',
  'de',
  'con',
]);
const pleaseWords = spokenSet(['porfavor', 'porfa', 'xfa', 'plis']);
const threatPrefixes = spokenList([
  'retenid',
  'secuestr',
  'matar',
  'mataron',
  'asesin',
  'amenazaron',
  'amenazan',
  'amenazad',
]);
/** Signs that the message asks about safety in general, or tells of something long past. */
const informationalWords = spokenSet([
  'prevenir',
  'prevencion',
  'charla',
  'taller',
  // News about an accident: "la explosión de la noticia", "el video que circula".
  'noticia',
  'noticias',
  'video',
  'investigacion',
  // "por si acaso"
  'acaso',
  'previene',
  'previenen',
  'normas',
  'norma',
  'reglamento',
  'decreto',
  'ley',
  'cuantos',
  'cuantas',
  'estadisticas',
  'obligacion',
  'requisitos',
  'reporta',
  'reportar',
  'vigila',
  'capacitacion',
  // What follows a past accident: labour rights and compensation.
  'arl',
  'afiliado',
  'afiliada',
  'afiliados',
  'pension',
  'indemnizacion',
  'sobreviviente',
  'sobrevivientes',
  // Preparing for emergencies: drills, plans, brigades.
  'simulacro',
  'simulacros',
  'plan',
  'planes',
  'protocolo',
  'brigada',
  'brigadas',
  'viuda',
  'viudas',
  'viudo',
  'viudos',
  'huerfano',
  'huerfanos',
]);
/** "si pasa un accidente", "cuando ocurre un derrumbe": a question about what is done. */
const conditionalVerbs = spokenSet(['hay', 'pasa', 'ocurre', 'sucede']);
/** "muertos de calor", "un derrumbe de precios": a figure of speech, not an event. */
const figurativeAfterDe = spokenSet([
  'risa',
  'calor',
  'frio',
  'hambre',
  'sueno',
  'miedo',
  'cansancio',
  'pena',
  'envidia',
  'precios',
  'precio',
  'ventas',
]);
/** "jajaja", "jejeje": a joke is no report. */
const laughter = spokenList(['jaja', 'jeje', 'jiji']);
/** "se cayó el sistema" is a website unless a mine is named ("el sistema de soporte del socavón"). */
const systemWords = spokenSet(['sistema']);
/** "se fue al hueco", "cayó al pique": someone or something fell into a pit. */
const pits = spokenSet(['hueco', 'pique', 'abismo', 'barranco', 'foso', 'pozo', 'tajo']);
/** "cayó como 15 metros" */
const metres = spokenSet(['metros', 'metro']);
const wentOrFell = spokenSet(['fue', 'cayo', 'cayeron', 'fueron']);
/** "no sale nadie": nobody comes out. */
const nobody = spokenSet(['nadie', 'ninguno']);
/** "le dio corriente", "no se mueve", "no reacciona": an injured person told in plain words. */
const shock = spokenForm('corriente');
const gave = spokenForm('dio');
const reacts = spokenSet(['reacciona', 'mueve']);
const since = spokenForm('desde');
const where = spokenForm('donde');
const pastSpans = spokenSet([
  'anos',
  'ano',
  'meses',
  'mes',
  'semanas',
  'semana',
  'lunes',
  'martes',
  'miercoles',
  'jueves',
  'viernes',
  'sabado',
  'domingo',
]);
/** "en estos años", "esos meses": a span looked back on. */
const spanDeterminers = spokenSet(['estos', 'esos', 'ultimos']);
/** "algún día", "un día de estos", "todos los días", "dos veces": someday or habitually. */
const someday = spokenSet(['algun', 'todos']);
const dayWords = spokenSet(['dia', 'dias']);
const times = spokenSet(['veces']);
/** "es cierto que…": a question about a fact. */
const factWords = spokenSet(['cierto']);
/** "si algún día…", "si un minero se accidenta…" */
const conditionStarts = spokenSet(['se', 'uno', 'un', 'una', 'algun', 'alguna']);
/** "faltan 4", "faltan dos": people missing. */
const missing = spokenSet(['faltan', 'falta']);
const countOfPeople = spokenSet(['dos', 'tres', 'cuatro', 'cinco', 'seis', 'varios', 'unos']);
/** "aire pesado": bad air. */
const heavy = spokenSet(['pesado', 'enrarecido']);
/** Relatives: someone a citizen tells is inside ("mi hijo sigue adentro"). */
const relatives = spokenSet([
  'hijo',
  'hija',
  'hijos',
  'primo',
  'sobrino',
  'papa',
  'mama',
  'padre',
  'madre',
  'abuelo',
  'abuela',
  'esposo',
  'esposa',
  'hermano',
  'hermana',
  'tio',
  'tia',
  'suegro',
  'suegra',
]);
/** A title and what happens to it when its holder dies: an inheritance, not an alarm. */
const titlePrefixes = spokenList([
  'titul',
  'hered',
  'herenci',
  'sucesi',
  'vigent',
  'subrog',
  'contrato',
  'concesion',
]);
/** "AnnA Minería se cayó", "la página se cayó": a website down, not a collapse. */
const websiteWords = spokenSet([
  'pagina',
  'plataforma',
  'internet',
  'web',
  'app',
  'aplicacion',
  'link',
  'annamineria',
  'servidor',
]);
const months = spokenSet([...monthNames, 'setiembre']);
const por = spokenForm('por');
const favor = spokenForm('favor');
const que = spokenForm('que');
const en = spokenForm('en');
const con = spokenForm('con');
const caso = spokenForm('caso');
const when = spokenForm('cuando');
const ifWord = spokenForm('si');
const ago = spokenForm('hace');
const pasado = spokenForm('pasado');
const pasada = spokenForm('pasada');
const water = spokenForm('agua');
/** "se metió el agua", "se nos vino el agua", "el agua se entró". */
const waterCameIn = spokenSet(['metio', 'vino', 'entro']);
const roof = spokenSet(['techo', 'capota']);
const encima = spokenForm('encima');
const air = spokenSet(['aire', 'oxigeno']);
const without = spokenForm('sin');
const breathes = spokenForm('respira');
const countWords = spokenSet(['cuantos', 'cuantas']);
const comeDown = spokenSet(['vino', 'viniendo', 'cayo']);
/** "se vino la tierra", "se vino el talud", "la montaña se desmoronó": the ground fell. */
const ground = spokenSet([
  'tierra',
  'montana',
  'talud',
  'barranco',
  'cerro',
  'loma',
  'pared',
  'roca',
  'rocas',
  'piedra',
  'piedras',
]);
const groundFalls = spokenSet(['vino', 'viniendo', 'cayo', 'cayendo', 'vinieron', 'cayeron']);
/** "se vino abajo": a collapse. */
const down = spokenSet(['abajo']);
/** "se lo llevó el río", "se los llevó la corriente" */
const carriedOff = spokenForm('llevo');
const currents = spokenSet(['rio', 'corriente', 'agua', 'creciente']);
/** "se cerró el túnel", "se trancó la salida": the way out is shut. */
const shut = spokenSet(['cerro', 'tranco', 'tapo', 'bloqueo']);
const waysOut = spokenSet(['tunel', 'socavon', 'salida', 'bocamina', 'entrada', 'mina', 'pique']);
/** "quedó tapado", "está tapada": buried. */
const covered = spokenSet(['tapado', 'tapada']);
const leftOrIs = spokenSet(['quedo', 'quedaron', 'esta', 'estan']);
/** "no podemos salir", "no pueden sacarlo": someone is stuck. */
const canVerbs = spokenSet(['podemos', 'pueden', 'puede', 'pudimos']);
const getOut = spokenSet([
  'salir',
  'respirar',
  'sacarlo',
  'sacarla',
  'sacarlos',
  'subirlo',
  'subirla',
  'subirlos',
  'sacar',
]);
/** "bajo la tierra", "bajo las piedras": buried. */
const buriedUnder = spokenSet(['tierra', 'piedras', 'escombros']);
const articles = spokenSet(['la', 'las', 'los', 'el']);
/** "me tienen muerto", "estoy muerto": said by the living. */
const livingBefore = spokenSet(['tienen', 'tiene', 'estoy', 'ando']);
/** "se derrumbó el precio del oro", "se me vino el mundo encima". */
const figureWords = spokenSet(['precio', 'precios', 'dolar', 'mercado', 'ventas', 'mundo']);
/** "no pasó nada", "nadie salió herido": nothing happened to anyone. */
const nothing = spokenSet(['nada', 'nadie']);
const happened = spokenSet(['paso', 'pasa']);
const passed = spokenSet(['pasaron', 'paso', 'llevamos']);
const questionWords = spokenSet(['que', 'q', 'como', 'cual', 'cuando', 'donde', 'quien', 'porque']);
/** "se cayó el techo", "acaba de caer el techo", "se vino el techo". */
const roofFalls = spokenSet(['vino', 'cayo', 'caer', 'cae']);
/** "un compañero no sale", "mi papá no ha salido": someone does not come out of the mine. */
const comeOut = spokenSet(['sale', 'salen', 'salido', 'salio', 'salieron']);
const whatDoWe = spokenSet(['hago', 'hacemos', 'acemos']);
const momentPhrase = 'ase un momento'; // "hace un momento" as spoken
/** "hace rato", "en este momento" ("hace poco" may be months) */
const shortWhile = spokenSet(['rato', 'ratico', 'ratito']);
const momentWords = spokenSet(['momento', 'instante']);
const justNow = spokenSet(['acaba', 'acabo', 'acabamos', 'acaban']);

function startsWithAny(word: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => word.startsWith(prefix));
}

interface Signals {
  event: boolean;
  gasDanger: boolean;
  mine: boolean;
  inside: boolean;
  /** Someone is inside: "hay gente adentro", "los mineros siguen dentro". */
  peopleInside: boolean;
  present: boolean;
  urgent: boolean;
  /** "¡ayuda!", "auxilio": outweighs a word that looks informational. */
  cry: boolean;
  help: boolean;
  /** "por favor": a plea in a report, mere politeness in a question. */
  please: boolean;
  /** "ahorita", "hace un momento", "acaba de…": it is happening now. */
  now: boolean;
  threat: boolean;
  informational: boolean;
  /** "hay una emergencia" (not "si hay una emergencia"): someone says one is happening. */
  emergencyHere: boolean;
  /** "¡emergencia en la mina!", not "línea de emergencia": a cry that is no modifier. */
  shortCry: boolean;
  /** "auxilio", "ayúdenme": a plea, not the noun "emergencia". */
  pleaded: boolean;
  /** A question word: "¿qué es un derrumbe?" is no bare report. */
  question: boolean;
  wordCount: number;
}

/** The three words after the word at `index`. */
function wordsAfter(spoken: readonly string[], index: number): string[] {
  return spoken.slice(index + 1, index + 4);
}

/** A person or a relative among the words just before ("mi hermano sigue adentro"). */
function someoneAmong(recent: readonly string[]): boolean {
  return recent.some((earlier) => people.has(earlier) || relatives.has(earlier));
}

/**
 * The event word at `index` used as a figure of speech ("me muero de la risa", "muertos de
 * calor"). Read only where an event word may be: most words of a message are not.
 */
function readsFiguratively(spoken: readonly string[], index: number, recent: readonly string[]) {
  return (
    (spoken[index + 1] === 'de' && figurativeAfterDe.has(spoken[index + 2] ?? '')) ||
    wordsAfter(spoken, index).some((later) => figureWords.has(later)) ||
    recent.some((earlier) => figureWords.has(earlier)) ||
    livingBefore.has(spoken[index - 1] ?? '')
  );
}

function signalsOf(text: string): Signals {
  const typed = words(text, maxWordsRead);
  const spoken = typed.map(spokenForm);
  const signals: Signals = {
    event: false,
    gasDanger: false,
    mine: false,
    inside: false,
    peopleInside: false,
    present: false,
    urgent: false,
    cry: false,
    help: false,
    please: false,
    now: false,
    threat: false,
    informational: false,
    shortCry: false,
    emergencyHere: false,
    question: false,
    pleaded: false,
    wordCount: spoken.length,
  };
  let gas = false;
  let gasDangerWord = false;
  // Which kinds of event words were read: a death or a fall alone can mean something else.
  let death = false;
  let fall = false;
  let otherEvent = false;
  let title = false;
  let website = false;
  let system = false;
  for (const [index, word] of spoken.entries()) {
    const next = spoken[index + 1] ?? '';
    const previous = spoken[index - 1] ?? '';
    const recent = spoken.slice(Math.max(0, index - 4), index);
    if (
      (eventWords.has(word) || startsWithAny(word, eventPrefixes)) &&
      !readsFiguratively(spoken, index, recent)
    ) {
      const isDeath = deathWords.includes(word) || startsWithAny(word, deathPrefixes);
      // "se murieron dos novillas": the next words say whose death it was.
      if (isDeath) {
        death ||= !wordsAfter(spoken, index).some((later) => animals.has(later));
        // "desde que él falleció", "la mina donde murieron": a story told from long after.
        if (recent.slice(-3).includes(since) || previous === where) signals.informational = true;
      } else if (fallWords.includes(word)) fall = true;
      else otherEvent = true;
    }
    if (startsWithAny(word, titlePrefixes)) title = true;
    // Letter runs are collapsed: "AnnA Minería" reads "ana mineria".
    if (websiteWords.has(word) || (word === 'ana' && next === 'mineria')) website = true;
    if (systemWords.has(word)) system = true;
    if (startsWithAny(word, laughter)) signals.informational = true;
    // "se vino la mina encima", "se metió el agua", "se está llenando de agua", "se partió la
    // pierna": collapses, floods and injuries told in plain words.
    const beforePrevious = spoken[index - 2] ?? '';
    if (
      ((word === encima && recent.some((earlier) => comeDown.has(earlier))) ||
        (word === water &&
          [previous, beforePrevious].some((earlier) => waterCameIn.has(earlier))) ||
        (waterCameIn.has(word) && [previous, beforePrevious].includes(water)) ||
        (roof.has(word) && recent.some((earlier) => roofFalls.has(earlier))) ||
        (pits.has(word) &&
          spoken.slice(Math.max(0, index - 6), index).some((earlier) => wentOrFell.has(earlier))) ||
        (metres.has(word) && recent.some((earlier) => wentOrFell.has(earlier))) ||
        (heavy.has(word) && recent.slice(-2).some((earlier) => air.has(earlier))) ||
        (missing.has(word) &&
          (countOfPeople.has(next) || /^\d+$/.test(next)) &&
          index + 2 >= spoken.length) ||
        (word === shock && recent.includes(gave)) ||
        (reacts.has(word) && recent.slice(-2).includes('no')) ||
        (word === water && recent.some((earlier) => fillingWords.has(earlier))) ||
        (bodyParts.has(word) && recent.some((earlier) => injuryVerbs.has(earlier))) ||
        // "se quedó sin aire", "no respira"
        (air.has(word) && previous === without) ||
        (ground.has(word) &&
          [previous, beforePrevious, next, spoken[index + 2] ?? ''].some((near) =>
            groundFalls.has(near),
          )) ||
        (down.has(word) && comeDown.has(previous)) ||
        (word === 'bajo' && previous === 'a' && comeDown.has(beforePrevious)) ||
        (currents.has(word) && recent.slice(-2).includes(carriedOff)) ||
        (shut.has(word) &&
          previous === 'se' &&
          wordsAfter(spoken, index).some((later) => waysOut.has(later))) ||
        (covered.has(word) && leftOrIs.has(previous)) ||
        // "su hijo está bajo la tierra", "debajo de las piedras"
        (buriedUnder.has(word) &&
          (previous === 'bajo' || (articles.has(previous) && beforePrevious === 'bajo')) &&
          someoneAmong(recent)) ||
        (word === encima && previous === 'por' && recent.includes('le')) ||
        (word.startsWith(breathes) && previous === 'no')) &&
      !readsFiguratively(spoken, index, recent)
    )
      otherEvent = true;
    if (gasWords.has(word)) gas = true;
    if (startsWithAny(word, gasDangerPrefixes)) gasDangerWord = true;
    if (mineWords.has(word)) signals.mine = true;
    if (insideWords.has(word) && !wordsAfter(spoken, index).some((later) => areas.has(later))) {
      signals.inside = true;
      if (someoneAmong(recent)) signals.peopleInside = true;
    }
    // "un compañero no sale", "mi papá no ha salido": someone is still inside.
    if (
      comeOut.has(word) &&
      recent.slice(-2).includes('no') &&
      (nobody.has(next) || someoneAmong(recent))
    )
      signals.peopleInside = true;
    if (presentMarkers.has(word)) signals.present = true;
    // "ayúdenme con un mercado", "ayuda con la pensión": a request for something, not a cry.
    const helpWith = word.startsWith('ayud') && next === con;
    // "línea de emergencia", "simulacros de emergencia": the word names a kind of thing.
    const modifier = modifierBefore.has(previous);
    const named = modifier || determinerBefore.has(previous);
    if (urgentWords.has(word) && !helpWith && !named) {
      signals.urgent = true;
      if (!emergencyNouns.has(word)) signals.pleaded = true;
    }
    if (cries.has(word) && !modifier) signals.shortCry = true;
    const thereIs =
      previous === there
        ? index - 1
        : previous === 'una' && beforePrevious === there
          ? index - 2
          : -1;
    if (
      emergencyNouns.has(word) &&
      thereIs >= 0 &&
      ![ifWord, when].includes(spoken[thereIs - 1] ?? '')
    )
      signals.emergencyHere = true;
    if (cryWords.has(word) && !requestBeforeHelp.has(previous) && !helpWith) signals.cry = true;
    if (word.startsWith('ayud') && !helpWith) signals.help = true;
    if (word === favor && previous === por) signals.please = true;
    if (pleaseWords.has(word)) signals.please = true;
    if ((word === que || word === 'q') && whatDoWe.has(next)) signals.help = true;
    if (nowWords.has(word) || justNow.has(word)) signals.now = true;
    if ([...recent.slice(-2), word].join(' ') === momentPhrase) signals.now = true;
    if (shortWhile.has(word) && previous === ago) signals.now = true;
    // "no podemos salir", "no pueden sacarlo": someone is stuck now.
    if (getOut.has(word) && canVerbs.has(previous) && beforePrevious === 'no') {
      otherEvent = true;
      signals.present = true;
    }
    if (momentWords.has(word) && recent.slice(-2).join(' ') === 'en este') signals.now = true;
    // "no pasó nada", "no le pasó nada a nadie": nothing happened to anyone.
    if (nothing.has(word) && happened.has(previous) && recent.slice(-3).includes('no'))
      signals.informational = true;
    // "ya pasaron cinco años del accidente"
    if (pastSpans.has(word) && recent.slice(-3).some((earlier) => passed.has(earlier)))
      signals.informational = true;
    if (questionWords.has(word)) signals.question = true;
    if (startsWithAny(word, threatPrefixes)) signals.threat = true;
    if (informationalWords.has(word) && !(countWords.has(word) && knowing.has(previous)))
      signals.informational = true;
    // "en caso de…", "si hay un…", "cuando pasa un…": a question about what is done, not a report.
    if (
      (word === caso && previous === en) ||
      ((word === ifWord || word === when) && conditionalVerbs.has(next)) ||
      // "si se inunda la mina…", "si uno queda atrapado…": a condition, not a report.
      (word === ifWord && conditionStarts.has(next)) ||
      (dayWords.has(word) &&
        (someday.has(previous) || someday.has(beforePrevious) || next === 'de')) ||
      times.has(word) ||
      factWords.has(word) ||
      // A year ("en 2022") tells of the past: read as typed, before letter runs are collapsed.
      /^(19|20)\d\d$/.test(typed[index] ?? '') ||
      (pastSpans.has(word) && spanDeterminers.has(previous))
    )
      signals.informational = true;
    // "hace dos años…", "murió en diciembre": a story about the past, not "hace diez minutos".
    if (pastSpans.has(word) && recent.slice(-3).includes(ago)) signals.informational = true;
    // "el mes pasado", "la semana pasada"
    if (pastSpans.has(word) && (next === pasado || next === pasada)) signals.informational = true;
    if (months.has(word) && previous === en) signals.informational = true;
  }
  signals.gasDanger = gas && gasDangerWord;
  if (system && !signals.mine) website = true;
  signals.event = otherEvent || death || (fall && !website);
  // "el señor de la mina falleció, ¿los hijos pueden seguir?": a death alone, told with nothing
  // that places it now (no "hay", "ahorita", cry, or someone inside), is news, not an alarm.
  const deathOnly = death && !otherEvent && !(fall && !website);
  if (
    deathOnly &&
    !(
      signals.present ||
      signals.now ||
      signals.urgent ||
      signals.cry ||
      signals.help ||
      signals.inside
    )
  )
    signals.informational = true;
  // "mi papá era el titular y se murió, ¿qué pasa con el título?": an inheritance, not an alarm.
  if (death && !otherEvent && title) signals.informational = true;
  return signals;
}

/**
 * True when the message asks about safety in general or tells of the past ("¿cada cuánto se
 * hacen simulacros?", "hace dos años murió…") and nothing in it cries for help now.
 */
export function asksAboutSafety(text: string): boolean {
  const signals = signalsOf(text);
  // "¿a quién se llama si hay una emergencia?": the noun alone is no plea.
  return signals.informational && !(signals.pleaded || signals.cry || signals.now);
}

/** True when the message reports an emergency that is happening now. */
export function isEmergencyReport(text: string): boolean {
  const signals = signalsOf(text);
  // A cry for help, or "right now", beats a word that looks informational ("¿a quién reporto?
  // ¡auxilio!"); a "por favor" or a "¿me pueden ayudar?" does not.
  const outweighsInformation = signals.urgent || signals.cry || signals.now;
  if (signals.threat && (signals.help || signals.please || signals.urgent || signals.mine))
    return outweighsInformation || !signals.informational;
  const report =
    (signals.event &&
      (signals.mine ||
        signals.inside ||
        signals.present ||
        signals.urgent ||
        signals.now ||
        signals.help ||
        signals.please)) ||
    signals.gasDanger ||
    (signals.emergencyHere && signals.mine) ||
    (signals.peopleInside &&
      signals.mine &&
      (signals.present || signals.cry || signals.urgent || signals.now));
  // "derrumbe", "se vino la tierra": an event told alone is a report; "¡emergencia en la mina!" too.
  const bare =
    signals.wordCount <= 4 && signals.event && !signals.informational && !signals.question;
  const cryInMine =
    signals.wordCount <= 5 && signals.shortCry && signals.mine && !signals.informational;
  if (!report) return (signals.urgent && signals.mine && signals.inside) || bare || cryInMine;
  return outweighsInformation || !signals.informational;
}
