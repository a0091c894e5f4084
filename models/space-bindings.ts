import { Schema, type Connection, type Model, type Types } from 'mongoose';

import { AppError, errorCodes } from '../kernel/errors';
import { isDuplicateKeyError } from './mongo-errors';

/** The channel ids a space listens to, as the space document shows them. */
export interface SpaceBindings {
  teamsMeetingId: string | null;
  facebookLiveVideoId: string | null;
  facebookPostId: string | null;
}

export type ChannelResource =
  | { kind: 'teams-meeting'; id: string }
  | { kind: 'facebook-live-video'; id: string }
  | { kind: 'facebook-post'; id: string };

/** The field of `SpaceBindings` that holds each kind of resource: a space has one of each. */
export const bindingFieldOf: Record<ChannelResource['kind'], keyof SpaceBindings> = {
  'teams-meeting': 'teamsMeetingId',
  'facebook-live-video': 'facebookLiveVideoId',
  'facebook-post': 'facebookPostId',
};

/**
 * A channel resource (a Teams meeting, a Facebook live video or post) bound to one space. The
 * `_id` is the resource ("teams-meeting:<id>"), so binding it is an atomic insert: two meeting
 * events that race create one space, not two. These records are the truth about bindings; the
 * space document's `bindings` is a copy for reading.
 */
export interface SpaceBindingDocument {
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
spaceBindingSchema.index({ spaceId: 1 });

export interface SpaceBindingModels {
  spaceBindings: Model<SpaceBindingDocument>;
}

export function spaceBindingModel(connection: Connection): Model<SpaceBindingDocument> {
  return connection.model<SpaceBindingDocument>('SpaceBinding', spaceBindingSchema);
}

function bindingKey(resource: ChannelResource): string {
  return `${resource.kind}:${resource.id}`;
}

export function bindingsOf(resources: ChannelResource[]): SpaceBindings {
  const find = (kind: ChannelResource['kind']) =>
    resources.find((resource) => resource.kind === kind)?.id ?? null;
  return {
    teamsMeetingId: find('teams-meeting'),
    facebookLiveVideoId: find('facebook-live-video'),
    facebookPostId: find('facebook-post'),
  };
}

export class ResourceAlreadyBoundError extends AppError {
  constructor(readonly resource: ChannelResource) {
    super(
      errorCodes.spaceResourceTaken,
      `${resource.kind} ${resource.id} already belongs to another space`,
    );
    this.name = 'ResourceAlreadyBoundError';
  }
}

/**
 * Binds resources to a space. A resource already bound to this same space counts as bound (a
 * repeated request); if one belongs to another space, the ones bound here are released again
 * and `ResourceAlreadyBoundError` names it.
 */
export async function claimResources(
  models: SpaceBindingModels,
  spaceId: Types.ObjectId,
  resources: ChannelResource[],
): Promise<void> {
  const inserted: string[] = [];
  for (const resource of resources) {
    const key = bindingKey(resource);
    try {
      await models.spaceBindings.create({ _id: key, spaceId, createdAt: new Date() });
      inserted.push(key);
    } catch (error) {
      const taken = isDuplicateKeyError(error);
      if (taken && (await models.spaceBindings.findById(key).lean())?.spaceId.equals(spaceId)) {
        continue;
      }
      if (inserted.length > 0) await models.spaceBindings.deleteMany({ _id: { $in: inserted } });
      if (taken) throw new ResourceAlreadyBoundError(resource);
      throw error;
    }
  }
}

/** The id of the space a resource is bound to, if any. */
export async function spaceIdOfResource(
  models: SpaceBindingModels,
  resource: ChannelResource,
): Promise<Types.ObjectId | null> {
  return (await models.spaceBindings.findById(bindingKey(resource)).lean())?.spaceId ?? null;
}

/** What the binding records say a space is bound to. */
export async function boundResources(
  models: SpaceBindingModels,
  spaceId: Types.ObjectId,
): Promise<SpaceBindings> {
  const records = await models.spaceBindings.find({ spaceId }, { _id: 1 }).lean();
  const resources = records.flatMap((record): ChannelResource[] => {
    const separator = record._id.indexOf(':');
    const kind = record._id.slice(0, separator);
    const id = record._id.slice(separator + 1);
    return kind in bindingFieldOf ? [{ kind: kind as ChannelResource['kind'], id }] : [];
  });
  return bindingsOf(resources);
}

/**
 * Remembers the chat of a Teams meeting on the meeting's binding. Not on the space: FerretDB
 * applies an update by replacing the whole document, so a write to the space racing with its
 * opening or closing could undo that transition. The binding changes only here, always to the
 * same value (a meeting has one chat), and only the first time.
 */
export async function rememberTeamsMeetingChat(
  models: SpaceBindingModels,
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
  models: SpaceBindingModels,
  space: { _id: Types.ObjectId; bindings: SpaceBindings },
): Promise<string | undefined> {
  const meetingId = space.bindings.teamsMeetingId;
  if (!meetingId) return undefined;
  const binding = await models.spaceBindings
    .findById(bindingKey({ kind: 'teams-meeting', id: meetingId }))
    .lean();
  return binding?.spaceId.equals(space._id) ? binding.teamsConversationId : undefined;
}
