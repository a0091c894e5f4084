// Rendering of the live panel. The question list is updated in place, keyed by group, so that a
// refresh every few seconds neither flickers nor loses focus, checked boxes or open details.
// Question texts come from the public: they are only ever set with textContent.

const timeZone = 'America/Bogota';
const timeFormat = new Intl.DateTimeFormat('es-CO', {
  timeZone,
  hour: 'numeric',
  minute: '2-digit',
});
const dateFormat = new Intl.DateTimeFormat('es-CO', {
  timeZone,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

const channelLabels = { msteams: 'Teams', facebook: 'Facebook' };
const statusLabels = {
  pending: 'Pendiente',
  in_review: 'En revisión',
  answered: 'Respondida',
  published: 'Publicada',
  answered_live: 'Respondida en vivo',
  duplicate: 'Duplicada',
  withdrawn: 'Retirada',
};

export const formatTime = (iso) => timeFormat.format(new Date(iso));
export const formatDate = (iso) => dateFormat.format(new Date(iso));

/** A DOM element: attributes (false/undefined ones left out), then children (text or nodes). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) element.append(child);
  }
  return element;
}

function channelBadge(channel) {
  const known = Object.hasOwn(channelLabels, channel);
  return el(
    'span',
    { class: `badge badge-${known ? channel : 'other'}` },
    known ? channelLabels[channel] : channel,
  );
}

function statusPill(status) {
  return el('span', { class: `status status-${status}` }, statusLabels[status] ?? status);
}

const people = (count) => (count === 1 ? '1 persona' : `${count} personas`);

function memberItem(member, canChange) {
  const textId = `question-${member.id}-text`;
  return el(
    'li',
    { class: 'member' },
    el('p', { class: 'member-text', id: textId }, member.text),
    el(
      'p',
      { class: 'meta' },
      channelBadge(member.channel),
      el('span', {}, formatTime(member.receivedAt)),
      el('span', { class: 'code' }, member.trackingCode),
      statusPill(member.status),
    ),
    canChange &&
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'data-action': 'split',
          'data-id': member.id,
          'data-focus-key': `split:${member.id}`,
          'aria-describedby': textId,
        },
        'Separar',
      ),
  );
}

function groupContent(group, { canChange, selected, detailsOpen }) {
  const textId = `group-${group.id}-text`;
  const waiting = group.status !== 'answered_live' && group.dueAt !== null;
  return [
    el(
      'div',
      { class: 'group-head' },
      canChange &&
        el(
          'label',
          { class: 'select' },
          el('input', {
            type: 'checkbox',
            'data-select': group.id,
            'data-focus-key': `select:${group.id}`,
            'aria-describedby': textId,
            checked: selected,
          }),
          el('span', { class: 'visually-hidden' }, 'Seleccionar para agrupar'),
        ),
      el('p', { class: 'group-text', id: textId }, group.text),
    ),
    el(
      'p',
      { class: 'meta' },
      group.channels.map(channelBadge),
      el('span', { class: 'askers' }, people(group.askers)),
      statusPill(group.status),
      el('span', {}, formatTime(group.latestAt)),
      group.askers === 1 && el('span', { class: 'code' }, group.members[0].trackingCode),
      waiting && el('span', {}, `Plazo: ${formatDate(group.dueAt)}`),
    ),
    canChange &&
      ['pending', 'in_review'].includes(group.status) &&
      el(
        'div',
        { class: 'group-actions' },
        el(
          'button',
          {
            type: 'button',
            'data-action': 'answered-live',
            'data-id': group.id,
            'data-focus-key': `answered-live:${group.id}`,
            'aria-describedby': textId,
          },
          'Respondida en vivo',
        ),
      ),
    group.askers > 1 &&
      el(
        'details',
        { open: detailsOpen },
        el('summary', {}, `Ver las ${group.askers} preguntas del grupo`),
        el(
          'ul',
          { class: 'members' },
          group.members.map((member) => memberItem(member, canChange)),
        ),
      ),
  ];
}

/** Keeps focus on "the same" control when the element holding it is rebuilt or moved. */
function preservingFocus(render) {
  const key = document.activeElement?.dataset?.focusKey;
  render();
  if (key && !document.activeElement?.dataset?.focusKey) {
    document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
  }
}

/**
 * Shows `groups` in `list` in order. An item is rebuilt only when what it shows changed;
 * `fresh` ids get a brief highlight.
 */
export function renderGroups(list, groups, { canChange, selected, fresh }) {
  preservingFocus(() => {
    const existing = new Map([...list.children].map((item) => [item.dataset.id, item]));
    groups.forEach((group, index) => {
      let item = existing.get(group.id);
      existing.delete(group.id);
      const signature = JSON.stringify([group, canChange]);
      if (!item) item = el('li', { class: 'group', 'data-id': group.id });
      if (item.dataset.signature !== signature) {
        const detailsOpen = item.querySelector('details')?.open ?? false;
        item.replaceChildren(
          el(
            'article',
            { 'aria-labelledby': `group-${group.id}-text` },
            ...groupContent(group, {
              canChange,
              selected: selected.has(group.id),
              detailsOpen,
            }),
          ),
        );
        item.dataset.signature = signature;
      }
      item.classList.toggle('is-new', fresh.has(group.id));
      item.classList.toggle('is-selected', selected.has(group.id));
      if (list.children[index] !== item) list.insertBefore(item, list.children[index] ?? null);
    });
    for (const stale of existing.values()) stale.remove();
  });
}

const stateLabels = { open: 'en curso', scheduled: 'programada', closed: 'cerrada' };

/** The session selector; keeps the current choice even if it dropped off the server's list. */
export function renderSpaces(select, spaces, selectedId) {
  const options = spaces.map((space) =>
    el(
      'option',
      { value: space.id, selected: space.id === selectedId },
      `${space.title} (${stateLabels[space.state] ?? space.state})`,
    ),
  );
  const signature = JSON.stringify(options.map((option) => [option.value, option.textContent]));
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options);
    select.dataset.signature = signature;
  }
  if (selectedId) select.value = selectedId;
  select.disabled = spaces.length === 0;
}

