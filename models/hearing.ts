import { Schema, type Connection, type Model } from 'mongoose';

import { placeKey } from './place-names';

/**
 * A public hearing with third-party participation ("audiencia pública de participación de
 * terceros") from the calendar the ANM publishes. Imported from a file each year; never a list in
 * code. `_id` is the natural key (department, municipality, date), so a re-import updates.
 */
export const hearingStates = ['Programada', 'Realizada', 'Aplazada', 'Cancelada'] as const;
export type HearingState = (typeof hearingStates)[number];

export interface HearingDocument {
  _id: string;
  numero: number;
  departamento: string;
  municipio: string;
  departamentoKey: string;
  municipioKey: string;
  /** A calendar date, "YYYY-MM-DD": the day of the hearing, not an instant. */
  fecha: string;
  estado: HearingState;
  pdet: boolean;
  nota: string | null;
  source: string;
  importedAt: Date;
}

export const hearingSchema = new Schema<HearingDocument>(
  {
    _id: { type: String, required: true },
    numero: { type: Number, required: true },
    departamento: { type: String, required: true },
    municipio: { type: String, required: true },
    departamentoKey: { type: String, required: true },
    municipioKey: { type: String, required: true },
    fecha: { type: String, required: true },
    estado: { type: String, enum: hearingStates, required: true },
    pdet: { type: Boolean, required: true },
    nota: { type: String, default: null },
    source: { type: String, required: true },
    importedAt: { type: Date, required: true },
  },
  { collection: 'hearings', versionKey: false },
);
hearingSchema.index({ municipioKey: 1, fecha: 1 });
hearingSchema.index({ departamentoKey: 1, fecha: 1 });

export type HearingModel = Model<HearingDocument>;

export function hearingModel(connection: Connection): HearingModel {
  return connection.model<HearingDocument>('Hearing', hearingSchema);
}

export interface HearingRow {
  numero: number;
  departamento: string;
  municipio: string;
  fecha: string;
  estado: HearingState;
  pdet: boolean;
  nota: string | null;
}

export function hearingId(row: Pick<HearingRow, 'departamento' | 'municipio' | 'fecha'>): string {
  return `${placeKey(row.departamento)}|${placeKey(row.municipio)}|${row.fecha}`;
}

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

const comparedFields = [
  'numero',
  'departamento',
  'municipio',
  'fecha',
  'estado',
  'pdet',
  'nota',
] as const;

/** Writes every row (idempotent: the same file twice changes nothing the second time). */
export async function upsertHearings(
  model: HearingModel,
  rows: HearingRow[],
  source: string,
  onWritten: () => void = () => undefined,
): Promise<UpsertCounts> {
  const ids = rows.map(hearingId);
  const existing = new Map(
    (await model.find({ _id: { $in: ids } }).lean()).map((document) => [document._id, document]),
  );
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
  const importedAt = new Date();
  for (const row of rows) {
    const _id = hearingId(row);
    const stored = existing.get(_id);
    if (stored && comparedFields.every((field) => stored[field] === row[field])) {
      counts.unchanged++;
      continue;
    }
    await model.updateOne(
      { _id },
      {
        $set: {
          ...row,
          departamentoKey: placeKey(row.departamento),
          municipioKey: placeKey(row.municipio),
          source,
          importedAt,
        },
      },
      { upsert: true },
    );
    onWritten();
    if (stored) counts.updated++;
    else counts.created++;
  }
  return counts;
}

export async function hearingsInMunicipality(
  model: HearingModel,
  municipioKey: string,
  departamentoKey?: string,
) {
  return model
    .find({ municipioKey, ...(departamentoKey ? { departamentoKey } : {}) })
    .sort({ fecha: 1 })
    .lean();
}

export async function hearingsInDepartment(model: HearingModel, departamentoKey: string) {
  return model.find({ departamentoKey }).sort({ fecha: 1 }).lean();
}

/** Every place the calendar knows, to recognise them in questions. */
export async function knownPlaces(model: HearingModel) {
  return model
    .find({}, { departamento: 1, municipio: 1, departamentoKey: 1, municipioKey: 1 })
    .lean();
}
