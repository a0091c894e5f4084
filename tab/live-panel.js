// The live panel: the questions of the chosen session, refreshed every few seconds, and the
// staff's actions on them. It needs no Teams: in a plain browser it works the same, once staff
// have signed in (staff-sign-in.js).
import { panelApi, useStaffSession } from './panel-api.js';
import {
  renderGroups,
  renderSpaces,
  scheduledNote,
  spaceDescription,
  spaceFacts,
} from './panel-view.js';
import { connectSpaceForm } from './space-form.js';
import { connectStaffSignIn } from './staff-sign-in.js';
import { initializeTeams } from './teams-host.js';

const pollIntervalMs = 3000;
const freshForMs = 8000;

const byId = (id) => document.getElementById(id);
const view = {
  select: byId('space-select'),
  spaceState: byId('space-state'),
  spaceFacts: byId('space-facts'),
  scheduleButton: byId('schedule-button'),
  detailsButton: byId('details-button'),
  completionNotice: byId('completion-notice'),
  scheduledNote: byId('scheduled-note'),
  noSpaces: byId('no-spaces'),
  session: byId('session'),
  captured: byId('count-captured'),
  answered: byId('count-answered'),
  pending: byId('count-pending'),
  error: byId('error'),
  notice: byId('notice'),
  closedNote: byId('closed-note'),
  toolbar: byId('toolbar'),
  mergeButton: byId('merge-button'),
  selectionHint: byId('selection-hint'),
  empty: byId('empty'),
  groups: byId('groups'),
  announcer: byId('announcer'),
  closing: byId('closing'),
  closeButton: byId('close-button'),
  closeDialog: byId('close-dialog'),
  closeDialogTitle: byId('close-dialog-space'),
  closeConfirm: byId('close-confirm'),
  closeCancel: byId('close-cancel'),
};

const state = {
  spaces: [],
  spaceId: undefined,
  data: undefined,
  selected: new Set(),
  /** Question ids already seen in the current space, to tell which ones just arrived. */
  known: undefined,
  fresh: new Map(),
  busy: false,
  refreshes: 0,
  timer: undefined,
};

/** `source` tells a failed refresh (cleared by the next good one) from a failed action. */
function showError(error, source) {
  view.error.dataset.source = source;
  view.error.textContent =
    error?.name === 'PanelApiError'
      ? error.message
      : 'Tuvimos un problema técnico. Intente de nuevo en unos segundos.';
  view.error.hidden = false;
}

function clearError(source) {
  if (source && view.error.dataset.source !== source) return;
  view.error.hidden = true;
  view.error.textContent = '';
}

function showNotice(text) {
  view.notice.textContent = text;
  view.notice.hidden = !text;
}

function announceArrivals(data) {
  const ids = data.groups.flatMap((group) => group.members.map((member) => member.id));
  if (state.known?.spaceId !== data.space.id) {
    state.known = { spaceId: data.space.id, ids: new Set(ids) };
    return;
  }
  const arrived = data.groups.flatMap((group) =>
    group.members
      .filter((member) => !state.known.ids.has(member.id))
      .map((member) => ({ group, member })),
  );
  for (const id of ids) state.known.ids.add(id);
  if (arrived.length === 0) return;
  const until = Date.now() + freshForMs;
  for (const { group } of arrived) state.fresh.set(group.id, until);
  view.announcer.textContent =
    arrived.length === 1
      ? `Nueva pregunta: ${arrived[0].member.text}`
      : `Llegaron ${arrived.length} preguntas nuevas.`;
}

function render() {
  const spaces = [...state.spaces];
  const current = state.data?.space;
  if (current && !spaces.some((space) => space.id === current.id)) spaces.push(current);
  renderSpaces(view.select, spaces, state.spaceId);
  view.noSpaces.hidden = spaces.length > 0;
  view.session.hidden = !state.data;
  view.detailsButton.hidden = !state.data;
  view.completionNotice.hidden = !state.data?.space.needsCompletion;
  // The type of a space the bot opened by itself is a guess: it is shown once staff chose it.
  view.spaceFacts.hidden = !state.data || state.data.space.needsCompletion;
  if (!state.data) return;

  const { space, tally, groups } = state.data;
  const isOpen = space.state === 'open';
  view.spaceState.textContent = spaceDescription(space);
  view.spaceFacts.textContent = spaceFacts(space);
  view.detailsButton.textContent = space.needsCompletion ? 'Completar datos' : 'Editar datos';
  view.scheduledNote.hidden = space.state !== 'scheduled';
  view.scheduledNote.textContent = space.state === 'scheduled' ? scheduledNote(space) : '';
  view.captured.textContent = String(tally.captured);
  view.answered.textContent = String(tally.answeredLive);
  view.pending.textContent = String(tally.pending);
  view.closedNote.hidden = space.state !== 'closed';
  view.toolbar.hidden = !isOpen || groups.length < 2;
  view.closing.hidden = !isOpen;
  view.empty.hidden = groups.length > 0;

  const now = Date.now();
  for (const [id, until] of state.fresh) if (until < now) state.fresh.delete(id);
  const groupIds = new Set(groups.map((group) => group.id));
  for (const id of state.selected) if (!groupIds.has(id) || !isOpen) state.selected.delete(id);
  renderGroups(view.groups, groups, {
    canChange: isOpen,
    selected: state.selected,
    fresh: new Set(state.fresh.keys()),
  });

  const count = state.selected.size;
  view.mergeButton.disabled = count < 2 || state.busy;
  view.mergeButton.textContent = count >= 2 ? `Agrupar (${count})` : 'Agrupar';
  view.selectionHint.textContent =
    count >= 2
      ? 'Quedarán juntas bajo la pregunta más antigua.'
      : 'Marque dos o más preguntas que digan lo mismo para agruparlas.';
}

