import { Schema, Types, type Connection } from 'mongoose';

import type { PetitionKind } from '../legal-terms/legal-terms';
import {
  bindingsOf,
  claimResources,
  ResourceAlreadyBoundError,
  spaceBindingModel,
  spaceIdOfResource,
  type ChannelResource,
  type SpaceBindings,
} from './space-bindings';
import { spaceDetailsFields, spaceDetailsModel } from './space-details';
import { spaceStates, type SpaceState, type SpaceType } from './space-kinds';
import type { SpaceDocument, SpaceModels, SpaceOrigin } from './space-document';
import { settleSpace } from './space-settling';
import { claimedTransitions, claimTransition, spaceTransitionModel } from './space-transitions';

export {
  spaceStates,
  spaceTypeLabels,
  spaceTypes,
  type SpaceState,
  type SpaceType,
} from './space-kinds';
export {
  ResourceAlreadyBoundError,
  rememberTeamsMeetingChat,
  teamsMeetingChatOf,
  type ChannelResource,
  type SpaceBindings,
} from './space-bindings';

export type { SpaceDocument, SpaceModels, SpaceOrigin } from './space-document';

const spaceSchema = new Schema<SpaceDocument>(
  {
    ...spaceDetailsFields,
    state: { type: String, enum: spaceStates, required: true },
    openedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    origin: { type: String, required: true },
    needsCompletion: { type: Boolean, required: true },
    bindings: {
      type: new Schema<SpaceBindings>(
        { teamsMeetingId: String, facebookLiveVideoId: String, facebookPostId: String },
        { _id: false },
      ),
      required: true,
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'spaces', versionKey: false },
);
spaceSchema.index({ state: 1, openedAt: -1 });

export function spaceModels(connection: Connection): SpaceModels {
  return {
    spaces: connection.model<SpaceDocument>('Space', spaceSchema),
    spaceBindings: spaceBindingModel(connection),
    spaceTransitions: spaceTransitionModel(connection),
    spaceDetails: spaceDetailsModel(connection),
  };
}

export interface NewSpace {
  type: SpaceType;
  title: string;
  responsibleArea?: string | null;
  municipality?: string | null;
  department?: string | null;
  scheduledAt?: Date | null;
  petitionKind?: PetitionKind;
  participants?: number | null;
  resources?: ChannelResource[];
}

function newSpaceDocument(
  input: NewSpace,
  origin: SpaceOrigin,
  state: SpaceState,
  at: Date,
): SpaceDocument {
  return {
    _id: new Types.ObjectId(),
    type: input.type,
    title: input.title,
    responsibleArea: input.responsibleArea ?? null,
    municipality: input.municipality ?? null,
    department: input.department ?? null,
    scheduledAt: input.scheduledAt ?? null,
    state,
    openedAt: state === 'open' ? at : null,
    closedAt: null,
    origin,
    needsCompletion: origin !== 'staff',
    petitionKind: input.petitionKind ?? 'peticion-general',
    participants: input.participants ?? null,
    bindings: bindingsOf(input.resources ?? []),
    createdAt: at,
    updatedAt: at,
  };
}

/** Staff schedule a space ahead of time, bound to the meeting or live video it will use. */
export async function createSpace(models: SpaceModels, input: NewSpace): Promise<SpaceDocument> {
  const space = newSpaceDocument(input, 'staff', 'scheduled', new Date());
  await claimResources(models, space._id, input.resources ?? []);
  await models.spaces.create(space);
  return space;
}

export async function findSpace(
  models: SpaceModels,
  spaceId: Types.ObjectId,
): Promise<SpaceDocument | null> {
  return models.spaces.findById(spaceId).lean();
}

export async function spaceOfResource(
  models: SpaceModels,
  resource: ChannelResource,
): Promise<SpaceDocument | null> {
  const spaceId = await spaceIdOfResource(models, resource);
  return spaceId ? findSpace(models, spaceId) : null;
}

export async function openSpaces(models: SpaceModels): Promise<SpaceDocument[]> {
  return models.spaces.find({ state: 'open' }).sort({ openedAt: -1 }).lean();
}

/** Open spaces bound to a Facebook live video or post, at most `limit` of them. */
export async function openFacebookSpaces(
  models: SpaceModels,
  limit: number,
): Promise<SpaceDocument[]> {
  return models.spaces
    .find({
      state: 'open',
      $or: [
        { 'bindings.facebookLiveVideoId': { $ne: null } },
        { 'bindings.facebookPostId': { $ne: null } },
      ],
    })
    .limit(limit)
    .lean();
}

/**
 * Spaces waiting for their meeting or live video: those due since `since`, the soonest first,
 * then those without a time, the last created first.
 */
export async function scheduledSpaces(
  models: SpaceModels,
  since: Date,
  limit: number,
): Promise<SpaceDocument[]> {
  const dated = await models.spaces
    .find({ state: 'scheduled', scheduledAt: { $gte: since } })
    .sort({ scheduledAt: 1 })
    .limit(limit)
    .lean();
  const undated = await models.spaces
    .find({ state: 'scheduled', scheduledAt: null })
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean();
  return [...dated, ...undated].slice(0, limit);
}

/** Spaces closed since `since`, the last closed first. */
export async function recentlyClosedSpaces(
  models: SpaceModels,
  since: Date,
  limit: number,
): Promise<SpaceDocument[]> {
  return models.spaces
    .find({ state: 'closed', closedAt: { $gte: since } })
    .sort({ closedAt: -1 })
    .limit(limit)
    .lean();
}

/** Opens a scheduled space; an open or closed one stays as it is. */
export async function openSpace(
  models: SpaceModels,
  spaceId: Types.ObjectId,
  at: Date = new Date(),
): Promise<SpaceDocument | null> {
  const space = await findSpace(models, spaceId);
  if (!space || space.state !== 'scheduled') return space;
  if (await claimTransition(models, spaceId, 'opened', at)) {
    await models.spaces.updateOne(
      { _id: spaceId },
      { $set: { state: 'open', openedAt: at, updatedAt: at } },
    );
  }
  return settleSpace(models, spaceId);
}

/**
 * The space a channel resource belongs to, opened: a scheduled one opens; when there is none the
 * bot creates it, open and marked for staff to complete. Races between events end in one space.
 */
export async function openSpaceForResource(
  models: SpaceModels,
  resource: ChannelResource,
  defaults: { type: SpaceType; title: string; origin: Exclude<SpaceOrigin, 'staff'> },
  at: Date = new Date(),
): Promise<SpaceDocument> {
  const existing = await spaceOfResource(models, resource);
  if (existing) return (await openSpace(models, existing._id, at)) ?? existing;

  const space = newSpaceDocument(
    { type: defaults.type, title: defaults.title, resources: [resource] },
    defaults.origin,
    'open',
    at,
  );
  try {
    await claimResources(models, space._id, [resource]);
  } catch (error) {
    if (!(error instanceof ResourceAlreadyBoundError)) throw error;
    // Another event created it first; its space document may still be on its way.
    for (let attempt = 0; attempt < 20; attempt++) {
      const winner = await spaceOfResource(models, resource);
      if (winner) return winner;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw error;
  }
  await claimTransition(models, space._id, 'opened', at);
  await models.spaces.create(space);
  return space;
}

/**
 * Closes a space. `closedNow` is true for exactly one caller, the one that should announce it
 * (an end-of-meeting event retried or raced with the live panel's "close" acts once).
 */
export async function closeSpace(
  models: SpaceModels,
  spaceId: Types.ObjectId,
  at: Date = new Date(),
): Promise<{ space: SpaceDocument; closedNow: boolean } | null> {
  const space = await findSpace(models, spaceId);
  if (!space) return null;
  const closedNow = await claimTransition(models, spaceId, 'closed', at);
  // The claim is the truth: a caller that lost it (or a closer that died before its update)
  // still sees, and leaves, the space closed at the claimed time.
  const claimed = closedNow ? at : ((await claimedTransitions(models, spaceId)).closed ?? at);
  const closed = {
    state: 'closed' as const,
    closedAt: claimed,
    openedAt: space.openedAt ?? claimed,
  };
  if (closedNow || space.state !== 'closed') {
    await models.spaces.updateOne({ _id: spaceId }, { $set: { ...closed, updatedAt: claimed } });
    await settleSpace(models, spaceId);
  }
  return { space: { ...space, ...closed }, closedNow };
}
