// The moderators' actions besides drafting and approving, each a small form: what it asks, the
// body it sends (the page adds the `version` it read), and what it tells once done. The forms are
// built from this list so that every control gets its label and the same keyboard behaviour.
import { el } from './panel-view.js';
import { petitionKindLabels } from './moderation-labels.js';

const reasonField = (label, minLength) => ({
  name: 'reason',
  label,
  type: 'textarea',
  required: true,
  minLength,
  maxLength: 2000,
});

export const actionForms = [
  {
    action: 'assign',
    title: 'Asignar',
    fields: [
      { name: 'area', label: 'Área responsable', type: 'text', maxLength: 120 },
      {
        name: 'assignee',
        label: 'Responsable',
        type: 'select',
        options: [
          ['', 'Sin cambios'],
          ['me', 'Yo'],
          ['none', 'Nadie (quitar el responsable)'],
        ],
      },
    ],
    submit: 'Guardar la asignación',
    body: (values, { me }) => ({
      ...(values.area ? { area: values.area } : {}),
      ...(values.assignee === 'me' ? { assignee: me } : {}),
      ...(values.assignee === 'none' ? { assignee: null } : {}),
    }),
    done: 'Asignación guardada.',
  },
  {
    action: 'reclassify',
    title: 'Cambiar el tipo de petición',
    hint: 'El plazo se calcula de nuevo desde que se recibió la pregunta, en días hábiles.',
    fields: [
      {
        name: 'petitionKind',
        label: 'Tipo de petición',
        type: 'select',
        options: Object.entries(petitionKindLabels),
      },
    ],
    submit: 'Cambiar el tipo',
    body: (values) => ({ petitionKind: values.petitionKind }),
    done: 'Tipo de petición cambiado; el plazo se calculó de nuevo.',
  },
  {
    action: 'extend',
    title: 'Prorrogar el plazo',
    hint: 'Una sola vez y antes de que venza, hasta el doble del plazo (Ley 1755 de 2015, art. 14, parágrafo). Se avisa a la persona.',
    fields: [
      reasonField('Motivo de la prórroga (se le informa a la persona)', 10),
      {
        name: 'businessDays',
        label: 'Días hábiles adicionales (vacío: el plazo completo otra vez)',
        type: 'number',
        min: 1,
        max: 30,
      },
    ],
    submit: 'Prorrogar',
    body: (values) => ({
      reason: values.reason,
      ...(values.businessDays ? { businessDays: Number(values.businessDays) } : {}),
    }),
    done: 'Plazo prorrogado. Se avisará a la persona.',
  },
  {
    action: 'group',
    title: 'Agrupar preguntas duplicadas',
    hint: 'Las preguntas indicadas quedan bajo esta: la respuesta llegará a todas las personas.',
    fields: [
      {
        name: 'codes',
        label: 'Códigos de las preguntas duplicadas (separados por comas)',
        type: 'text',
        required: true,
        maxLength: 1000,
      },
    ],
    submit: 'Agrupar bajo esta pregunta',
    body: async (values, { findInQueue }) => ({
      duplicates: await Promise.all(
        values.codes
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map(async (code) => {
            const item = await findInQueue(code.toUpperCase());
            return { id: item.id, version: item.version };
          }),
      ),
    }),
    done: 'Preguntas agrupadas.',
  },
  {
    action: 'ungroup',
    title: 'Separar del grupo',
    hint: 'Esta pregunta sale de su grupo y se responde por separado.',
    onlyGrouped: true,
    fields: [],
    submit: 'Separar esta pregunta',
    body: () => ({}),
    done: 'La pregunta quedó separada de su grupo.',
  },
  {
    action: 'forward',
    title: 'Trasladar a otra autoridad',
    hint: 'Cuando la ANM no es competente, dentro de los 5 días hábiles siguientes a su recibo (Ley 1755 de 2015, art. 21). Se avisa a la persona.',
    fields: [
      {
        name: 'authority',
        label: 'Autoridad competente',
        type: 'text',
        required: true,
        minLength: 2,
        maxLength: 200,
      },
      reasonField('Motivo del traslado', 10),
    ],
    submit: 'Trasladar',
    body: (values) => ({ authority: values.authority, reason: values.reason }),
    done: 'Pregunta trasladada. Se avisará a la persona.',
  },
  {
    action: 'reject',
    title: 'Rechazar (no es una pregunta)',
    hint: 'Para saludos, opiniones o mensajes que no piden nada a la ANM.',
    fields: [reasonField('Motivo del rechazo', 5)],
    submit: 'Rechazar',
    body: (values) => ({ reason: values.reason }),
    done: 'Pregunta rechazada.',
  },
  {
    action: 'withdraw',
    title: 'Retirar a pedido de la persona',
    hint: 'La pregunta se cierra y sus datos personales se borran, como cuando la persona la retira en el chat.',
    fields: [
      {
        name: 'confirmed',
        label: 'La persona pidió retirar su pregunta',
        type: 'checkbox',
        required: true,
      },
    ],
    submit: 'Retirar la pregunta',
    body: () => ({}),
    done: 'Pregunta retirada.',
  },
];

