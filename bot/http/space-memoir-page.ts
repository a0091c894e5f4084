import { dateInWords } from '../../legal-terms/legal-terms';
import type { SpaceState } from '../../models/space-kinds';
import type { SpaceMemoir } from '../../publication/space-memoir';
import { escapeHtml, stylesheetPath } from './public-answers-page';
import { pageStylesheet } from './page-stylesheet';

/**
 * The public memoir of a space (`GET /respuestas/espacios/{id}`), rendered on the server like the
 * public answers page: every value escaped, no script, the answers page's style sheet plus one of
 * its own with the print rules (A4, no navigation, no item split across pages).
 */

export const memoirStylesheetPath = '/respuestas/espacios/memoria.css';

export function spaceMemoirPath(spaceId: string): string {
  return `/respuestas/espacios/${encodeURIComponent(spaceId)}`;
}

export const readMemoirStylesheet = pageStylesheet('space-memoir.css');

const stateLabels: Record<SpaceState, string> = {
  scheduled: 'Programado',
  open: 'En curso',
  closed: 'Terminado',
};

function time(date: Date): string {
  return `<time datetime="${date.toISOString()}">${escapeHtml(dateInWords(date).replace(/^el /, ''))}</time>`;
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}` : `${count.toLocaleString('es-CO')} ${many}`;
}

function layout(title: string, main: string): string {
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${stylesheetPath}">
<link rel="stylesheet" href="${memoirStylesheetPath}">
</head>
<body>
<a class="skip-link" href="#contenido">Saltar al contenido</a>
<header><p class="brand">Agencia Nacional de Minería · Rendición de cuentas</p>
<nav class="site-nav" aria-label="Navegación del sitio"><a href="/respuestas">Respuestas publicadas</a></nav></header>
<main id="contenido">
${main}
</main>
<footer><p>Esta memoria se publica sin datos personales: cuenta las preguntas, no a las personas. Las respuestas se añaden a medida que la ANM las publica.</p></footer>
</body>
</html>
`;
}

function place(memoir: SpaceMemoir): string {
  const parts = [memoir.space.municipality, memoir.space.department].filter(
    (part): part is string => Boolean(part),
  );
  return parts.length > 0 ? parts.join(', ') : 'Sin lugar registrado (virtual o no indicado)';
}

function facts(rows: [string, string][]): string {
  return `<dl class="facts">${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

function participation(memoir: SpaceMemoir): string {
  const rows = memoir.byChannel
    .map(
      (channel) =>
        `<tr><th scope="row">${escapeHtml(channel.label)}</th><td>${channel.questions}</td></tr>`,
    )
    .join('');
  const table =
    memoir.byChannel.length === 0
      ? ''
      : `<table class="figures"><caption>Preguntas captadas por canal</caption>
<thead><tr><th scope="col">Canal</th><th scope="col">Preguntas</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  const { participants } = memoir.space;
  const counted =
    participants === null
      ? ''
      : `<p class="participants">Participantes: ${escapeHtml(participants.toLocaleString('es-CO'))}</p>\n`;
  return `<section class="memoir-section" aria-labelledby="participacion">
<h2 id="participacion">Quiénes participaron</h2>
${counted}<p>Se captaron ${escapeHtml(plural(memoir.captured, 'pregunta', 'preguntas'))}: ${escapeHtml(memoir.answeredLive === 0 ? 'ninguna se respondió' : plural(memoir.answeredLive, 'se respondió', 'se respondieron'))} en vivo y ${escapeHtml(plural(memoir.registered, 'quedó registrada', 'quedaron registradas'))} con código de seguimiento y plazo legal.</p>
${table}
</section>`;
}

function asked(memoir: SpaceMemoir): string {
  const items = memoir.groups
    .map(
      (group) =>
        `<li class="memoir-item"><p class="question-text">${escapeHtml(group.text)}</p><p class="group-size">${escapeHtml(group.size === 1 ? 'Una persona la hizo.' : `${group.size} personas hicieron esta misma pregunta.`)}</p></li>`,
    )
    .join('');
  return `<section class="memoir-section" aria-labelledby="preguntado">
<h2 id="preguntado">Lo que se preguntó</h2>
${items ? `<ol class="memoir-list">${items}</ol>` : '<p>No se captaron preguntas en este espacio.</p>'}
</section>`;
}

