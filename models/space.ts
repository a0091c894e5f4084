import { Schema, Types, type Connection, type Model } from 'mongoose';

import { petitionKinds, type PetitionKind } from './legal-terms/legal-terms';
import { isDuplicateKeyError } from './mongo-errors';

/** The five kinds of accountability space in the ANM's strategy. */
export const spaceTypes = [
  'audiencia-publica',
  'audiencia-terceros',
  'activa-la-region',
  'mesa-foro-grupo-focal',
  'redes-sociales',
] as const;
export type SpaceType = (typeof spaceTypes)[number];

export const spaceTypeLabels: Record<SpaceType, string> = {
  'audiencia-publica': 'Audiencia pública de rendición de cuentas',
  'audiencia-terceros': 'Audiencia de participación de terceros',
  'activa-la-region': 'ANM Activa la Región',
  'mesa-foro-grupo-focal': 'Mesa, foro o grupo focal',
  'redes-sociales': 'Transmisión en redes sociales',
};

export const spaceStates = ['scheduled', 'open', 'closed'] as const;
export type SpaceState = (typeof spaceStates)[number];

/** Who created the space: staff ahead of time, or the bot when a meeting or live video started. */
export type SpaceOrigin = 'staff' | 'teams-meeting' | 'facebook-live';

export interface SpaceBindings {
  teamsMeetingId: string | null;
  facebookLiveVideoId: string | null;
  facebookPostId: string | null;
}

export interface SpaceDocument {
  _id: Types.ObjectId;
  type: SpaceType;
  title: string;
  responsibleArea: string | null;
  municipality: string | null;
  department: string | null;
  scheduledAt: Date | null;
  state: SpaceState;
  openedAt: Date | null;
  closedAt: Date | null;
  origin: SpaceOrigin;
  /** Created by the bot: staff still have to complete its type, area and place. */
  needsCompletion: boolean;
  /** Questions raised here are petitions (15 business days) unless configured otherwise. */
  petitionKind: PetitionKind;
  bindings: SpaceBindings;
  createdAt: Date;
  updatedAt: Date;
}

const spaceSchema = new Schema<SpaceDocument>(
  {
    type: { type: String, enum: spaceTypes, required: true },
    title: { type: String, required: true },
    responsibleArea: { type: String, default: null },
    municipality: { type: String, default: null },
    department: { type: String, default: null },
    scheduledAt: { type: Date, default: null },
    state: { type: String, enum: spaceStates, required: true },
    openedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    origin: { type: String, required: true },
    needsCompletion: { type: Boolean, required: true },
    petitionKind: { type: String, enum: petitionKinds, required: true },
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

/**
 * A channel resource (a Teams meeting, a Facebook live video or post) bound to one space. The
 * `_id` is the resource ("teams-meeting:<id>"), so binding it is an atomic insert: two meeting
 * events that race create one space, not two.
 */
interface SpaceBindingDocument {
  _id: string;
  spaceId: Types.ObjectId;
  /** A Teams meeting's chat (conversation id), where the session summary is posted. */
  teamsConversationId?: string;
  createdAt: Date;
}

const spaceBindingSchema = new Schema<SpaceBindingDocument>(
  {
    _id: { type: String, required: true },
    spaceId: { type: Schema.Types.ObjectId, required: true },
    teamsConversationId: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'space_bindings', versionKey: false },
);

/** One-time transitions ("<spaceId>#opened", "<spaceId>#closed"): the insert decides who acts. */
interface SpaceTransitionDocument {
  _id: string;
  at: Date;
}

const spaceTransitionSchema = new Schema<SpaceTransitionDocument>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'space_transitions', versionKey: false },
);

export interface SpaceModels {
  spaces: Model<SpaceDocument>;
  spaceBindings: Model<SpaceBindingDocument>;
  spaceTransitions: Model<SpaceTransitionDocument>;
}

export function spaceModels(connection: Connection): SpaceModels {
  return {
    spaces: connection.model<SpaceDocument>('Space', spaceSchema),
    spaceBindings: connection.model<SpaceBindingDocument>('SpaceBinding', spaceBindingSchema),
    spaceTransitions: connection.model<SpaceTransitionDocument>(
      'SpaceTransition',
      spaceTransitionSchema,
    ),
  };
}

export type ChannelResource =
  | { kind: 'teams-meeting'; id: string }
  | { kind: 'facebook-live-video'; id: string }
  | { kind: 'facebook-post'; id: string };

function bindingKey(resource: ChannelResource): string {
  return `${resource.kind}:${resource.id}`;
}

