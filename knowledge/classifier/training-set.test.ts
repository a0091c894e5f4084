import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadKnowledgeBase } from '../knowledge-base';
import {
  emergencyMessagesFolder,
  labelledMessagesFolder,
  loadEmergencyMessages,
  loadTrainingSet,
  noneLabel,
} from './training-set';

const entries = loadKnowledgeBase();
const [first] = entries;

describe('loadTrainingSet', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'training-'));
    mkdirSync(path.join(directory, labelledMessagesFolder));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const writeMessages = (file: string, body: string) =>
    writeFileSync(path.join(directory, labelledMessagesFolder, file), body);

  it('reads labelled messages beside the phrasings, and skips those of entries that are gone', () => {
    if (!first) throw new Error('the knowledge base is empty');
    writeFileSync(
      path.join(directory, `${first.id}.yaml`),
      `id: ${first.id}\nphrasings:\n  - 'una frase escrita para la entrada'\n`,
    );
    writeMessages(
      'writer.yaml',
      [
        'source: prueba',
        'messages:',
        `  - { text: 'un mensaje de un ciudadano', label: ${first.id} }`,
        `  - { text: 'en que va mi radicado 123', label: ${noneLabel} }`,
        "  - { text: 'de una entrada que ya no existe', label: entrada-retirada }",
      ].join('\n'),
    );
    const examples = loadTrainingSet(entries, directory);
    expect(examples).toContainEqual({ label: first.id, text: 'una frase escrita para la entrada' });
    expect(examples).toContainEqual({
      label: first.id,
      text: 'un mensaje de un ciudadano',
      fromMessages: true,
    });
    expect(examples).toContainEqual({
      label: noneLabel,
      text: 'en que va mi radicado 123',
      fromMessages: true,
    });
    expect(examples.some((example) => example.label === 'entrada-retirada')).toBe(false);
  });

  it('names the messages file that does not follow the format', () => {
    writeMessages('broken.yaml', "source: prueba\nmessages:\n  - { text: 'sin etiqueta' }\n");
    expect(() => loadTrainingSet(entries, directory)).toThrow(
      `${labelledMessagesFolder}/broken.yaml`,
    );
  });
});

describe('loadEmergencyMessages', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'training-'));
    mkdirSync(path.join(directory, emergencyMessagesFolder));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const writeSet = (file: string, body: string) =>
    writeFileSync(path.join(directory, emergencyMessagesFolder, file), body);

  it('reads every set of reports and look-alikes, in file order', () => {
    writeSet('messages-2.yaml', "- { id: f1, q: 'se inundó el socavón', emergency: true }\n");
    writeSet('messages-1.yaml', "- { id: e1, q: 'me muero de la risa', emergency: false }\n");
    expect(loadEmergencyMessages(directory)).toEqual([
      { id: 'e1', q: 'me muero de la risa', emergency: false },
      { id: 'f1', q: 'se inundó el socavón', emergency: true },
    ]);
  });

  it('names the set that does not follow the format', () => {
    writeSet('broken.yaml', "- { id: e1, q: 'sin etiqueta' }\n");
    expect(() => loadEmergencyMessages(directory)).toThrow(
      `${emergencyMessagesFolder}/broken.yaml`,
    );
  });
});
