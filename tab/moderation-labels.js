// The Spanish words the moderators' page shows for the API's values: statuses, channels,
// petition types, history events, deliveries. An unknown value is shown as it is.

export const statusLabels = {
  pending: 'Pendiente',
  in_review: 'En revisión',
  answered: 'Respondida',
  published: 'Publicada',
  answered_live: 'Respondida en vivo',
  duplicate: 'Duplicada',
  withdrawn: 'Retirada',
  forwarded: 'Trasladada',
  rejected: 'Rechazada',
};

export const originLabels = {
  chat: 'Chat con el asistente',
  'meeting-chat': 'Chat de reunión de Teams',
  'live-comment': 'Comentario en Facebook Live',
};

export const channelLabels = {
  msteams: 'Teams',
  facebook: 'Facebook',
  webchat: 'Chat del sitio web',
  emulator: 'Emulador',
  email: 'Correo electrónico',
};

export const petitionKindLabels = {
  'peticion-general': 'Petición general (15 días hábiles)',
  documentos: 'Solicitud de documentos (10 días hábiles)',
  consulta: 'Consulta (30 días hábiles)',
};

export const eventLabels = {
  registered: 'Registró la pregunta',
  assigned: 'Asignó',
  reclassified: 'Cambió el tipo de petición',
  'term-extended': 'Prorrogó el plazo',
  grouped: 'Agrupó',
  ungrouped: 'Separó del grupo',
  forwarded: 'Trasladó a otra autoridad',
  rejected: 'Rechazó',
  withdrawn: 'Retiró',
  'draft-saved': 'Guardó el borrador',
  'draft-suggested': 'Pidió un borrador sugerido',
  approved: 'Aprobó y publicó',
  published: 'Publicó',
  'answered-live': 'Marcó respondida en vivo',
  'split-question': 'Separó del grupo',
  'delivery-retried': 'Reintentó un envío',
  'private-reply-retried': 'Reintentó la respuesta privada de Facebook',
};

export const actorLabels = {
  citizen: 'La persona que preguntó',
  system: 'El asistente',
  staff: 'Equipo de la ANM',
  moderator: 'Equipo de moderación',
};

export const deliveryKindLabels = {
  answer: 'Respuesta',
  'extension-notice': 'Aviso de prórroga',
  'forwarding-notice': 'Aviso de traslado',
};

/** Where a delivery goes: the asker's own conversation, or e-mail. */
export const deliveryChannelLabels = {
  chat: 'su chat con el asistente',
  'meeting-chat': 'el chat de la reunión de Teams',
  'live-comment': 'Messenger (comentó en Facebook Live)',
  email: 'correo electrónico',
};

export const deliveryStatusLabels = {
  pending: 'En cola',
  sent: 'Enviado',
  failed: 'Falló (se reintentará)',
  unreachable: 'No se pudo entregar',
};

/** A delivery in the list of problems: it ended, and the deliverer will not try it again. */
export const problemStatusLabels = {
  failed: 'Falló: el asistente dejó de intentarlo',
  unreachable: 'No se pudo entregar',
  pending: 'En cola',
  sent: 'Enviado',
};

export const label = (labels, value) => (Object.hasOwn(labels, value) ? labels[value] : value);

export const fieldLabels = {
  status: 'Estado',
  area: 'Área',
  assignee: 'Responsable',
  petitionKind: 'Tipo de petición',
  dueAt: 'Vence',
  draft: 'Borrador',
  approval: 'Aprobación',
  publishedAt: 'Publicada',
  extension: 'Prórroga',
  forwarding: 'Traslado',
  rejection: 'Rechazo',
  groupId: 'Grupo',
  retriedDelivery: 'Envío',
  retriedPrivateReply: 'Respuesta privada',
};
