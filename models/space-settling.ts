import type { Types } from 'mongoose';

import type { SpaceDocument, SpaceModels } from './space-document';
import { boundResources, type SpaceBindings } from './space-bindings';
import { savedDetailsOf, staffFieldsOf, type StaffFields } from './space-details';
import { claimedTransitions } from './space-transitions';

/**
 * FerretDB 1.x applies an update by reading the document and replacing it whole, so two writes
 * to one space that race can undo each other (measured): staff saving details while the meeting
 * starts may put the space back to "scheduled", and the opening may undo the details or drop a
 * channel staff just bound. The truths are records written atomically elsewhere: the transition
 * claims (when it opened and closed), the binding records (what it listens to) and the details
 * record (what staff last saved). Every writer of a space settles it after writing: it reads the
 * space again and re-applies whatever disagrees with those records, until nothing does. The last
 * write to a space is thus always followed by its writer's check.
 */

const maxRepairs = 5;

/** Settles a space and returns it as stored. */
export async function settleSpace(
  models: SpaceModels,
  spaceId: Types.ObjectId,
): Promise<SpaceDocument | null> {
  for (let repairs = 0; ; repairs++) {
    const space = await models.spaces.findById(spaceId).lean();
    if (!space) return null;
    const drift = {
      ...transitionDrift(space, await claimedTransitions(models, spaceId)),
      ...bindingDrift(space.bindings, await boundResources(models, spaceId)),
      ...detailsDrift(staffFieldsOf(space), await savedDetailsOf(models, spaceId)),
    };
    if (Object.keys(drift).length === 0 || repairs === maxRepairs) return space;
    await models.spaces.updateOne({ _id: spaceId }, { $set: drift });
  }
}

function transitionDrift(
  space: SpaceDocument,
  claims: { opened: Date | null; closed: Date | null },
): Partial<SpaceDocument> {
  const truth: Partial<SpaceDocument> | undefined = claims.closed
    ? { state: 'closed', openedAt: claims.opened ?? claims.closed, closedAt: claims.closed }
    : claims.opened
      ? { state: 'open', openedAt: claims.opened }
      : undefined;
  if (!truth) return {};
  const stored: Partial<SpaceDocument> = {
    state: space.state,
    openedAt: space.openedAt,
    closedAt: space.closedAt,
  };
  return sameFields(stored, { ...stored, ...truth }) ? {} : truth;
}

function detailsDrift(stored: StaffFields, saved: StaffFields | null): Partial<StaffFields> {
  return saved && !sameFields(stored, saved) ? saved : {};
}

/** Only adds: a binding record is never removed from a space that has its document. */
function bindingDrift(stored: SpaceBindings, truth: SpaceBindings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(truth).flatMap(([field, id]) =>
      id !== null && stored[field as keyof SpaceBindings] !== id ? [[`bindings.${field}`, id]] : [],
    ),
  );
}

/** True when both have the same value in every field either has (dates by their time). */
function sameFields<T extends object>(a: T, b: T): boolean {
  const value = (field: unknown) => (field instanceof Date ? field.getTime() : field);
  return Object.keys({ ...a, ...b }).every(
    (key) => value(a[key as keyof T]) === value(b[key as keyof T]),
  );
}