export function spaceDescription(space) {
  const channels = space.channels.map((channel) => channelLabels[channel] ?? channel).join(' y ');
  const where = channels ? ` · ${channels}` : '';
  if (space.state === 'scheduled') {
    return space.scheduledAt
      ? `Programada para el ${formatDate(space.scheduledAt)} a las ${formatTime(space.scheduledAt)}${where}`
      : `Programada, sin fecha${where}`;
  }
  if (space.state === 'closed' && space.closedAt) {
    return `Cerrada el ${formatDate(space.closedAt)} a las ${formatTime(space.closedAt)}${where}`;
  }
  return space.openedAt
    ? `En curso desde las ${formatTime(space.openedAt)}${where}`
    : `En curso${where}`;
}

/** What kind of space it is, where, who answers and how many took part: "Audiencia pública · Neiva, Huila · …". */
export function spaceFacts(space) {
  const place = [space.municipality, space.department].filter(Boolean).join(', ');
  const took =
    typeof space.participants === 'number'
      ? `${new Intl.NumberFormat('es-CO').format(space.participants)} ${space.participants === 1 ? 'participante' : 'participantes'}`
      : '';
  return [space.typeLabel, place, space.responsibleArea, took].filter(Boolean).join(' · ');
}

/** Why a scheduled space is still waiting, and what opens it. */
export function scheduledNote(space) {
  const names = { msteams: 'su reunión de Teams', facebook: 'su transmisión de Facebook' };
  if (space.channels.length === 0) {
    return 'Esta sesión está programada, pero aún no tiene canales: agregue su reunión de Teams o su video de Facebook con «Editar datos» para que se abra sola.';
  }
  const what = space.channels.map((channel) => names[channel] ?? channel).join(' o ');
  return `Esta sesión está programada: se abrirá sola cuando empiece ${what}.`;
}