function control(form, field) {
  const id = `action-${form.action}-${field.name}`;
  const common = { id, name: field.name, required: field.required };
  if (field.type === 'select') {
    return el(
      'select',
      common,
      field.options.map(([value, text]) => el('option', { value }, text)),
    );
  }
  if (field.type === 'textarea') {
    return el('textarea', {
      ...common,
      rows: 3,
      minlength: field.minLength,
      maxlength: field.maxLength,
    });
  }
  return el('input', {
    ...common,
    type: field.type,
    minlength: field.minLength,
    maxlength: field.maxLength,
    min: field.min,
    max: field.max,
    autocomplete: 'off',
    value: field.type === 'checkbox' ? 'true' : undefined,
  });
}

function fieldOf(form, field) {
  const id = `action-${form.action}-${field.name}`;
  const text =
    field.required && field.type !== 'checkbox' ? `${field.label} (obligatorio)` : field.label;
  const labelElement = el('label', { for: id }, text);
  return field.type === 'checkbox'
    ? el('div', { class: 'field checkbox-field' }, control(form, field), labelElement)
    : el('div', { class: 'field' }, labelElement, control(form, field));
}

/** The forms, each in a disclosure (`details`) so that the page stays short. */
export function renderActionForms(container, { grouped, open }) {
  const shown = actionForms.filter((form) => open && (!form.onlyGrouped || grouped));
  container.replaceChildren(
    ...shown.map((form) => {
      const hintId = `action-${form.action}-hint`;
      return el(
        'details',
        { class: 'action' },
        el('summary', {}, form.title),
        el(
          'form',
          {
            'data-action': form.action,
            novalidate: true,
            'aria-describedby': form.hint ? hintId : undefined,
          },
          form.hint && el('p', { class: 'hint', id: hintId }, form.hint),
          form.fields.map((field) => fieldOf(form, field)),
          el('div', { class: 'form-actions' }, el('button', { type: 'submit' }, form.submit)),
        ),
      );
    }),
  );
  return shown.length;
}

/** The values a form holds, by field name (a checkbox: true or false). */
export function formValues(formElement) {
  const values = {};
  for (const element of formElement.elements) {
    if (!element.name) continue;
    values[element.name] = element.type === 'checkbox' ? element.checked : element.value.trim();
  }
  return values;
}

/** What the browser can tell before sending: missing or too short fields, in Spanish. */
export function formProblems(formElement) {
  const problems = [];
  for (const element of formElement.elements) {
    if (!element.name || element.validity.valid) continue;
    const name =
      formElement.querySelector(`label[for="${element.id}"]`)?.textContent ?? element.name;
    const field = name.replace(/ \(obligatorio\)$/, '');
    if (element.validity.valueMissing) {
      problems.push(element.type === 'checkbox' ? `Marque «${field}».` : `${field}: escríbalo.`);
    } else if (element.validity.tooShort) {
      problems.push(`${field}: escriba al menos ${element.minLength} caracteres.`);
    } else {
      problems.push(`${field}: revise el valor.`);
    }
  }
  return problems;
}
