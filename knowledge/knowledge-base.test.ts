import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { answerParagraphs, topics } from './entry';
import { KnowledgeBaseError, loadKnowledgeBase } from './knowledge-base';
import {
  answerReadability,
  maxAnswerWords,
  median,
  readabilityFloors,
} from './plain-language/answer-readability';

const entries = loadKnowledgeBase();

describe('the knowledge base', () => {
  it('when it is loaded, then it has at least 120 entries covering every topic', () => {
    expect(entries.length).toBeGreaterThanOrEqual(120);
    const covered = new Set(entries.map((entry) => entry.topic));
    expect(topics.filter((topic) => !covered.has(topic))).toEqual([]);
  });

  it('when citizens read the titles, then no two entries answer the same question', () => {
    const titles = entries.map((entry) => entry.title.toLowerCase());
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('when an answer is read, then it has at most 120 words', () => {
    const long = entries.map(answerReadability).filter((result) => result.words > maxAnswerWords);
    expect(long.map((result) => result.id)).toEqual([]);
  });

  it('when the readability gate runs, then every answer scores INFLESZ ≥ 55 and the median ≥ 65', () => {
    const results = entries.map(answerReadability);
    const below = results.filter((result) => result.score < readabilityFloors.eachAnswer);
    expect(below.map((result) => `${result.id}: ${result.score.toFixed(1)}`)).toEqual([]);
    expect(median(results.map((result) => result.score))).toBeGreaterThanOrEqual(
      readabilityFloors.median,
    );
  });

  it('when an answer gives contact data, then it is only the official website or the emergency line (no invented phones, e-mails or addresses)', () => {
    for (const entry of entries) {
      const text = entry.answer;
      expect({ id: entry.id, phones: text.match(/\b\d{7,}\b|\(\d+\)\s*\d+|\+57/g) ?? [] }).toEqual({
        id: entry.id,
        phones: [],
      });
      expect({ id: entry.id, emails: text.match(/[\w.+-]+@[\w-]+\.[\w.]+/g) ?? [] }).toEqual({
        id: entry.id,
        emails: [],
      });
      expect({
        id: entry.id,
        addresses: text.match(/\b(calle|carrera|avenida|cra\.?|cl\.)\s*\d+/gi) ?? [],
      }).toEqual({ id: entry.id, addresses: [] });
      const sites =
        text.match(/\b(?:https?:\/\/)?[\w-]+(?:\.[\w-]+)*\.(?:gov\.co|com|org|co)\b/g) ?? [];
      expect({ id: entry.id, sites: sites.filter((site) => site !== 'www.anm.gov.co') }).toEqual({
        id: entry.id,
        sites: [],
      });
    }
  });

  it('when a source links to a page, then it is a page of the agency', () => {
    const links = entries.flatMap((entry) => (entry.source.url ? [entry.source.url] : []));
    expect(links.filter((url) => !url.startsWith('https://www.anm.gov.co/'))).toEqual([]);
  });

  it('when an answer is shown, then it has short paragraphs of one idea each', () => {
    for (const entry of entries) {
      const paragraphs = answerParagraphs(entry);
      expect({ id: entry.id, paragraphs: paragraphs.length >= 2 }).toEqual({
        id: entry.id,
        paragraphs: true,
      });
      for (const paragraph of paragraphs) {
        expect({ id: entry.id, long: paragraph.split(/\s+/).length > 45 ? paragraph : '' }).toEqual(
          { id: entry.id, long: '' },
        );
      }
    }
  });

  it('when an entry was reviewed, then its review date is a real date not in the future', () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(entries.filter((entry) => entry.reviewed > today).map((entry) => entry.id)).toEqual([]);
  });
});

describe('loadKnowledgeBase', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'anm-kb-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('when entries are broken, then every problem is reported with its file at once', async () => {
    await writeFile(path.join(directory, 'roto.yaml'), 'id: [\n');
    await writeFile(
      path.join(directory, 'incompleta.yaml'),
      'id: otra-cosa\ntopic: anm\ntitle: ¿Qué es?\nquestions: [a]\nanswer: corta\nsource: {label: Ley}\nreviewed: 2026-02-30\nrelated: [no-existe]\n',
    );
    let error: unknown;
    try {
      loadKnowledgeBase(directory);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    const problems = (error as KnowledgeBaseError).problems.join('\n');
    expect(problems).toContain('roto.yaml: not valid YAML');
    expect(problems).toMatch(/incompleta\.yaml: questions/);
    expect(problems).toMatch(/incompleta\.yaml: answer/);
    expect(problems).toMatch(/incompleta\.yaml: reviewed: must be a real date/);
  });

  it('when the folder has no entries, then loading fails instead of running a bot that knows nothing', () => {
    expect(() => loadKnowledgeBase(directory)).toThrow(/no entries/);
  });
});
