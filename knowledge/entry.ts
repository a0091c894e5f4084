import { z } from 'zod';

/** The topics the knowledge base covers; each entry belongs to exactly one. */
export const topics = [
  'anm',
  'titulo-minero',
  'contrato-concesion',
  'anna-mineria',
  'regalias',
  'canon-superficiario',
  'barequeo-subsistencia',
  'formalizacion',
  'seguridad-salvamento',
  'fiscalizacion',
  'mineria-ilegal',
  'licencia-ambiental',
  'consulta-previa',
  'areas-excluidas',
  'amparo-administrativo',
  'audiencias-terceros',
  'rendicion-cuentas',
  'pqrsd',
  'grupos-interes',
  'datos-personales',
  'este-bot',
] as const;

export type Topic = (typeof topics)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  }, 'must be a real date');

/** One knowledge-base entry, as written in `knowledge/entries/<id>.yaml`. */
export const knowledgeEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, "-")'),
    topic: z.enum(topics),
    title: z.string().trim().min(5).max(90),
    /** How citizens ask it: colloquial, without accents, with common typos. */
    questions: z.array(z.string().trim().min(3)).min(5),
    /** Lenguaje claro: short paragraphs separated by a blank line, the next step at the end. */
    answer: z.string().trim().min(40),
    source: z.object({
      label: z.string().trim().min(5),
      url: z.url({ protocol: /^https$/ }).optional(),
    }),
    /** Extra words that point to this entry (synonyms, acronyms) but are not questions. */
    keywords: z.array(z.string().trim().min(2)).default([]),
    related: z.array(z.string()).default([]),
    /**
     * Answers citizens about their own request (how to follow it, what to do when it is late, how
     * to appeal a decision): a message about the writer's own case may get it. Other entries
     * answer general questions; a case is registered for a person to look at.
     */
    forOwnCase: z.boolean().default(false),
    reviewed: isoDate,
  })
  .strict();

export type KnowledgeEntry = z.infer<typeof knowledgeEntrySchema>;

/** The answer split into its paragraphs. */
export function answerParagraphs(entry: Pick<KnowledgeEntry, 'answer'>): string[] {
  return entry.answer
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph !== '');
}
