// The moderators' page: the queue of registered questions with its filters, one question with
// its group, space, history and deliveries, the draft with its readability, and the actions.
// Every action sends the `version` of the question the page read: if someone changed it meanwhile
// the server refuses (409) and the page says so and reads the question again.
import { formProblems, formValues, renderActionForms, actionForms } from './moderation-actions.js';
import { moderationApi, useStaffSession } from './moderation-api.js';
import { connectProblemsView } from './moderation-problems.js';
import {
  renderCounts,
  renderQuestion,
  renderQueue,
  renderReadability,
  renderSpaceOptions,
  spaceOption,
  storedReadability,
} from './moderation-view.js';
import { el } from './panel-view.js';
import { connectStaffSignIn, nameInToken } from './staff-sign-in.js';
import { initializeTeams } from './teams-host.js';

const byId = (id) => document.getElementById(id);
const view = {
  error: byId('error'),
  errorMessage: byId('error-message'),
  errorProblems: byId('error-problems'),
  status: byId('status'),
  notice: byId('notice'),
  queueSection: byId('queue-section'),
  showQueue: byId('show-queue'),
  showProblems: byId('show-problems'),
  problems: byId('problems-section'),
  problemsTitle: byId('problems-title'),
  filters: byId('filters'),
  spaceSelect: byId('filter-space'),
  filtersReset: byId('filters-reset'),
  refresh: byId('queue-refresh'),
  counts: byId('counts'),
  queue: byId('queue'),
  queueEmpty: byId('queue-empty'),
  more: byId('queue-more'),
  question: byId('question-section'),
  back: byId('question-back'),
  title: byId('question-title'),
  text: byId('question-text'),
  facts: byId('question-facts'),
  spaceSummary: byId('space-summary'),
  spaceFilter: byId('space-filter'),
  groupSummary: byId('group-summary'),
  groupMembers: byId('group-members'),
  draftState: byId('draft-state'),
  draftForm: byId('draft-form'),
  draftText: byId('draft-text'),
  suggest: byId('draft-suggest'),
  approve: byId('approve-button'),
  approving: byId('approving'),
  finalAnswer: byId('final-answer'),
  actions: byId('actions'),
  actionsSection: byId('actions-section'),
  deliveries: byId('deliveries'),
  deliveriesEmpty: byId('deliveries-empty'),
  history: byId('history'),
  readability: byId('readability'),
  meter: byId('readability-meter'),
  score: byId('readability-score'),
  advice: byId('readability-advice'),
  hints: byId('readability-hints'),
};

const closedStatuses = new Set([
  'answered',
  'published',
  'answered_live',
  'duplicate',
  'withdrawn',
  'forwarded',
  'rejected',
]);

const state = { filters: {}, nextCursor: null, detail: undefined, busy: false, me: undefined };

/** Who is signed in, as the server will record them (Entra's `oid`, else `sub`). */
function staffRefOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(part));
    const subject = typeof claims.oid === 'string' ? claims.oid : claims.sub;
    return typeof subject === 'string' ? { subject, name: nameInToken(token) } : undefined;
  } catch {
    return undefined;
  }
}

function announce(text) {
  view.status.textContent = text;
  view.notice.textContent = text;
  view.notice.hidden = !text;
}

function showError(error) {
  view.errorMessage.textContent =
    error?.name === 'ModerationApiError'
      ? error.message
      : 'Tuvimos un problema técnico. Intente de nuevo en unos segundos.';
  const problems = error?.problems ?? [];
  view.errorProblems.replaceChildren(
    ...(problems.length > 1 ? problems.map((p) => el('li', {}, p)) : []),
  );
  view.error.hidden = false;
}

function clearError() {
  view.error.hidden = true;
  view.errorMessage.textContent = '';
  view.errorProblems.replaceChildren();
}

function filtersFromForm() {
  const values = formValues(view.filters);
  return {
    status: values.status,
    q: values.q,
    channel: values.channel,
    area: values.area,
    spaceId: values.spaceId,
    dueWithin: values.dueWithin,
    overdue: values.overdue,
  };
}

async function loadQueue({ append = false } = {}) {
  const page = await moderationApi.queue(state.filters, append ? state.nextCursor : undefined);
  state.nextCursor = page.nextCursor;
  renderQueue(view.queue, page.items, { append });
  renderCounts(view.counts, page.counts);
  const shown = view.queue.children.length;
  view.queueEmpty.hidden = shown > 0;
  view.more.hidden = !page.nextCursor;
  return { shown, added: page.items.length };
}

