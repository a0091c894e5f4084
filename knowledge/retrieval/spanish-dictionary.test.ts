import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  isSpanishWord,
  loadSpanishDictionary,
  SpanishDictionary,
  soundAlikeSpellings,
} from './spanish-dictionary';

describe('SpanishDictionary', () => {
  it('when folded words are looked up, then exactly the words it holds are found', () => {
    const dictionary = SpanishDictionary.fromWords(['regalias', 'concesion', 'hora']);
    expect(dictionary.has('regalias')).toBe(true);
    expect(dictionary.has('concesion')).toBe(true);
    expect(dictionary.has('consesion')).toBe(false);
    expect(dictionary.has('hor')).toBe(false);
    expect(dictionary.has('horas')).toBe(false);
    expect(dictionary.has('')).toBe(false);
    expect(dictionary.size).toBe(3);
  });

  it('when dictionary-es is loaded, then Spanish words written with or without accents are known', () => {
    // "regalías", "concesión", "minería", "año" folded as the analyzer folds them.
    for (const word of ['regalias', 'concesion', 'mineria', 'ano', 'explotacion', 'quien'])
      expect(isSpanishWord(word)).toBe(true);
    // Words without accents in Spanish, and inflected forms.
    for (const word of ['hora', 'concepto', 'resuelto', 'presuntos', 'kilo', 'jota'])
      expect(isSpanishWord(word)).toBe(true);
  });

  it('when a misspelling or a Colombian place is looked up, then it is not a word', () => {
    for (const word of ['nesecito', 'consesion', 'ajencia', 'kien', 'esplotacion', 'inpacto'])
      expect(isSpanishWord(word)).toBe(false);
    for (const place of ['bogota', 'huila', 'tocancipa', 'antioquia', 'santurban'])
      expect(isSpanishWord(place)).toBe(false);
  });
});

describe('soundAlikeSpellings', () => {
  it('when a word is spelled as it sounds, then its standard spellings are offered, a few at most', () => {
    expect(soundAlikeSpellings('kien')).toEqual(['quien']);
    expect(soundAlikeSpellings('ajencia')).toEqual(['agencia']);
    expect(soundAlikeSpellings('esplotacion')).toEqual(['explotacion']);
    expect(soundAlikeSpellings('inpacto')).toEqual(['impacto']);
    expect(soundAlikeSpellings('rregalias')).toEqual(['regalias']);
    expect(soundAlikeSpellings('kajenpo')).toEqual(['cajenpo', 'cagenpo', 'cagempo']);
    expect(soundAlikeSpellings('k'.repeat(40)).length).toBeLessThanOrEqual(8);
    expect(soundAlikeSpellings('ke')).toEqual([]);
  });
});

describe('the dictionary kept on disk', () => {
  it('when packed words are read back, then only a sorted list of lower-case words is accepted', () => {
    const packed = SpanishDictionary.fromWords(['hora', 'concesion', 'regalias']).packedWords;
    expect(packed).toBe('concesion\nhora\nregalias\n');
    expect(SpanishDictionary.fromPacked(packed)?.has('hora')).toBe(true);
    for (const foreign of ['', 'hora\nconcesion\n', 'hora\nhora\n', 'hora', 'Hora\n', 'a\n\nb\n'])
      expect(SpanishDictionary.fromPacked(foreign)).toBeUndefined();
  });

  it('when the dictionary is loaded twice with a cache folder, then the second load reads the same words from it, and a damaged file is rebuilt', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'anm-dictionary-'));
    try {
      const built = loadSpanishDictionary(cacheDir);
      const [file] = readdirSync(cacheDir);
      expect(file).toMatch(/^[0-9a-f]{32}\.txt$/);
      const cachedFile = path.join(cacheDir, file ?? '');
      expect(readFileSync(cachedFile, 'utf8')).toBe(built.packedWords);

      writeFileSync(cachedFile, 'zz\naa\n');
      const rebuilt = loadSpanishDictionary(cacheDir);
      expect(rebuilt.size).toBe(built.size);
      expect(rebuilt.has('concepto')).toBe(true);
      expect(readFileSync(cachedFile, 'utf8')).toBe(built.packedWords);

      const read = loadSpanishDictionary(cacheDir);
      expect(read.size).toBe(built.size);
      for (const word of ['concepto', 'regalias', 'kien', 'tocancipa'])
        expect(read.has(word)).toBe(built.has(word));
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
