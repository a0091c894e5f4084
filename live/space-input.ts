import { z } from 'zod';

import { petitionKinds } from '../legal-terms/legal-terms';
import { spaceTypes, type ChannelResource, type NewSpace } from '../models/space';
import { maxParticipants } from '../models/space-details';

/**
 * What staff type when they schedule an accountability space or complete one the bot opened by
 * itself, validated into the model's terms. Every problem is reported at once, in Spanish, field
 * by field, so that the panel can show them beside the form.
 */

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}: escriba un texto.` })
    .trim()
    .min(3, `${label}: escriba al menos 3 caracteres.`)
    .max(max, `${label}: use como máximo ${max} caracteres.`);

const optionalText = (label: string, max: number) =>
  z
    .union([z.literal(''), z.null(), text(label, max)])
    .optional()
    .transform((value) => (value === '' || value === undefined ? null : value));

const digits = (label: string) =>
  z
    .string({ error: `${label}: escriba solo números.` })
    .trim()
    .regex(/^\d{5,25}$/, `${label}: escriba solo números (el identificador que da Facebook).`);

const teamsMeetingId = z
  .string({ error: 'Reunión de Teams: pegue el identificador de la reunión.' })
  .trim()
  .min(10, 'Reunión de Teams: el identificador es demasiado corto.')
  .max(500, 'Reunión de Teams: el identificador es demasiado largo.')
  .regex(/^\S+$/, 'Reunión de Teams: el identificador no lleva espacios.');

/** Meta names a page's post "<pageId>_<postId>", and so do the comments' webhook deliveries. */
const facebookPostId = z
  .string({ error: 'Publicación de Facebook: pegue el identificador de la publicación.' })
  .trim()
  .regex(
    /^\d{5,25}_\d{5,25}$/,
    'Publicación de Facebook: use el identificador completo, con el de la página (por ejemplo 104857600000001_900000000000101).',
  );

/** A time written without its offset is Bogotá's: UTC-5 all year (Colombia has no summer time). */
const inBogota = (value: string) =>
  /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}-05:00`;

const scheduledAt = z
  .string({ error: 'Fecha y hora: use el formato 2026-12-03T09:00-05:00.' })
  .trim()
  .refine(
    (value) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(inBogota(value))),
    'Fecha y hora: use el formato 2026-12-03T09:00-05:00.',
  )
  .transform((value) => new Date(inBogota(value)));

const participantsProblem =
  'Participantes: escriba un número entero entre 0 y 1.000.000, sin decimales.';

/** "120", or with thousands separators as typed in Colombia: "1.200", "1 200". */
const typedCount = /^(\d+|\d{1,3}([.\s\u00a0]\d{3})+)$/;

function countOf(value: number | string): number | null | undefined {
  if (typeof value === 'number') return value;
  const typed = value.trim();
  if (typed === '') return null;
  return typedCount.test(typed) ? Number(typed.replace(/[.\s\u00a0]/g, '')) : undefined;
}

/**
 * How many took part: a whole number from 0 to `maxParticipants`, or its digits as the form sends
 * them; empty or null clears it, and a body without it keeps what is stored.
 */
const participants = z
  .union([z.number(), z.string(), z.null()], { error: participantsProblem })
  .optional()
  .transform((value, context) => {
    if (value === undefined || value === null) return value;
    const count = countOf(value);
    if (count === null) return null;
    if (count !== undefined && Number.isInteger(count) && count >= 0 && count <= maxParticipants) {
      return count;
    }
    context.addIssue({ code: 'custom', message: participantsProblem });
    return z.NEVER;
  });

const channelBindings = z.strictObject(
  {
    teamsMeetingId: teamsMeetingId.optional(),
    facebookLiveVideoId: digits('Video en vivo de Facebook').optional(),
    facebookPostId: facebookPostId.optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? 'Canales: solo se aceptan teamsMeetingId, facebookLiveVideoId y facebookPostId.'
        : 'Canales: envíe un objeto con los identificadores de cada canal.',
  },
);

export const spaceDetailsSchema = z.strictObject(
  {
    type: z.enum(spaceTypes, { error: 'Tipo de espacio: elija uno de la lista.' }),
    title: text('Título', 200),
    responsibleArea: optionalText('Área responsable', 200),
    municipality: optionalText('Municipio', 100),
    department: optionalText('Departamento', 100),
    scheduledAt: scheduledAt.nullable().optional(),
    petitionKind: z
      .enum(petitionKinds, { error: 'Tipo de petición: elija uno de la lista.' })
      .optional(),
    participants,
    channels: channelBindings.optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? 'Hay campos que no conocemos en la solicitud.'
        : 'Envíe los datos del espacio como un objeto JSON.',
  },
);

export type ParsedSpaceDetails =
  | { ok: true; space: NewSpace & { resources: ChannelResource[] } }
  | { ok: false; problems: string[] };

function resourcesOf(channels: z.infer<typeof channelBindings> | undefined) {
  const resources: ChannelResource[] = [];
  if (channels?.teamsMeetingId)
    resources.push({ kind: 'teams-meeting', id: channels.teamsMeetingId });
  if (channels?.facebookLiveVideoId)
    resources.push({ kind: 'facebook-live-video', id: channels.facebookLiveVideoId });
  if (channels?.facebookPostId)
    resources.push({ kind: 'facebook-post', id: channels.facebookPostId });
  return resources;
}

export function parseSpaceDetails(input: unknown): ParsedSpaceDetails {
  const parsed = spaceDetailsSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: [...new Set(parsed.error.issues.map((issue) => issue.message))] };
  }
  const {
    channels,
    scheduledAt: when,
    petitionKind,
    participants: count,
    ...details
  } = parsed.data;
  return {
    ok: true,
    space: {
      ...details,
      scheduledAt: when ?? null,
      ...(petitionKind ? { petitionKind } : {}),
      ...(count !== undefined ? { participants: count } : {}),
      resources: resourcesOf(channels),
    },
  };
}
