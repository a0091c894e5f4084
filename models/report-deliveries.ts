import type { Types } from 'mongoose';

import type { DeliveryModel, DeliveryStatus } from './deliveries';

/** What the reports read of a delivery: whose question it was for, and how it ended. */
export interface ReportDeliveryRow {
  questionId: Types.ObjectId;
  status: DeliveryStatus;
}

/**
 * Every delivery of the outbox (answers and legal notices) as `{ questionId, status }`: a `$project`
 * pipeline. A delivery does not name its space: the report finds it through the asker's question
 * (no `$lookup` on FerretDB 1.x, and grouping by question there compares every delivery with every
 * group), so the rows are grouped in TypeScript.
 */
export async function readReportDeliveryRows(model: DeliveryModel): Promise<ReportDeliveryRow[]> {
  const rows = await model.aggregate<Partial<ReportDeliveryRow>>([
    { $project: { _id: 0, questionId: 1, status: 1 } },
  ]);
  return rows.flatMap((row): ReportDeliveryRow[] =>
    row.questionId && row.status ? [{ questionId: row.questionId, status: row.status }] : [],
  );
}
