// "Entregas con problemas": the deliveries the assistant gave up on or could not deliver, and the
// Facebook Live private replies that failed, each with "Reintentar". A retry names the `version`
// the list showed: when someone retried first the server refuses (409) and the list is read again.
// The lines show no personal data (the API sends none): codes, channels, reasons and dates.
import {
  deliveryChannelLabels,
  deliveryKindLabels,
  label,
  problemStatusLabels,
} from './moderation-labels.js';
import { el, formatDate, formatTime } from './panel-view.js';

const dateTime = (iso) => `${formatDate(iso)}, ${formatTime(iso)}`;
const attempts = (count) => (count === 1 ? '1 intento' : `${count} intentos`);

let lineCount = 0;

/** One line: what it is, its state, why, and "Reintentar" when a retry may help. */
function problemLine({ kind, id, version, what, facts, reason, retryable, notRetryable }) {
  const key = `problem-${++lineCount}`;
  return el(
    'li',
    { class: 'queue-item problem-item', 'data-kind': kind, 'data-id': id },
    el('p', { class: 'queue-text', id: `${key}-what` }, what),
    el('p', { class: 'meta' }, ...facts),
    reason && el('p', { class: 'problem-reason' }, `Motivo: ${reason}`),
    !retryable && el('p', { class: 'hint' }, notRetryable),
    el('p', { class: 'problem-state', id: `${key}-state`, tabindex: '-1', hidden: true }),
    retryable &&
      el(
        'button',
        {
          type: 'button',
          'data-retry': kind,
          'data-id': id,
          'data-version': String(version),
          'aria-label': `Reintentar: ${what}`,
          'aria-describedby': `${key}-state`,
        },
        'Reintentar',
      ),
  );
}

function deliveryLine(item) {
  return problemLine({
    kind: 'delivery',
    id: item.id,
    version: item.version,
    what: `${label(deliveryKindLabels, item.kind)} a ${item.trackingCode} por ${label(deliveryChannelLabels, item.channel)}`,
    facts: [
      el(
        'span',
        { class: `status status-${item.status}` },
        label(problemStatusLabels, item.status),
      ),
      el('span', {}, attempts(item.attempts)),
      item.lastAttemptAt && el('span', {}, `Último intento: ${dateTime(item.lastAttemptAt)}`),
    ],
    reason: item.reason,
    retryable: item.retryable,
    notRetryable: 'Este envío no se puede reintentar.',
  });
}

function replyLine(item) {
  const code = item.trackingCode ?? 'una pregunta sin código';
  return problemLine({
    kind: 'reply',
    id: item.id,
    version: item.version,
    what: `Respuesta privada en Facebook a ${code}${item.space ? ` · ${item.space.title}` : ''}`,
    facts: [
      el('span', { class: 'status status-failed' }, 'Falló'),
      item.commentedAt && el('span', {}, `Comentario: ${dateTime(item.commentedAt)}`),
      el('span', {}, `Falló: ${dateTime(item.failedAt)}`),
      item.version > 0 &&
        el('span', {}, `Reintentada ${item.version === 1 ? '1 vez' : `${item.version} veces`}`),
    ],
    reason: item.reason,
    retryable: item.retryable,
    notRetryable:
      'Ya no se puede reintentar: Facebook admite la respuesta privada solo durante 7 días después del comentario.',
  });
}

function renderList(list, empty, more, page, line, append) {
  const lines = page.items.map(line);
  if (append) list.append(...lines);
  else list.replaceChildren(...lines);
  empty.hidden = list.children.length > 0;
  more.hidden = !page.nextCursor;
  return page.nextCursor;
}

const queuedText = {
  delivery:
    'Reintento en cola: el asistente lo enviará en unos segundos. Use «Actualizar la lista» para ver el resultado.',
  reply:
    'Reintento en cola: el asistente preguntará a Facebook si el comentario ya tiene respuesta y, si no, la enviará en los próximos minutos.',
};

/**
 * The view's behaviour. `page` gives what the page shares: the API, one-request-at-a-time
 * (`guarded`), the status announcements and the error box.
 */
export function connectProblemsView(view, page) {
  const cursors = { deliveries: null, replies: null };

  async function loadDeliveries(append = false) {
    const result = await page.api.deliveryProblems(append ? cursors.deliveries : undefined);
    cursors.deliveries = renderList(
      view.deliveries,
      view.deliveriesEmpty,
      view.deliveriesMore,
      result,
      deliveryLine,
      append,
    );
  }

  async function loadReplies(append = false) {
    const result = await page.api.failedReplies(append ? cursors.replies : undefined);
    cursors.replies = renderList(
      view.replies,
      view.repliesEmpty,
      view.repliesMore,
      result,
      replyLine,
      append,
    );
  }

  async function load() {
    await Promise.all([loadDeliveries(), loadReplies()]);
    const deliveries = view.deliveries.children.length;
    const replies = view.replies.children.length;
    page.announce(
      deliveries + replies === 0
        ? 'No hay entregas con problemas.'
        : `Entregas con problemas: ${deliveries === 1 ? '1 envío' : `${deliveries} envíos`} y ${replies === 1 ? '1 respuesta privada' : `${replies} respuestas privadas`}.`,
    );
  }

  async function retry(button) {
    const { retry: kind, id, version } = button.dataset;
    const line = button.closest('li');
    const stateText = line.querySelector('.problem-state');
    try {
      if (kind === 'delivery') await page.api.retryDelivery(id, Number(version));
      else await page.api.retryReply(id, Number(version));
    } catch (error) {
      if (error?.status === 409) {
        // Someone retried it first, or its state changed: the list as it is now.
        await load().catch(() => undefined);
        error.message = `${error.message} La lista se volvió a cargar.`;
      }
      throw error;
    }
    page.clearError();
    stateText.textContent = queuedText[kind];
    stateText.hidden = false;
    button.remove();
    stateText.focus();
    page.announce(queuedText[kind]);
  }

  view.refresh.addEventListener('click', () => page.guarded(load));
  view.deliveriesMore.addEventListener('click', () => page.guarded(() => loadDeliveries(true)));
  view.repliesMore.addEventListener('click', () => page.guarded(() => loadReplies(true)));
  view.section.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-retry]');
    if (!button) return;
    void page.guarded(async () => {
      try {
        await retry(button);
      } catch (error) {
        if (error?.status === 401) throw error;
        // The line may be gone (the list was read again): the message takes the focus.
        page.showError(error);
        page.focusError();
      }
    });
  });

  return { load };
}
