import type { Types } from 'mongoose';

import { AppError, errorCodes } from '../kernel/errors';
import type { PetitionKind } from '../legal-terms/legal-terms';
import { findSpace, type SpaceDocument, type SpaceModels } from './space';
import { bindingFieldOf, claimResources, type ChannelResource } from './space-bindings';
import { saveDetailsRecord, savedDetailsOf, type SpaceDetails } from './space-details';
import { settleSpace } from './space-settling';

/**
 * What staff change on a space after it exists: its details (to complete a space the bot opened
 * by itself, or to correct one) and the channels it listens to. Its state and its opening and
 * closing times are never set here: they follow the meeting or the live video, or the panel's
 * "close". Each change is written first where it is atomic (a binding record, the details
 * record), then copied to the space document, which is then settled (see space-settling.ts).
 */

/**
 * Details as staff edit them: the petition kind and the participants may be left out, and the
 * space keeps its own (null participants clears the count).
 */
export type SpaceDetailsEdit = Omit<SpaceDetails, 'petitionKind' | 'participants'> & {
  petitionKind?: PetitionKind | undefined;
  participants?: number | null | undefined;
};

export class SpaceClosedError extends AppError {
  constructor(readonly resource: ChannelResource) {
    super(
      errorCodes.spaceClosedToChannels,
      `a closed space gets no new channels (${resource.kind})`,
    );
    this.name = 'SpaceClosedError';
  }
}

/** The space already listens to another resource of that kind: one of each per space. */
export class ChannelAlreadySetError extends AppError {
  constructor(readonly resource: ChannelResource) {
    super(
      errorCodes.spaceChannelAlreadySet,
      `the space is already bound to another ${resource.kind}`,
    );
    this.name = 'ChannelAlreadySetError';
  }
}

/**
 * Binds more channels to a space (a Facebook live video to a Teams meeting's space, so that one
 * list holds both). Resources the space already has are left as they are; when one belongs to
 * another space, nothing is bound and `ResourceAlreadyBoundError` names it. Null: no such space.
 */
export async function bindResources(
  models: SpaceModels,
  spaceId: Types.ObjectId,
  resources: ChannelResource[],
): Promise<SpaceDocument | null> {
  const space = await findSpace(models, spaceId);
  if (!space) return null;
  const added = resources.filter(
    (resource) => space.bindings[bindingFieldOf[resource.kind]] !== resource.id,
  );
  const replaced = added.find((resource) => space.bindings[bindingFieldOf[resource.kind]]);
  if (replaced) throw new ChannelAlreadySetError(replaced);
  // A closed space stays closed when its meeting starts again: a new channel would lose questions.
  if (added[0] && space.state === 'closed') throw new SpaceClosedError(added[0]);
  if (added.length === 0) return space;

  await claimResources(models, spaceId, added);
  const bindings = Object.fromEntries(
    added.map((resource) => [`bindings.${bindingFieldOf[resource.kind]}`, resource.id]),
  );
  await models.spaces.updateOne({ _id: spaceId }, { $set: { ...bindings, updatedAt: new Date() } });
  return settleSpace(models, spaceId);
}

/**
 * Sets what staff know of a space, and clears `needsCompletion`. A closed space takes them too:
 * its participation is usually counted after it. Changing `petitionKind` applies
 * to questions captured from now on: those already captured keep the due date they were given
 * (and told to the citizen), which is not recomputed here.
 */
export async function updateSpaceDetails(
  models: SpaceModels,
  spaceId: Types.ObjectId,
  details: SpaceDetailsEdit,
  at: Date = new Date(),
): Promise<SpaceDocument | null> {
  const space = await findSpace(models, spaceId);
  if (!space) return null;
  const previous = await savedDetailsOf(models, spaceId);
  const fields = {
    type: details.type,
    title: details.title,
    responsibleArea: details.responsibleArea,
    municipality: details.municipality,
    department: details.department,
    scheduledAt: details.scheduledAt,
    petitionKind: details.petitionKind ?? previous?.petitionKind ?? space.petitionKind,
    participants:
      details.participants === undefined
        ? previous
          ? previous.participants
          : (space.participants ?? null)
        : details.participants,
  };
  await saveDetailsRecord(models, spaceId, fields, at);
  await models.spaces.updateOne(
    { _id: spaceId },
    { $set: { ...fields, needsCompletion: false, updatedAt: at } },
  );
  return settleSpace(models, spaceId);
}
