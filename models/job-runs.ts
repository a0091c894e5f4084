import { Schema, type Connection, type Model } from 'mongoose';

import { insertOnce } from './mongo-errors';

/**
 * One document per run of a scheduled job: `_id` "<job>@<slot>", the slot being the job's period
 * counted from the epoch. Every replica's timer fires; the one whose insert lands runs the job for
 * that period, the others skip it. An insert under a unique `_id` is atomic on FerretDB and
 * MongoDB alike, and needs no clock agreement beyond the period.
 */
export interface JobRunDocument {
  _id: string;
  job: string;
  startedAt: Date;
}

export const jobRunSchema = new Schema<JobRunDocument>(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    startedAt: { type: Date, required: true },
  },
  { collection: 'job_runs', versionKey: false },
);

export type JobRunModel = Model<JobRunDocument>;

export function jobRunModel(connection: Connection): JobRunModel {
  return connection.model<JobRunDocument>('JobRun', jobRunSchema);
}

/** True for the one caller, across every replica, that may run `job` in the period of `now`. */
export function claimJobRun(
  model: JobRunModel,
  job: string,
  periodMs: number,
  now: Date,
): Promise<boolean> {
  const slot = Math.floor(now.getTime() / periodMs);
  return insertOnce(model, { _id: `${job}@${slot}`, job, startedAt: now });
}

export async function forgetJobRuns(model: JobRunModel, before: Date): Promise<number> {
  const result = await model.deleteMany({ startedAt: { $lt: before } });
  return result.deletedCount;
}

/**
 * True for the one caller that may run `job` for a named slot (a calendar day in Bogotá, say),
 * when the period is not a fixed number of milliseconds from the epoch.
 */
export function claimJobSlot(
  model: JobRunModel,
  job: string,
  slot: string,
  now: Date,
): Promise<boolean> {
  return insertOnce(model, { _id: `${job}@${slot}`, job, startedAt: now });
}

/**
 * Gives a claimed slot back when its run could not do its work (a failed send), so that the next
 * check, on any replica, tries again. Only the claimer calls it, right after its own failure.
 */
export async function releaseJobSlot(model: JobRunModel, job: string, slot: string): Promise<void> {
  await model.deleteOne({ _id: `${job}@${slot}` });
}