async function refresh() {
  const refresh = ++state.refreshes;
  const { spaces } = await panelApi.spaces();
  if (refresh !== state.refreshes) return;
  state.spaces = spaces;
  if (!state.spaceId) {
    const preferred = spaces.find((space) => space.state === 'open') ?? spaces[0];
    state.spaceId = preferred?.id;
  }
  const spaceId = state.spaceId;
  if (spaceId) {
    const data = await panelApi.questions(spaceId);
    if (refresh !== state.refreshes || spaceId !== state.spaceId) return;
    announceArrivals(data);
    state.data = data;
  }
  clearError('refresh');
  render();
}

/** Signed out (401) or without the role (403): refreshing again would only be refused again. */
const refusedStatuses = new Set([401, 403]);

async function poll() {
  clearTimeout(state.timer);
  try {
    await refresh();
  } catch (error) {
    // A 401 shows the sign-in prompt instead (panel-api.js).
    if (error?.status !== 401) showError(error, 'refresh');
    if (refusedStatuses.has(error?.status)) return;
  }
  // An action's refresh may overlap the timer's: only one timer is left running.
  clearTimeout(state.timer);
  state.timer = setTimeout(poll, pollIntervalMs);
}

/** One staff action at a time; the list is refreshed right after it. */
async function act(work, describe) {
  if (state.busy) return;
  state.busy = true;
  document.body.setAttribute('aria-busy', 'true');
  showNotice('');
  try {
    const result = await work();
    clearError();
    showNotice(describe(result));
  } catch (error) {
    if (error?.status !== 401) showError(error, 'action');
  } finally {
    state.busy = false;
    document.body.removeAttribute('aria-busy');
  }
  await poll();
}

const closingNotices = {
  posted: 'Sesión cerrada. El resumen se publicó en el chat de la reunión.',
  'not-a-teams-meeting': 'Sesión cerrada.',
  'meeting-chat-unknown':
    'Sesión cerrada. No se publicó el resumen: el asistente no conoce el chat de la reunión.',
  failed: 'Sesión cerrada, pero no se pudo publicar el resumen en el chat de la reunión.',
  'already-closed': 'La sesión ya estaba cerrada.',
};

const spaceForm = connectSpaceForm({
  section: byId('space-form-section'),
  api: panelApi,
  scheduleButton: view.scheduleButton,
  detailsButton: view.detailsButton,
  currentSpace: () => state.data?.space,
  onOpened(error) {
    showNotice('');
    if (error && error.status !== 401) showError(error, 'action');
    else clearError('action');
  },
  onSaved(space, notice) {
    if (space.id !== state.spaceId) {
      state.spaceId = space.id;
      state.data = undefined;
      state.selected.clear();
    } else if (state.data) {
      state.data = { ...state.data, space };
    }
    clearError();
    showNotice(notice);
    render();
    view.select.focus();
    void poll();
  },
});

view.select.addEventListener('change', () => {
  if (spaceForm.spaceId) spaceForm.close({ restoreFocus: false });
  state.spaceId = view.select.value || undefined;
  state.data = undefined;
  state.selected.clear();
  showNotice('');
  clearError();
  render();
  void poll();
});

view.groups.addEventListener('change', (event) => {
  const checkbox = event.target.closest('input[data-select]');
  if (!checkbox) return;
  if (checkbox.checked) state.selected.add(checkbox.dataset.select);
  else state.selected.delete(checkbox.dataset.select);
  render();
});

view.groups.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const { action, id } = button.dataset;
  if (action === 'answered-live') {
    void act(
      () => panelApi.answeredLive(id),
      () => 'Pregunta marcada como respondida en vivo.',
    );
  } else if (action === 'split') {
    void act(
      () => panelApi.split(id),
      () => 'La pregunta quedó separada del grupo.',
    );
  }
});

view.mergeButton.addEventListener('click', () => {
  const chosen = state.data.groups.filter((group) => state.selected.has(group.id));
  if (chosen.length < 2) return;
  // The group asked first keeps its question as the one that stands for all.
  const [target, ...others] = [...chosen].sort(
    (a, b) => Date.parse(a.members[0].receivedAt) - Date.parse(b.members[0].receivedAt),
  );
  void act(
    () =>
      panelApi.merge(
        target.id,
        others.map((group) => group.id),
      ),
    () => {
      state.selected.clear();
      return `Se agruparon ${chosen.length} preguntas.`;
    },
  );
});

view.closeButton.addEventListener('click', () => {
  if (!state.data) return;
  view.closeDialogTitle.textContent = state.data.space.title;
  view.closeDialog.showModal();
});
view.closeCancel.addEventListener('click', () => view.closeDialog.close());
view.closeConfirm.addEventListener('click', () => {
  view.closeDialog.close();
  const spaceId = state.spaceId;
  void act(
    () => panelApi.close(spaceId),
    (result) => closingNotices[result.announcement] ?? 'Sesión cerrada.',
  );
});

const staffSession = await connectStaffSignIn({
  teams: await initializeTeams(),
  section: byId('sign-in'),
  footer: byId('staff-footer'),
  devRole: 'staff',
  onSignedIn() {
    clearError();
    void poll();
  },
});
useStaffSession(staffSession);
if (staffSession.ready) void poll();