/** Runs one user request at a time, with its errors shown; a 401 shows the sign-in instead. */
async function guarded(work) {
  if (state.busy) return;
  state.busy = true;
  document.body.setAttribute('aria-busy', 'true');
  try {
    await work();
  } catch (error) {
    if (error?.status !== 401) showError(error);
  } finally {
    state.busy = false;
    document.body.removeAttribute('aria-busy');
  }
}

const queueSummary = (shown) =>
  shown === 1 ? 'Se muestra 1 pregunta.' : `Se muestran ${shown} preguntas.`;

async function reloadQueue() {
  clearError();
  const { shown } = await loadQueue();
  announce(queueSummary(shown));
}

/** Which view the switch shows: the questions (queue or one question) or the problems. */
function switchTo(name) {
  view.showQueue.setAttribute('aria-pressed', String(name === 'queue'));
  view.showProblems.setAttribute('aria-pressed', String(name === 'problems'));
  view.problems.hidden = name !== 'problems';
  if (name === 'problems') {
    view.queueSection.hidden = true;
    view.question.hidden = true;
  }
}

function showQueue(focusId) {
  switchTo('queue');
  view.question.hidden = true;
  view.queueSection.hidden = false;
  const button = focusId && view.queue.querySelector(`button[data-open="${CSS.escape(focusId)}"]`);
  (button || view.queue.querySelector('button') || view.filters.elements[0]).focus();
}

function renderDetail(detail) {
  state.detail = detail;
  const { question, group } = detail;
  renderQuestion(view, detail, { signedInSubject: state.me?.subject });
  renderReadability(view, storedReadability(question));
  const open = !closedStatuses.has(question.status);
  const canonical = question.groupId === null;
  view.draftForm.hidden = !open || !canonical;
  view.finalAnswer.hidden = !view.draftForm.hidden || !question.draft;
  view.approving.hidden = !canonical || !question.draft || question.status === 'published';
  const forms = renderActionForms(view.actions, {
    grouped: Boolean(group && group.size > 1),
    open,
  });
  view.actionsSection.hidden = forms === 0;
}

async function openQuestion(id, { focus = true } = {}) {
  const detail = await moderationApi.question(id);
  renderDetail(detail);
  view.queueSection.hidden = true;
  view.question.hidden = false;
  if (focus) view.title.focus();
}

/** The question's line in the queue, found by its tracking code (for grouping duplicates). */
async function findInQueue(code) {
  const { items } = await moderationApi.queue({ q: code });
  const item = items.find((candidate) => candidate.trackingCode === code);
  if (!item) {
    throw Object.assign(
      new Error(`No encontramos la pregunta ${code} en la lista: revise el código.`),
      { name: 'ModerationApiError' },
    );
  }
  return item;
}

/**
 * One action on the open question, at the version the page read. A refusal because the question
 * changed (409) reloads it, keeping a draft being written, so that the moderator can decide again.
 */
async function act(action, body, describe) {
  const { question } = state.detail;
  const typed = view.draftText.value;
  try {
    const result = await moderationApi.act(question.id, action, {
      ...body,
      version: question.version,
    });
    clearError();
    await openQuestion(question.id, { focus: false });
    announce(describe(result));
    return result;
  } catch (error) {
    if (error?.status === 409) {
      await openQuestion(question.id, { focus: false }).catch(() => undefined);
      if (action === 'answer') view.draftText.value = typed;
      // The server's "vuelva a cargarla" is already done: say so instead.
      error.message =
        error.code === 'changed-meanwhile'
          ? `${error.message.split(/(?<=\.)\s/)[0]} Ya la volvimos a cargar: revise los cambios y repita la acción si aún hace falta.`
          : `${error.message} La pregunta se volvió a cargar.`;
    }
    throw error;
  }
}

function readabilityNotice(readability) {
  return `Borrador guardado. ${readability.advice}`;
}

view.filters.addEventListener('submit', (event) => {
  event.preventDefault();
  state.filters = filtersFromForm();
  void guarded(reloadQueue);
});

view.filtersReset.addEventListener('click', () => {
  view.filters.reset();
  state.filters = filtersFromForm();
  void guarded(reloadQueue);
});

view.refresh.addEventListener(
  'click',
  () =>
    void guarded(async () => {
      await loadSpaces().catch(() => undefined);
      await reloadQueue();
    }),
);