function answeredLive(memoir: SpaceMemoir): string {
  const items = memoir.liveAnswers
    .map((text) => `<li class="memoir-item"><p class="question-text">${escapeHtml(text)}</p></li>`)
    .join('');
  return `<section class="memoir-section" aria-labelledby="en-vivo">
<h2 id="en-vivo">Lo que se respondió en vivo</h2>
${items ? `<ul class="memoir-list">${items}</ul>` : '<p>Ninguna pregunta se respondió en vivo.</p>'}
</section>`;
}

function pending(memoir: SpaceMemoir): string {
  const rows = memoir.pending
    .map(
      (question) =>
        `<tr><th scope="row"><a href="/respuestas/${encodeURIComponent(question.trackingCode)}">${escapeHtml(question.trackingCode)}</a></th><td>${escapeHtml(question.topic ?? 'Sin tema asignado')}</td><td>${time(question.dueAt)}</td><td>${escapeHtml(question.overdue ? 'Plazo vencido' : 'Dentro del plazo')}</td></tr>`,
    )
    .join('');
  return `<section class="memoir-section" aria-labelledby="pendientes">
<h2 id="pendientes">Lo que falta por responder</h2>
${
  rows
    ? `<table class="figures"><caption>Preguntas que esperan su respuesta oficial, la de plazo más cercano primero</caption>
<thead><tr><th scope="col">Código</th><th scope="col">Tema</th><th scope="col">Plazo para responder</th><th scope="col">Situación</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : '<p>No hay preguntas de este espacio pendientes de respuesta.</p>'
}
</section>`;
}

function published(memoir: SpaceMemoir): string {
  const items = memoir.published
    .map(({ entry, answer }) => {
      const headingId = `respuesta-${entry.trackingCode}`;
      return `<article class="answer memoir-item" aria-labelledby="${escapeHtml(headingId)}">
<h3 id="${escapeHtml(headingId)}"><a href="/respuestas/${encodeURIComponent(entry.trackingCode)}">Pregunta ${escapeHtml(entry.trackingCode)}</a></h3>
${facts([
  ['Tema', escapeHtml(entry.topic ?? 'Sin tema asignado')],
  ['Respondida', time(new Date(entry.publishedAt))],
])}
<p class="question-text">${escapeHtml(entry.questionText)}</p>
<p class="answer-text">${escapeHtml(answer ?? 'La respuesta se publicó con la de su grupo de preguntas.')}</p>
</article>`;
    })
    .join('\n');
  return `<section class="memoir-section" aria-labelledby="publicadas">
<h2 id="publicadas">Respuestas oficiales publicadas</h2>
${items || '<p>Todavía no hay respuestas oficiales publicadas de este espacio.</p>'}
</section>`;
}

/** `GET /respuestas/espacios/{id}`: the whole memoir, one page that prints to A4. */
export function spaceMemoirHtml(memoir: SpaceMemoir): string {
  const { space } = memoir;
  const main = `<h1>Memoria: ${escapeHtml(space.title)}</h1>
<section class="memoir-section" aria-labelledby="espacio">
<h2 id="espacio">El espacio</h2>
${facts([
  ['Tipo', escapeHtml(space.typeLabel)],
  ['Fecha', time(space.date)],
  ['Lugar', escapeHtml(place(memoir))],
  ['Área responsable', escapeHtml(space.responsibleArea ?? 'Sin área indicada')],
  ['Estado', escapeHtml(stateLabels[space.state])],
])}
</section>
${participation(memoir)}
${asked(memoir)}
${answeredLive(memoir)}
${pending(memoir)}
${published(memoir)}
<p class="site-nav"><a href="/respuestas?espacio=${encodeURIComponent(space.id)}">Buscar entre las respuestas de este espacio</a></p>`;
  return layout(`Memoria: ${space.title} · ANM`, main);
}

/** An unknown or malformed space id: a Spanish page that says where to look. */
export function spaceNotFoundHtml(): string {
  const main = `<h1>Espacio no encontrado</h1>
<p>No encontramos ningún espacio de diálogo con esa dirección.</p>
<p>Busque el espacio entre <a href="/respuestas">las respuestas publicadas</a>.</p>`;
  return layout('Espacio no encontrado · ANM', main);
}
