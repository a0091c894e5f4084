// The form where staff schedule a session ahead of time, or complete or correct one. The server
// validates: its problems are shown above the form and beside each field, and what staff typed
// stays as it was so that they only fix what is wrong.
import { el } from './panel-view.js';

/** Colombia is UTC-5 all year (no summer time): a fixed offset is exact. */
const bogotaOffsetMs = 5 * 60 * 60 * 1000;

/** An ISO time as a date-time field shows it, in Bogotá time. */
export function toBogotaField(iso) {
  return iso ? new Date(Date.parse(iso) - bogotaOffsetMs).toISOString().slice(0, 16) : '';
}

/** A date-time field's value, typed in Bogotá time, as the API takes it; null when empty. */
export function fromBogotaField(value) {
  return value ? `${value}-05:00` : null;
}

const textFields = ['title', 'responsibleArea', 'municipality', 'department'];
const channelFields = ['teamsMeetingId', 'facebookLiveVideoId', 'facebookPostId'];

const wording = {
  schedule: {
    title: 'Programar una sesión',
    intro:
      'La sesión queda programada y se abre sola cuando empieza su reunión de Teams o su transmisión de Facebook.',
    submit: 'Programar la sesión',
    // What opens the session is said right below, in the note of a scheduled session.
    saved: 'Sesión programada.',
    channels:
      'Con ellos la sesión se abre sola y las preguntas de los dos canales quedan en una sola lista. Si aún no los tiene, agréguelos después con «Editar datos», antes de que empiece la sesión.',
  },
  complete: {
    title: 'Completar los datos de la sesión',
    intro: 'El asistente abrió esta sesión solo. Indique qué espacio es, quién responde y dónde.',
    submit: 'Guardar los datos',
    saved: 'Datos de la sesión guardados.',
    channels:
      'Agregue el otro canal si la sesión también se transmite por él: sus preguntas llegarán a esta misma lista. Un canal ya vinculado no se puede cambiar.',
  },
  edit: {
    title: 'Editar los datos de la sesión',
    intro: 'Corrija lo que haga falta. El estado de la sesión no cambia.',
    submit: 'Guardar los datos',
    saved: 'Datos de la sesión guardados.',
    channels:
      'Agregue un canal si la sesión también se transmite por él. Un canal ya vinculado no se puede cambiar.',
  },
};

const closedChannels =
  'La sesión está cerrada: puede completar sus datos, pero ya no se le pueden vincular canales.';

export class SpaceForm {
  /** `onSaved(space, notice)` runs after the server accepted the form. */
  constructor({ section, api, onSaved }) {
    const find = (selector) => section.querySelector(selector);
    this.section = section;
    this.form = find('form');
    this.heading = find('#space-form-title');
    this.intro = find('#space-form-intro');
    this.problems = find('#form-problems');
    this.problemsTitle = find('#form-problems-title');
    this.problemsList = find('#form-problems-list');
    this.submitButton = find('#space-form-submit');
    this.channelsHint = find('#channels-hint');
    this.api = api;
    this.onSaved = onSaved;
    this.options = undefined;
    this.mode = undefined;
    this.space = undefined;
    this.opener = undefined;
    this.busy = false;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    find('#space-form-cancel').addEventListener('click', () => this.close());
    this.problemsList.addEventListener('click', (event) => {
      const link = event.target.closest('a[data-field]');
      if (!link) return;
      event.preventDefault();
      this.input(link.dataset.field)?.focus();
    });
  }

  get isOpen() {
    return !this.section.hidden;
  }

  /** The space being edited, if any. */
  get spaceId() {
    return this.space?.id;
  }

  input(name) {
    return this.form.elements.namedItem(name);
  }

  async openToSchedule(opener) {
    await this.open('schedule', undefined, opener);
  }

  async openToEdit(space, opener) {
    await this.open(space.needsCompletion ? 'complete' : 'edit', space, opener);
  }

  async open(mode, space, opener) {
    this.options ??= await this.api.formOptions();
    this.close({ restoreFocus: false });
    this.mode = mode;
    this.space = space;
    this.opener = opener;
    const words = wording[mode];
    this.heading.textContent = words.title;
    this.intro.textContent = words.intro;
    this.submitButton.textContent = words.submit;
    this.channelsHint.textContent = space?.state === 'closed' ? closedChannels : words.channels;
    this.fill(space);
    this.section.hidden = false;
    opener?.setAttribute('aria-expanded', 'true');
    this.input('type').focus();
  }

  close({ restoreFocus = true } = {}) {
    if (!this.isOpen) return;
    this.section.hidden = true;
    this.clearProblems();
    this.opener?.setAttribute('aria-expanded', 'false');
    if (restoreFocus) this.opener?.focus();
    this.mode = undefined;
    this.space = undefined;
  }

