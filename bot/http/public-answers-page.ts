import { dateInWords } from '../../legal-terms/legal-terms';
import type { ListingOption, ListingPage } from '../../publication/answer-listing';
import type { ListedAnswer } from '../../publication/published-answers-index';
import type { PublicQuestionStatus } from '../../publication/question-status';
import { pageStylesheet } from './page-stylesheet';

/**
 * The public answers page, rendered on the server: every value written into the HTML passes
 * through `escapeHtml`; there is no script at all, and the one style sheet is a file.
 */

export const stylesheetPath = '/respuestas/estilos.css';

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The same headers on every page: nothing runs, nothing is framed, nothing leaks a referrer. */
export function pageHeaders(cacheControl: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      "style-src 'self'",
      "img-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': cacheControl,
  };
}

/** Lists and statuses change when a moderator approves: a minute of caching is enough. */
export const publicCacheControl = 'public, max-age=60';
/** A code unknown now may be registered a second later: never cached. */
export const notFoundCacheControl = 'no-cache';

export const readStylesheet = pageStylesheet('public-answers.css');

function dateWithoutArticle(date: Date): string {
  return dateInWords(date).replace(/^el /, '');
}

function time(date: Date): string {
  return `<time datetime="${date.toISOString()}">${escapeHtml(dateWithoutArticle(date))}</time>`;
}