function bindingsOf(resources: ChannelResource[]): SpaceBindings {
  const find = (kind: ChannelResource['kind']) =>
    resources.find((resource) => resource.kind === kind)?.id ?? null;
  return {
    teamsMeetingId: find('teams-meeting'),
    facebookLiveVideoId: find('facebook-live-video'),
    facebookPostId: find('facebook-post'),
  };
}

export class ResourceAlreadyBoundError extends Error {
  constructor(readonly resource: ChannelResource) {
    super(`${resource.kind} ${resource.id} already belongs to another space`);
    this.name = 'ResourceAlreadyBoundError';
  }
}

/** Binds resources to a space; if one is taken, the ones bound here are released again. */
async function bind(models: SpaceModels, spaceId: Types.ObjectId, resources: ChannelResource[]) {
  const bound: string[] = [];
  for (const resource of resources) {
    try {
      await models.spaceBindings.create({
        _id: bindingKey(resource),
        spaceId,
        createdAt: new Date(),
      });
      bound.push(bindingKey(resource));
    } catch (error) {
      if (bound.length > 0) await models.spaceBindings.deleteMany({ _id: { $in: bound } });
      if (isDuplicateKeyError(error)) throw new ResourceAlreadyBoundError(resource);
      throw error;
    }
  }
}

export interface NewSpace {
  type: SpaceType;
  title: string;
  responsibleArea?: string | null;
  municipality?: string | null;
  department?: string | null;
  scheduledAt?: Date | null;
  petitionKind?: PetitionKind;
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
    bindings: bindingsOf(input.resources ?? []),
    createdAt: at,
    updatedAt: at,
  };
}

/** Staff schedule a space ahead of time, bound to the meeting or live video it will use. */
export async function createSpace(models: SpaceModels, input: NewSpace): Promise<SpaceDocument> {
  const space = newSpaceDocument(input, 'staff', 'scheduled', new Date());
  await bind(models, space._id, input.resources ?? []);
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
  const binding = await models.spaceBindings.findById(bindingKey(resource)).lean();
  return binding ? findSpace(models, binding.spaceId) : null;
}

export async function openSpaces(models: SpaceModels): Promise<SpaceDocument[]> {
  return models.spaces.find({ state: 'open' }).sort({ openedAt: -1 }).lean();
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

/**
 * Remembers the chat of a Teams meeting on the meeting's binding. Not on the space: FerretDB
 * applies an update by replacing the whole document, so a write to the space racing with its
 * opening or closing could undo that transition. The binding changes only here, always to the
 * same value (a meeting has one chat), and only the first time.
 */
export async function rememberTeamsMeetingChat(
  models: SpaceModels,
  meetingId: string,
  conversationId: string,
): Promise<void> {
  await models.spaceBindings.updateOne(
    {
      _id: bindingKey({ kind: 'teams-meeting', id: meetingId }),
      teamsConversationId: { $ne: conversationId },
    },
    { $set: { teamsConversationId: conversationId } },
  );
}

/** The conversation id of the chat of the Teams meeting a space is bound to, if known. */
export async function teamsMeetingChatOf(
  models: SpaceModels,
  space: SpaceDocument,
): Promise<string | undefined> {
  const meetingId = space.bindings.teamsMeetingId;
  if (!meetingId) return undefined;
  const binding = await models.spaceBindings
    .findById(bindingKey({ kind: 'teams-meeting', id: meetingId }))
    .lean();
  return binding?.spaceId.equals(space._id) ? binding.teamsConversationId : undefined;
}

/** True only for the one caller that performs a space's transition. */
async function claimTransition(
  models: SpaceModels,
  spaceId: Types.ObjectId,
  transition: 'opened' | 'closed',
  at: Date,
): Promise<boolean> {
  try {
    await models.spaceTransitions.create({ _id: `${spaceId.toHexString()}#${transition}`, at });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
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
  return findSpace(models, spaceId);
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
    await bind(models, space._id, [resource]);
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
  const claimed = closedNow
    ? at
    : ((await models.spaceTransitions.findById(`${spaceId.toHexString()}#closed`).lean())?.at ??
      at);
  const closed = {
    state: 'closed' as const,
    closedAt: claimed,
    openedAt: space.openedAt ?? claimed,
  };
  if (closedNow || space.state !== 'closed') {
    await models.spaces.updateOne({ _id: spaceId }, { $set: { ...closed, updatedAt: claimed } });
  }
  return { space: { ...space, ...closed }, closedNow };
}