  fill(space) {
    const choose = (select, choices, placeholder, value) => {
      select.replaceChildren(
        ...(placeholder ? [el('option', { value: '' }, placeholder)] : []),
        ...choices.map((choice) => el('option', { value: choice.value }, choice.label)),
      );
      select.value = value;
    };
    // A space the bot opened carries a guessed type: staff choose it themselves.
    choose(
      this.input('type'),
      this.options.types,
      'Elija el tipo de espacio',
      space && !space.needsCompletion ? space.type : '',
    );
    choose(
      this.input('petitionKind'),
      this.options.petitionKinds,
      undefined,
      space?.petitionKind ?? 'peticion-general',
    );
    for (const name of textFields) this.input(name).value = space?.[name] ?? '';
    this.input('scheduledAt').value = toBogotaField(space?.scheduledAt);
    this.input('participants').value = space?.participants ?? '';
    for (const name of channelFields) {
      const input = this.input(name);
      const bound = space?.channelIds?.[name] ?? '';
      input.value = bound;
      input.readOnly = Boolean(bound);
      input.disabled = !bound && space?.state === 'closed';
    }
  }

  /** What staff typed, as the API takes it: empty channels are left out. */
  read() {
    const value = (name) => this.input(name).value.trim();
    const channels = Object.fromEntries(
      channelFields.filter((name) => value(name) !== '').map((name) => [name, value(name)]),
    );
    return {
      type: value('type'),
      ...Object.fromEntries(textFields.map((name) => [name, value(name)])),
      scheduledAt: fromBogotaField(value('scheduledAt')),
      petitionKind: value('petitionKind'),
      // Sent as typed: the server reads "1.200" and refuses what is not a whole number.
      participants: value('participants'),
      ...(Object.keys(channels).length > 0 ? { channels } : {}),
    };
  }

  async submit() {
    if (this.busy) return;
    this.busy = true;
    this.submitButton.disabled = true;
    this.form.setAttribute('aria-busy', 'true');
    const mode = this.mode;
    try {
      const details = this.read();
      const { space } =
        mode === 'schedule'
          ? await this.api.schedule(details)
          : await this.api.saveDetails(this.space.id, details);
      this.close({ restoreFocus: false });
      this.onSaved(space, wording[mode].saved);
    } catch (error) {
      this.showProblems(error);
    } finally {
      this.busy = false;
      this.submitButton.disabled = false;
      this.form.removeAttribute('aria-busy');
    }
  }

  /** The problems above the form, each linked to its field, and each field marked. */
  showProblems(error) {
    this.clearProblems();
    const known = error?.name === 'PanelApiError';
    this.problemsTitle.textContent = known
      ? error.message
      : 'Tuvimos un problema técnico. Intente de nuevo en unos segundos.';
    const problems = known ? error.problems : [];
    const items = problems.map((problem) => {
      const field = this.fieldOfProblem(problem);
      if (field) this.markField(field, problem);
      return el(
        'li',
        {},
        field
          ? el('a', { href: `#${this.input(field).id}`, 'data-field': field }, problem)
          : problem,
      );
    });
    if (known && error.field && this.input(error.field)) this.markField(error.field, error.message);
    this.problemsList.replaceChildren(...items);
    this.problemsList.hidden = items.length === 0;
    this.problems.hidden = false;
    this.problems.focus();
  }

  /** Each problem starts with the label of its field ("Título: …"), as the server words them. */
  fieldOfProblem(problem) {
    const wrapper = [...this.form.querySelectorAll('.field[data-label]')].find((candidate) =>
      problem.startsWith(`${candidate.dataset.label}:`),
    );
    return wrapper?.querySelector('input, select')?.name;
  }

  markField(name, message) {
    const input = this.input(name);
    const problemId = `${input.id}-problem`;
    if (document.getElementById(problemId)) return;
    input.setAttribute('aria-invalid', 'true');
    input.dataset.describedBy = input.getAttribute('aria-describedby') ?? '';
    input.setAttribute('aria-describedby', `${problemId} ${input.dataset.describedBy}`.trim());
    input.after(el('p', { class: 'field-problem', id: problemId }, message));
  }

  clearProblems() {
    this.problems.hidden = true;
    this.problemsList.replaceChildren();
    for (const problem of this.form.querySelectorAll('.field-problem')) problem.remove();
    for (const input of this.form.querySelectorAll('[aria-invalid]')) {
      input.removeAttribute('aria-invalid');
      if (input.dataset.describedBy) {
        input.setAttribute('aria-describedby', input.dataset.describedBy);
      } else input.removeAttribute('aria-describedby');
      delete input.dataset.describedBy;
    }
  }
}

/**
 * The form and its two buttons: "Programar una sesión", and "Completar datos" / "Editar datos"
 * for the chosen session. A second press of the same button closes the form.
 */
export function connectSpaceForm({
  section,
  api,
  scheduleButton,
  detailsButton,
  currentSpace,
  onOpened,
  onSaved,
}) {
  const form = new SpaceForm({ section, api, onSaved });
  const toggle = async (isShown, open) => {
    if (form.isOpen && isShown) {
      form.close();
      return;
    }
    try {
      await open();
      onOpened();
    } catch (error) {
      onOpened(error);
    }
  };
  scheduleButton.addEventListener('click', () => {
    void toggle(!form.spaceId, () => form.openToSchedule(scheduleButton));
  });
  detailsButton.addEventListener('click', () => {
    const space = currentSpace();
    if (!space) return;
    void toggle(form.spaceId === space.id, () => form.openToEdit(space, detailsButton));
  });
  return form;
}
