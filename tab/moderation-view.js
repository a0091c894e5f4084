// Rendering of the moderators' page: the queue, one question (facts, group, space, history,
// deliveries) and the draft's readability. Question texts come from the public and drafts from
// staff: they are only ever set with textContent (through `el`).
import {
  actorLabels,
  channelLabels,
  deliveryChannelLabels,
  deliveryKindLabels,
  deliveryStatusLabels,
  eventLabels,
  fieldLabels,
  label,
  originLabels,
  petitionKindLabels,
  statusLabels,
} from './moderation-labels.js';
import { el, formatDate, formatTime } from './panel-view.js';

/** Business days left at or below which a waiting question is marked "vence pronto". */
export const dueSoonBusinessDays = 3;

const days = (count) => (count === 1 ? '1 día hábil' : `${count} días hábiles`);
const people = (count) => (count === 1 ? '1 persona' : `${count} personas`);
const dateTime = (iso) => `${formatDate(iso)}, ${formatTime(iso)}`;

export const channelLabel = (channel, origin) =>
  Object.hasOwn(originLabels, origin) ? originLabels[origin] : label(channelLabels, channel);

/**
 * How urgent a waiting question is, in words and a symbol, so that colour is never the only sign:
 * undefined for closed questions and for those with time to spare.
 */
export function urgencyOf(businessDaysLeft) {
  if (businessDaysLeft === null || businessDaysLeft === undefined) return undefined;
  if (businessDaysLeft < 0) {
    return { kind: 'overdue', text: `Vencida hace ${days(-businessDaysLeft)}` };
  }
  if (businessDaysLeft === 0) return { kind: 'soon', text: 'Vence hoy' };
  if (businessDaysLeft <= dueSoonBusinessDays) {
    return {
      kind: 'soon',
      text: `Vence pronto: queda${businessDaysLeft === 1 ? '' : 'n'} ${days(businessDaysLeft)}`,
    };
  }
  return undefined;
}

function urgencyBadge(businessDaysLeft) {
  const urgency = urgencyOf(businessDaysLeft);
  if (!urgency) return undefined;
  return el(
    'span',
    { class: `urgency urgency-${urgency.kind}` },
    el('span', { 'aria-hidden': 'true' }, urgency.kind === 'overdue' ? '⚠ ' : '⏰ '),
    urgency.text,
  );
}

function dueText(dueDate, businessDaysLeft) {
  const base = `Vence el ${formatDate(dueDate)}`;
  return businessDaysLeft === null ||
    businessDaysLeft < 0 ||
    businessDaysLeft <= dueSoonBusinessDays
    ? base
    : `${base} (quedan ${days(businessDaysLeft)})`;
}

const statusPill = (status) =>
  el('span', { class: `status status-${status}` }, label(statusLabels, status));

function queueItem(item) {
  const textId = `queue-${item.id}-text`;
  const urgency = urgencyOf(item.businessDaysLeft);
  return el(
    'li',
    { class: `queue-item${urgency ? ` is-${urgency.kind}` : ''}`, 'data-id': item.id },
    el('p', { class: 'queue-text', id: textId }, item.text),
    el(
      'p',
      { class: 'meta' },
      el('span', { class: 'code' }, item.trackingCode),
      statusPill(item.status),
      urgencyBadge(item.businessDaysLeft),
      el('span', { class: 'due' }, dueText(item.dueDate, item.businessDaysLeft)),
      el('span', {}, channelLabel(item.channel, item.origin)),
      item.groupSize > 1 && el('span', { class: 'askers' }, people(item.groupSize)),
      item.area && el('span', {}, `Área: ${item.area}`),
      item.assignee &&
        el('span', {}, `Responsable: ${item.assignee.name || item.assignee.subject}`),
    ),
    el(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-open': item.id,
        'aria-describedby': textId,
      },
      `Abrir ${item.trackingCode}`,
    ),
  );
}

/** The queue's lines; with `append`, after those already shown (the next page). */
export function renderQueue(list, items, { append = false } = {}) {
  const lines = items.map(queueItem);
  if (append) list.append(...lines);
  else list.replaceChildren(...lines);
}

export function renderCounts(list, counts) {
  const shown = Object.entries(counts ?? {}).filter(([, count]) => count > 0);
  list.replaceChildren(
    ...shown.map(([status, count]) =>
      el('div', {}, el('dt', {}, label(statusLabels, status)), el('dd', {}, String(count))),
    ),
  );
}