view.more.addEventListener('click', () =>
  guarded(async () => {
    const first = view.queue.children.length;
    const { shown, added } = await loadQueue({ append: true });
    announce(`Se agregaron ${added} preguntas. ${queueSummary(shown)}`);
    view.queue.children[first]?.querySelector('button')?.focus();
  }),
);

view.queue.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-open]');
  if (!button) return;
  void guarded(async () => {
    clearError();
    announce('');
    await openQuestion(button.dataset.open);
  });
});

view.back.addEventListener('click', () => {
  const id = state.detail?.question.id;
  clearError();
  announce('');
  void guarded(async () => {
    await loadQueue();
    showQueue(id);
  });
});

view.spaceFilter.addEventListener('click', () => {
  const space = state.detail?.space;
  if (!space) return;
  if (![...view.spaceSelect.options].some((option) => option.value === space.id))
    view.spaceSelect.append(spaceOption(space));
  view.spaceSelect.value = space.id;
  view.filters.elements.status.value = '';
  state.filters = filtersFromForm();
  void guarded(async () => {
    await reloadQueue();
    showQueue();
  });
});

view.draftForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = view.draftText.value.trim();
  void guarded(async () => {
    if (!text) {
      showError({
        name: 'ModerationApiError',
        message: 'Escriba la respuesta antes de guardarla.',
      });
      view.draftText.focus();
      return;
    }
    const result = await act('answer', { text }, (saved) => readabilityNotice(saved.readability));
    renderReadability(view, result.readability);
  });
});

view.suggest.addEventListener('click', () =>
  guarded(() =>
    act('suggest', {}, (result) =>
      result.suggestion
        ? 'La IA sugirió un borrador: revíselo, edítelo y guárdelo como suyo.'
        : result.reason,
    ),
  ),
);

view.approve.addEventListener('click', () =>
  guarded(() =>
    act('approve', {}, (result) =>
      result.askers === 1
        ? 'Respuesta aprobada y publicada. Se enviará a la persona que preguntó.'
        : `Respuesta aprobada y publicada. Se enviará a las ${result.askers} personas del grupo.`,
    ),
  ),
);

view.actions.addEventListener('submit', (event) => {
  event.preventDefault();
  const formElement = event.target.closest('form[data-action]');
  const form = actionForms.find((candidate) => candidate.action === formElement?.dataset.action);
  if (!form) return;
  void guarded(async () => {
    const problems = formProblems(formElement);
    if (problems.length > 0) {
      showError({
        name: 'ModerationApiError',
        message: problems.length === 1 ? problems[0] : 'Revise estos datos:',
        problems,
      });
      view.error.focus();
      return;
    }
    const body = await form.body(formValues(formElement), { me: state.me, findInQueue });
    await act(form.action, body, () => form.done);
    view.title.focus();
  });
});

const problemsView = connectProblemsView(
  {
    section: view.problems,
    refresh: byId('problems-refresh'),
    deliveries: byId('delivery-problems'),
    deliveriesEmpty: byId('delivery-problems-empty'),
    deliveriesMore: byId('delivery-problems-more'),
    replies: byId('reply-problems'),
    repliesEmpty: byId('reply-problems-empty'),
    repliesMore: byId('reply-problems-more'),
  },
  {
    api: moderationApi,
    guarded,
    announce,
    clearError,
    showError,
    focusError: () => view.error.focus(),
  },
);

view.showProblems.addEventListener('click', () =>
  guarded(async () => {
    clearError();
    switchTo('problems');
    await problemsView.load();
    view.problemsTitle.focus();
  }),
);

view.showQueue.addEventListener('click', () =>
  guarded(async () => {
    clearError();
    await reloadQueue();
    showQueue();
  }),
);

/** The spaces the queue's questions come from, for the filter (the queue works without them). */
async function loadSpaces() {
  const { spaces } = await moderationApi.spaces();
  renderSpaceOptions(view.spaceSelect, spaces);
}

const staffSession = await connectStaffSignIn({
  purpose: 'revisar, responder y aprobar las preguntas de los ciudadanos',
  teams: await initializeTeams(),
  section: byId('sign-in'),
  footer: byId('staff-footer'),
  devRole: 'moderator',
  onSignedIn() {
    void start();
  },
});
useStaffSession(staffSession);

async function start() {
  const token = await staffSession.token().catch(() => undefined);
  state.me = token ? staffRefOf(token) : undefined;
  state.filters = filtersFromForm();
  await guarded(async () => {
    await loadSpaces().catch(() => undefined);
    await reloadQueue();
  });
}

if (staffSession.ready) void start();
