import type { Types } from 'mongoose';

import { errorCodes, RequestRefusal } from '../kernel/errors';
import {
  createSpace,
  openSpaces,
  recentlyClosedSpaces,
  ResourceAlreadyBoundError,
  scheduledSpaces,
  spaceOfResource,
  type ChannelResource,
  type SpaceModels,
} from '../models/space';
import {
  bindResources,
  ChannelAlreadySetError,
  SpaceClosedError,
  updateSpaceDetails,
} from '../models/space-editing';
import { panelSpace, type PanelSpace } from './live-panel-views';
import { parseSpaceDetails } from './space-input';

/**
 * The spaces as staff manage them from the panel: the list to choose from, scheduling one ahead
 * of time, and completing or correcting one (the bot's own spaces come without details).
 */

/** How long a closed space (or a scheduled one whose time has passed) stays in the list. */
const listWindowMs = 24 * 60 * 60_000;
const closedSpacesShown = 10;
const scheduledSpacesShown = 30;

/** Open spaces (newest first), then scheduled ones (soonest first), then recently closed ones. */
export async function listSpaces(models: SpaceModels, now: Date): Promise<PanelSpace[]> {
  const since = new Date(now.getTime() - listWindowMs);
  const spaces = [
    ...(await openSpaces(models)),
    ...(await scheduledSpaces(models, since, scheduledSpacesShown)),
    ...(await recentlyClosedSpaces(models, since, closedSpacesShown)),
  ];
  return spaces.map(panelSpace);
}

export type ParsedSpace = Extract<ReturnType<typeof parseSpaceDetails>, { ok: true }>['space'];

/** What staff typed, validated; every problem at once, in Spanish, when something is wrong. */
export function spaceInputOf(body: Record<string, unknown>): ParsedSpace {
  const parsed = parseSpaceDetails(body);
  if (!parsed.ok) {
    throw new RequestRefusal(errorCodes.invalidSpace, 'Revise los datos de la sesión.', {
      problems: parsed.problems,
    });
  }
  return parsed.space;
}

export async function scheduleSpace(models: SpaceModels, input: ParsedSpace): Promise<PanelSpace> {
  try {
    return panelSpace(await createSpace(models, input));
  } catch (error) {
    throw await bindingError(models, error);
  }
}

/** Binds the channels staff added, then sets the details; a refused channel changes nothing. */
export async function completeSpace(
  models: SpaceModels,
  spaceId: Types.ObjectId,
  input: ParsedSpace,
): Promise<PanelSpace> {
  const { resources, ...details } = input;
  try {
    if (!(await bindResources(models, spaceId, resources))) throw notFound();
  } catch (error) {
    throw await bindingError(models, error);
  }
  const space = await updateSpaceDetails(models, spaceId, {
    type: details.type,
    title: details.title,
    responsibleArea: details.responsibleArea ?? null,
    municipality: details.municipality ?? null,
    department: details.department ?? null,
    scheduledAt: details.scheduledAt ?? null,
    petitionKind: details.petitionKind,
    participants: details.participants,
  });
  if (!space) throw notFound();
  return panelSpace(space);
}

const notFound = () => new RequestRefusal(errorCodes.notFound, 'No encontramos esa sesión.');

/** The field of the form each kind of channel is typed in, and how staff read about it. */
const channelWording: Record<
  ChannelResource['kind'],
  { field: string; takenElsewhere: string; alreadyHere: string }
> = {
  'teams-meeting': {
    field: 'teamsMeetingId',
    takenElsewhere: 'La reunión de Teams ya está vinculada a otra sesión',
    alreadyHere: 'una reunión de Teams vinculada',
  },
  'facebook-live-video': {
    field: 'facebookLiveVideoId',
    takenElsewhere: 'El video en vivo de Facebook ya está vinculado a otra sesión',
    alreadyHere: 'un video en vivo de Facebook vinculado',
  },
  'facebook-post': {
    field: 'facebookPostId',
    takenElsewhere: 'La publicación de Facebook ya está vinculada a otra sesión',
    alreadyHere: 'una publicación de Facebook vinculada',
  },
};

async function bindingError(models: SpaceModels, error: unknown): Promise<unknown> {
  if (error instanceof ResourceAlreadyBoundError) {
    const { field, takenElsewhere } = channelWording[error.resource.kind];
    const owner = await spaceOfResource(models, error.resource);
    return new RequestRefusal(
      errorCodes.channelTaken,
      owner
        ? `${takenElsewhere}: «${owner.title}». Revise el identificador.`
        : `${takenElsewhere}.`,
      { field },
    );
  }
  if (error instanceof ChannelAlreadySetError) {
    const { field, alreadyHere } = channelWording[error.resource.kind];
    return new RequestRefusal(
      errorCodes.channelAlreadySet,
      `Esta sesión ya tiene ${alreadyHere}; no se puede cambiar por otra.`,
      { field },
    );
  }
  if (error instanceof SpaceClosedError) {
    return new RequestRefusal(
      errorCodes.spaceClosed,
      'La sesión ya está cerrada: puede completar sus datos, pero no vincularle canales nuevos.',
      { field: channelWording[error.resource.kind].field },
    );
  }
  return error;
}