function layout(title: string, main: string): string {
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${stylesheetPath}">
</head>
<body>
<a class="skip-link" href="#contenido">Saltar al contenido</a>
<header><p class="brand">Agencia Nacional de Minería · Rendición de cuentas</p></header>
<main id="contenido">
${main}
</main>
<footer><p>Las preguntas se publican sin datos personales. Consulte una pregunta con su código en <a href="/respuestas">la página de respuestas</a>.</p></footer>
</body>
</html>
`;
}

function codeUrl(trackingCode: string): string {
  return `/respuestas/${encodeURIComponent(trackingCode)}`;
}

function facts(rows: [string, string][]): string {
  return `<dl class="facts">${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

function answerItem(listed: ListedAnswer): string {
  const { entry } = listed;
  const headingId = `pregunta-${entry.trackingCode}`;
  const rows: [string, string][] = [
    [
      'Espacio',
      entry.spaceId === null
        ? escapeHtml(listed.spaceTitle ?? 'Chat con la ANM')
        : `<a href="/respuestas/espacios/${encodeURIComponent(entry.spaceId)}">${escapeHtml(listed.spaceTitle ?? 'Espacio sin título')}</a>`,
    ],
    ['Tema', escapeHtml(entry.topic ?? 'Sin tema asignado')],
    ['Recibida', time(new Date(entry.receivedAt))],
    ['Respondida', time(new Date(entry.publishedAt))],
  ];
  return `<article class="answer" aria-labelledby="${escapeHtml(headingId)}">
<h2 id="${escapeHtml(headingId)}"><a href="${escapeHtml(codeUrl(entry.trackingCode))}">Pregunta ${escapeHtml(entry.trackingCode)}</a></h2>
${facts(rows)}
<h3>Pregunta</h3>
<p class="question-text">${escapeHtml(entry.questionText)}</p>
<h3>Respuesta de la ANM</h3>
<p class="answer-text">${escapeHtml(listed.answer ?? 'La respuesta se publicó con la de su grupo de preguntas.')}</p>
</article>`;
}

function select(
  id: string,
  label: string,
  all: string,
  options: ListingOption[],
  chosen: string | null,
): string {
  const items = options
    .map(
      (option) =>
        `<option value="${escapeHtml(option.value)}"${option.value === chosen ? ' selected' : ''}>${escapeHtml(option.label)} (${option.count})</option>`,
    )
    .join('');
  return `<div class="field"><label for="${id}">${escapeHtml(label)}</label><select id="${id}" name="${id}"><option value="">${escapeHtml(all)}</option>${items}</select></div>`;
}

function pageLink(page: ListingPage, target: number): string {
  const parameters = new URLSearchParams();
  if (page.query.q) parameters.set('q', page.query.q);
  if (page.query.spaceId) parameters.set('espacio', page.query.spaceId);
  if (page.query.topic) parameters.set('tema', page.query.topic);
  if (target > 1) parameters.set('pagina', String(target));
  const search = parameters.toString();
  return `/respuestas${search ? `?${search}` : ''}`;
}

function pagination(page: ListingPage): string {
  if (page.pageCount <= 1) return '';
  const links: string[] = [];
  if (page.page > 1)
    links.push(
      `<a rel="prev" href="${escapeHtml(pageLink(page, page.page - 1))}">Página anterior</a>`,
    );
  if (page.page < page.pageCount)
    links.push(
      `<a rel="next" href="${escapeHtml(pageLink(page, page.page + 1))}">Página siguiente</a>`,
    );
  return `<nav class="pages" aria-label="Páginas de resultados">${links.join('')}</nav>`;
}

function summary(page: ListingPage): string {
  const filtered = page.query.q !== '' || page.query.spaceId !== null || page.query.topic !== null;
  if (page.total === 0) {
    return filtered
      ? 'Ninguna respuesta publicada coincide con su búsqueda. Pruebe con otras palabras o quite los filtros.'
      : 'Todavía no hay respuestas publicadas.';
  }
  const one = page.total === 1;
  const answers = one ? '1 respuesta publicada' : `${page.total} respuestas publicadas`;
  const matching = filtered ? ` ${one ? 'coincide' : 'coinciden'} con su búsqueda` : '';
  return `${answers}${matching}. Página ${page.page} de ${page.pageCount}.`;
}

/** `GET /respuestas`: the search form, the filters and one page of published answers. */
export function answersListHtml(page: ListingPage): string {
  const { query } = page;
  const main = `<h1>Respuestas oficiales a las preguntas de la ciudadanía</h1>
<p>Aquí están las respuestas que la Agencia Nacional de Minería aprobó y publicó, de la más reciente a la más antigua. Cada pregunta tiene su código de seguimiento.</p>
<form method="get" action="/respuestas" role="search" aria-label="Buscar respuestas">
<div class="field"><label for="q">Palabras o código</label><input id="q" name="q" type="search" value="${escapeHtml(query.q)}" maxlength="200"></div>
${select('espacio', 'Espacio de diálogo', 'Todos los espacios', page.spaces, query.spaceId)}
${select('tema', 'Tema', 'Todos los temas', page.topics, query.topic)}
<button type="submit">Buscar</button>
</form>
<p id="resultados">${escapeHtml(summary(page))}</p>
${page.items.map(answerItem).join('\n')}
${pagination(page)}`;
  const title =
    page.pageCount > 1
      ? `Respuestas oficiales (página ${page.page}) · ANM`
      : 'Respuestas oficiales · ANM';
  return layout(title, main);
}

/** `GET /respuestas/{code}`: one question's public status, due date and, once published, answer. */
export function questionStatusHtml(question: PublicQuestionStatus): string {
  const rows: [string, string][] = [
    ['Estado', escapeHtml(question.statusLabel)],
    ['Recibida', time(question.receivedAt)],
    [question.open ? 'Plazo para responder' : 'Plazo que tenía', time(question.dueAt)],
  ];
  if (question.published) rows.push(['Respondida', time(question.published.publishedAt)]);
  const body = question.published
    ? `<h2>Pregunta</h2>
<p class="question-text">${escapeHtml(question.published.questionText)}</p>
<h2>Respuesta de la ANM</h2>
<p class="answer-text">${escapeHtml(question.published.answer)}</p>`
    : `<p>${escapeHtml(
        question.open
          ? `La ANM debe responderla a más tardar ${dateInWords(question.dueAt)}. La respuesta aparecerá aquí cuando se publique.`
          : 'Esta pregunta ya no espera una respuesta publicada.',
      )}</p>`;
  const main = `<h1>Pregunta ${escapeHtml(question.trackingCode)}</h1>
${facts(rows)}
${body}
<p><a href="/respuestas">Ver todas las respuestas publicadas</a></p>`;
  return layout(`Pregunta ${question.trackingCode} · ANM`, main);
}

/** An unknown or malformed code: a page in Spanish that says what to check. */
export function codeNotFoundHtml(reason: 'format' | 'checksum' | 'not-found'): string {
  const first =
    reason === 'not-found'
      ? 'No encontramos ninguna pregunta con ese código.'
      : reason === 'checksum'
        ? 'Ese código tiene un error: puede faltar o sobrar una letra o un número.'
        : 'Esa dirección no tiene un código de pregunta válido. Los códigos se ven así: ANM-7K3M-Q9XD.';
  const main = `<h1>Pregunta no encontrada</h1>
<p>${escapeHtml(first)}</p>
<p>Revise el código que le dio la ANM o búsquelo en <a href="/respuestas">las respuestas publicadas</a>.</p>`;
  return layout('Pregunta no encontrada · ANM', main);
}