const fact = (term, value) => el('div', {}, el('dt', {}, term), el('dd', {}, value));

function questionFacts(question) {
  return [
    fact('Estado', statusPill(question.status)),
    fact('Tipo de petición', label(petitionKindLabels, question.petitionKind)),
    fact('Recibida', dateTime(question.receivedAt)),
    fact(
      'Vence',
      el(
        'span',
        {},
        dueText(question.dueDate, question.businessDaysLeft),
        ' ',
        urgencyBadge(question.businessDaysLeft),
      ),
    ),
    fact('Canal', channelLabel(question.channel, question.origin)),
    fact('Área responsable', question.area ?? 'Sin asignar'),
    fact(
      'Responsable',
      question.assignee ? question.assignee.name || question.assignee.subject : 'Sin asignar',
    ),
    question.extension &&
      fact('Prórroga', `${dateTime(question.extension.at)}: ${question.extension.reason}`),
    question.forwarding &&
      fact('Traslado', `A ${question.forwarding.authority}: ${question.forwarding.reason}`),
    question.rejection && fact('Motivo del rechazo', question.rejection.reason),
    question.publishedAt && fact('Publicada', dateTime(question.publishedAt)),
  ];
}

function spaceSummary(space) {
  if (!space) return 'Se preguntó fuera de un espacio de participación.';
  const place = [space.municipality, space.department].filter(Boolean).join(', ');
  return [space.title, place].filter(Boolean).join(' · ');
}

function memberLine(member, currentId) {
  return el(
    'li',
    {},
    el('span', { class: 'code' }, member.trackingCode),
    ' · ',
    label(statusLabels, member.status),
    ' · ',
    channelLabel(member.channel, member.origin),
    ' · ',
    `recibida ${dateTime(member.receivedAt)}`,
    member.id === currentId ? ' (esta pregunta)' : '',
  );
}

const attemptsText = (count) => (count === 1 ? '1 intento' : `${count} intentos`);

/** What a retry in the history was about: the record carries no personal data, only these. */
const retried = {
  retriedDelivery: (value) =>
    `${label(deliveryKindLabels, value.kind)} por ${label(deliveryChannelLabels, value.channel)}, tras ${attemptsText(value.attempts)}${value.reason ? ` (${value.reason})` : ''}`,
  retriedPrivateReply: (value) => `falló ${value.reason ? `porque ${value.reason}` : ''}`.trim(),
};

function shown(field, value) {
  if (value === null || value === undefined) return 'vacío';
  if (Object.hasOwn(retried, field) && typeof value === 'object') return retried[field](value);
  if (field === 'petitionKind') return label(petitionKindLabels, value);
  if (field === 'groupId') return 'otra pregunta';
  if (typeof value === 'object') {
    if (typeof value.name === 'string' || typeof value.subject === 'string')
      return value.name || value.subject;
    if (value.approvedBy) return shown('assignee', value.approvedBy);
    if (typeof value.reason === 'string') return `«${value.reason}»`;
    if (typeof value.text === 'string') return `«${value.text}»`;
    return JSON.stringify(value);
  }
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return formatDate(value);
  return label(statusLabels, String(value));
}

function historyLine(event) {
  const who = event.by ? event.by.name || event.by.subject : label(actorLabels, event.actor);
  const changes = Object.entries(event.changes)
    .filter(([field, after]) => JSON.stringify(event.before[field]) !== JSON.stringify(after))
    .map(([field, after]) => {
      const name = label(fieldLabels, field);
      return Object.hasOwn(event.before, field) && !Object.hasOwn(retried, field)
        ? `${name}: ${shown(field, event.before[field])} → ${shown(field, after)}`
        : `${name}: ${shown(field, after)}`;
    });
  return el(
    'li',
    {},
    el('p', {}, el('strong', {}, label(eventLabels, event.type)), ` · ${who}`),
    el('p', { class: 'hint' }, el('time', { datetime: event.at }, dateTime(event.at))),
    changes.length > 0 && el('p', { class: 'changes' }, changes.join('; ')),
  );
}

