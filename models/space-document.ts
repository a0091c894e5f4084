import type { Model, Types } from 'mongoose';

import type { SpaceBindingModels, SpaceBindings } from './space-bindings';
import type { SpaceDetails, SpaceDetailsModels } from './space-details';
import type { SpaceState } from './space-kinds';
import type { SpaceTransitionModels } from './space-transitions';

/**
 * An accountability space as stored, and the models that hold it: types only, so that the
 * space's helpers (details, settling) can name it without importing the queries of space.ts.
 */

/** Who created the space: staff ahead of time, or the bot when a meeting or live video started. */
export type SpaceOrigin = 'staff' | 'teams-meeting' | 'facebook-live';

export interface SpaceDocument extends SpaceDetails {
  _id: Types.ObjectId;
  state: SpaceState;
  openedAt: Date | null;
  closedAt: Date | null;
  origin: SpaceOrigin;
  /** Created by the bot: staff still have to complete its type, area and place. */
  needsCompletion: boolean;
  bindings: SpaceBindings;
  createdAt: Date;
  updatedAt: Date;
}

export interface SpaceModels extends SpaceBindingModels, SpaceTransitionModels, SpaceDetailsModels {
  spaces: Model<SpaceDocument>;
}
