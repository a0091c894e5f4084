import type { Model, Types } from 'mongoose';

import type { SpaceBindings } from './space-bindings';
import type { SpaceDocument } from './space-document';
import type { SpaceState, SpaceType } from './space-kinds';

/** What the reports read of an accountability space: what, when, where, and what it listened to. */
export interface ReportSpaceRow {
  _id: Types.ObjectId;
  type: SpaceType;
  title: string;
  state: SpaceState;
  responsibleArea: string | null;
  department: string | null;
  municipality: string | null;
  scheduledAt: Date | null;
  openedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  bindings: SpaceBindings;
  /**
   * How many people took part, as staff recorded it in the space's details (a whole number);
   * null when not recorded (spaces stored before the field existed have none).
   */
  participants: number | null;
}

type StoredSpace = Partial<SpaceDocument> & { participants?: unknown };

/** Every space, projected: `$project`, a pipeline FerretDB 1.24 runs (spaces are few). */
export async function readReportSpaceRows(model: Model<SpaceDocument>): Promise<ReportSpaceRow[]> {
  const spaces = await model.aggregate<StoredSpace>([
    {
      $project: {
        type: 1,
        title: 1,
        state: 1,
        responsibleArea: 1,
        department: 1,
        municipality: 1,
        scheduledAt: 1,
        openedAt: 1,
        closedAt: 1,
        createdAt: 1,
        bindings: 1,
        participants: 1,
      },
    },
  ]);
  return spaces.flatMap((space): ReportSpaceRow[] =>
    space._id && space.type && space.state && space.createdAt
      ? [
          {
            _id: space._id,
            type: space.type,
            title: space.title ?? '',
            state: space.state,
            responsibleArea: space.responsibleArea ?? null,
            department: space.department ?? null,
            municipality: space.municipality ?? null,
            scheduledAt: space.scheduledAt ?? null,
            openedAt: space.openedAt ?? null,
            closedAt: space.closedAt ?? null,
            createdAt: space.createdAt,
            bindings: {
              teamsMeetingId: space.bindings?.teamsMeetingId ?? null,
              facebookLiveVideoId: space.bindings?.facebookLiveVideoId ?? null,
              facebookPostId: space.bindings?.facebookPostId ?? null,
            },
            participants:
              typeof space.participants === 'number' &&
              Number.isInteger(space.participants) &&
              space.participants >= 0
                ? space.participants
                : null,
          },
        ]
      : [],
  );
}