function deliveryLine(delivery) {
  return el(
    'li',
    {},
    `${label(deliveryKindLabels, delivery.kind)} a ${delivery.trackingCode} por ${label(deliveryChannelLabels, delivery.channel)}: `,
    el('strong', {}, label(deliveryStatusLabels, delivery.status)),
    delivery.attempts > 0
      ? ` (${delivery.attempts} ${delivery.attempts === 1 ? 'intento' : 'intentos'})`
      : '',
    delivery.sentAt ? ` · enviado ${dateTime(delivery.sentAt)}` : '',
  );
}

function draftState(draft, signedInSubject) {
  const author = draft.draftedBy.name || draft.draftedBy.subject;
  const parts = [`Borrador de ${author} (${dateTime(draft.draftedAt)}).`];
  if (draft.suggested)
    parts.push('Lo sugirió la IA: revíselo y guárdelo como suyo antes de aprobarlo.');
  if (draft.draftedBy.subject === signedInSubject) parts.push('Otra persona debe aprobarlo.');
  return parts.join(' ');
}

/** The open question: its facts, space, group, draft, deliveries and history. */
export function renderQuestion(view, detail, { signedInSubject }) {
  const { question, group, space, history, deliveries } = detail;
  view.title.textContent = `Pregunta ${question.trackingCode}`;
  view.text.textContent = question.text;
  view.facts.replaceChildren(...questionFacts(question).filter(Boolean));
  view.spaceSummary.textContent = spaceSummary(space);
  view.spaceFilter.hidden = !space;
  const grouped = group && group.size > 1;
  view.groupSummary.textContent = grouped
    ? `${people(group.size)} hicieron esta pregunta; la respuesta llega a todas.`
    : 'Esta pregunta no está agrupada con otras.';
  view.groupMembers.replaceChildren(
    ...(grouped ? group.members.map((member) => memberLine(member, question.id)) : []),
  );
  const { draft } = question;
  view.draftState.textContent = draft
    ? draftState(draft, signedInSubject)
    : 'Todavía no hay borrador.';
  view.draftText.value = draft?.text ?? '';
  view.finalAnswer.textContent = draft?.text ?? '';
  view.deliveries.replaceChildren(...deliveries.map(deliveryLine));
  view.deliveriesEmpty.hidden = deliveries.length > 0;
  view.history.replaceChildren(...history.map(historyLine));
}

/** The readability meter: the score, its band, and what to simplify below the floor. */
export function renderReadability(view, readability) {
  view.readability.hidden = !readability;
  if (!readability) return;
  const score = readability.score.toFixed(1).replace('.', ',');
  view.meter.value = Math.max(0, Math.min(100, readability.score));
  view.meter.textContent = score;
  view.score.textContent = `${score} de 100 · ${readability.meetsFloor ? 'cumple la meta' : 'por debajo de la meta'} (${readability.floor})`;
  view.advice.textContent = readability.advice;
  view.hints.replaceChildren(
    ...(readability.longSentences ?? []).map((sentence) =>
      el('li', {}, `Frase de ${sentence.words} palabras: «${sentence.start}»`),
    ),
    ...((readability.longWords ?? []).length > 0
      ? [el('li', {}, `Palabras largas: ${readability.longWords.join(', ')}`)]
      : []),
  );
}

/** The readability of a stored draft, known only by its score until it is saved again. */
export function storedReadability(question) {
  const score = question.draft?.readability;
  if (typeof score !== 'number') return undefined;
  const meetsFloor = score >= 55;
  return {
    score,
    floor: 55,
    meetsFloor,
    advice: meetsFloor
      ? 'Se entiende bien.'
      : 'Difícil de leer: guarde de nuevo el borrador para ver qué simplificar.',
    longSentences: [],
    longWords: [],
  };
}

const questionsText = (count) => (count === 1 ? '1 pregunta' : `${count} preguntas`);

/** One option of the space filter: its title, place and how many questions it has. */
export function spaceOption(space) {
  const place = [space.municipality, space.department].filter(Boolean).join(', ');
  const text = [space.title, place].filter(Boolean).join(' · ');
  return el(
    'option',
    { value: space.id },
    space.questions === undefined ? text : `${text} (${questionsText(space.questions)})`,
  );
}

/** The space filter's choices after "Todos los espacios", keeping the one chosen if listed. */
export function renderSpaceOptions(select, spaces) {
  const chosen = select.value;
  const [all] = select.options;
  select.replaceChildren(all, ...spaces.map(spaceOption));
  select.value = spaces.some((space) => space.id === chosen) ? chosen : '';
}
