import type { SeededRandom } from './seeded-random';

/**
 * What people write during a live session, in everyday Colombian Spanish: questions for the ANM
 * (with and without accents or question marks, with greetings and thanks around them) and the
 * chatter around them (greetings, applause, "se escucha bien"), which must not be captured.
 */

const municipios = [
  'Pitalito',
  'Marmato',
  'Segovia',
  'Remedios',
  'Buriticá',
  'Nechí',
  'Quibdó',
  'Zaragoza',
  'El Bagre',
  'Sogamoso',
  'Paipa',
  'Montelíbano',
  'La Jagua de Ibirico',
  'Barrancas',
  'Timbiquí',
  'Santander de Quilichao',
];
const departamentos = ['Huila', 'Antioquia', 'Caldas', 'Chocó', 'Boyacá', 'Cesar', 'Cauca'];
const rios = ['Cauca', 'Magdalena', 'Atrato', 'Nechí', 'San Juan', 'Quito', 'Saldaña'];
const minerales = ['oro', 'carbón', 'esmeraldas', 'materiales de construcción', 'arena', 'níquel'];
const meses = ['enero', 'marzo', 'mayo', 'agosto', 'octubre', 'diciembre'];

/** Questions a citizen recognises as questions in any form: "¿…?", an interrogative, a request. */
const questionTemplates = [
  '¿Cuándo le pagan las regalías al municipio de {muni}?',
  'cuanto le llega de regalias a {muni} este año',
  'Por qué no han llegado las regalías del {mineral} a {muni}?',
  'Quisiera saber cómo se reparten las regalías del {mineral} en {depto}',
  'como hago para sacar un titulo minero para {mineral}',
  '¿Cuánto se demora la ANM en otorgar un título minero?',
  'que requisitos piden para legalizar una mina de {mineral} en {muni}',
  '¿Cómo me inscribo como barequero en la alcaldía de {muni}?',
  'donde se registra uno para barequear en el rio {rio}',
  'el barequeo en el {rio} necesita permiso?',
  'Dónde se puede denunciar la minería ilegal en {muni}',
  '¿Qué hace la ANM con las retroexcavadoras en el río {rio}?',
  'por que no controlan la mineria ilegal en {depto}',
  'cuanto cuesta el canon superficiario de una hectarea',
  '¿Qué pasa si no pago el canon superficiario a tiempo?',
  '¿Cuándo es la próxima audiencia en {muni}?',
  'como participo en la audiencia de terceros de {muni}',
  'quien vigila que la mina de {mineral} no contamine el rio {rio}',
  'la mina de {muni} tiene licencia ambiental?',
  'Tengo una duda sobre la consulta previa en el resguardo de {muni}',
  'por que no han respondido mi derecho de peticion radicado en {mes}',
  'Me pueden explicar lo del amparo administrativo',
  'que hacen cuando hay un accidente en una mina de {mineral} en {muni}',
  'Me gustaría saber si hay programas de formalización para mineros de {depto}',
  '¿Qué es un área de reserva especial y cómo se pide en {muni}?',
  'quisiera saber si la mina de la vereda en {muni} tiene titulo',
  'Cuál es la diferencia entre subsistencia y pequeña minería?',
  '¿La ANM ya respondió lo de la mina abandonada en {muni}?',
  'Cada cuánto fiscalizan las minas de {mineral} en {depto}?',
  'Necesito saber quién responde por los socavones de {muni}',
  'hasta cuando hay plazo para presentar el PTO',
  '¿Cómo consulto si un título minero está vigente?',
];

/** Prefixes a question keeps whatever its form (the detector drops a leading greeting). */
const greetingPrefixes = ['', '', '', 'Hola, ', 'Buenas tardes ', 'Buenas noches, ', 'Buen día. '];
/** Prefixes that only sit in front of a question that has a question mark. */
const openerPrefixes = ['Una pregunta: ', 'Doctor, ', 'Saludos desde {muni}. ', 'Ingeniera, '];
const questionSuffixes = [
  '',
  '',
  '',
  ' gracias',
  ' Gracias.',
  ' por favor',
  ' 🙏',
  ' muchas gracias',
];

const chatterTemplates = [
  'Saludos desde {muni}',
  'Buenas tardes a todos',
  'que buena transmision',
  'Gracias ANM',
  '👏👏👏',
  'Excelente presentación, felicitaciones',
  'Presente desde {muni} 🙌',
  'Se escucha muy bien',
  'no se escucha nada',
  'Dios los bendiga',
  'Bendiciones desde {depto}',
  'Muy buena la información',
  'Hola a todos desde {muni}',
  '¡Qué bien!',
  'que buena explicacion',
  'Totalmente de acuerdo con la doctora',
  'Conectados desde {muni}, {depto}',
  'Saludos a la ingeniera',
  'Buenas noches',
  'Excelente 👍',
];

/** What the page itself writes under its video (never captured, even when it asks something). */
const pageTemplates = [
  '¿Tienen preguntas? Escríbanlas aquí y les respondemos.',
  'Bienvenidos a la rendición de cuentas de la ANM',
  'Recuerden que cada pregunta recibe un código de seguimiento',
];

function fill(template: string, random: SeededRandom): string {
  return template
    .replaceAll('{muni}', random.pick(municipios))
    .replaceAll('{depto}', random.pick(departamentos))
    .replaceAll('{rio}', random.pick(rios))
    .replaceAll('{mineral}', random.pick(minerales))
    .replaceAll('{mes}', random.pick(meses));
}

function withoutAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

/** A question as one more person would type it: another place, greeting, case or spelling. */
export function questionText(random: SeededRandom): string {
  let text = fill(random.pick(questionTemplates), random);
  if (random.chance(0.3)) text = text.replace(/^¿/, '');
  if (random.chance(0.35)) text = withoutAccents(text);
  if (random.chance(0.3)) text = text.toLowerCase();
  const prefix = text.includes('?')
    ? random.pick([...greetingPrefixes, ...openerPrefixes])
    : random.pick(greetingPrefixes);
  return `${fill(prefix, random)}${text}${random.pick(questionSuffixes)}`;
}

export function chatterText(random: SeededRandom): string {
  const text = fill(random.pick(chatterTemplates), random);
  return random.chance(0.3) ? withoutAccents(text).toLowerCase() : text;
}

export function pageText(random: SeededRandom): string {
  return random.pick(pageTemplates);
}
