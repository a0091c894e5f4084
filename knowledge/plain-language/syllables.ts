/**
 * Spanish orthographic syllabification, for readability scores.
 *
 * Vowel groups: a group holds at most one strong vowel (a, e, o); two strong vowels are a hiatus
 * (po-e-ta, le-er); an accented weak vowel (í, ú) next to a strong one is a hiatus (dí-a, pa-ís);
 * weak+strong, strong+weak and weak+weak are diphthongs (cie-lo, ai-re, ciu-dad, cuí-da-te);
 * weak+strong+weak is a triphthong (buey, Uru-guay). The "u" of que/qui/gue/gui is silent (it
 * belongs to the consonant); "ü" is a vowel (pin-güi-no). A final "y" after a vowel is a vowel
 * (hoy, muy). "h" is a consonant (a-ho-ra).
 * Consonants between vowel groups: one goes with the next syllable; two split unless they are an
 * inseparable onset (pl, pr, bl, br, fl, fr, cl, cr, gl, gr, dr, tr, kl, kr); three split 2|1
 * unless the last two are an onset (1|2); four split 2|2. ch, ll and rr are never split.
 */

const strongVowels = new Set(['a', 'e', 'o', 'á', 'é', 'ó']);
const accentedWeakVowels = new Set(['í', 'ú']);
const weakVowels = new Set(['i', 'u', 'ü', 'í', 'ú']);
const inseparableOnsets = new Set([
  'pl',
  'pr',
  'bl',
  'br',
  'fl',
  'fr',
  'cl',
  'cr',
  'gl',
  'gr',
  'dr',
  'tr',
  'kl',
  'kr',
]);
const digraphs = new Set(['ch', 'll', 'rr']);

interface Unit {
  /** Letters as written (original case). */
  text: string;
  vowel: boolean;
}

/** Splits a word into letters, marking vowels, with silent u and digraphs folded into consonants. */
function units(word: string): Unit[] {
  const lower = word.toLowerCase();
  const result: Unit[] = [];
  for (let index = 0; index < lower.length; index++) {
    const letter = lower.charAt(index);
    const next = lower.charAt(index + 1);
    const afterNext = lower.charAt(index + 2);
    const original = word.slice(index, index + 1);
    if ((letter === 'q' || letter === 'g') && next === 'u' && /[eéií]/.test(afterNext)) {
      result.push({ text: word.slice(index, index + 2), vowel: false });
      index++;
      continue;
    }
    if (digraphs.has(letter + next)) {
      result.push({ text: word.slice(index, index + 2), vowel: false });
      index++;
      continue;
    }
    if (letter === 'y') {
      const previousIsVowel = result.at(-1)?.vowel ?? false;
      const atEnd = index === lower.length - 1;
      result.push({ text: original, vowel: lower.length === 1 || (atEnd && previousIsVowel) });
      continue;
    }
    result.push({ text: original, vowel: strongVowels.has(letter) || weakVowels.has(letter) });
  }
  return result;
}

function isStrong(letter: string): boolean {
  return strongVowels.has(letter.toLowerCase());
}

/** Whether a vowel can join the vowel group built so far (see the rules above). */
function joinsGroup(group: string[], vowel: string): boolean {
  const next = vowel.toLowerCase() === 'y' ? 'i' : vowel.toLowerCase();
  const last = (group.at(-1) ?? '').toLowerCase();
  const groupHasStrong = group.some(isStrong);
  if (group.length >= 3) return false;
  if (strongVowels.has(next)) return !groupHasStrong && !accentedWeakVowels.has(last);
  if (accentedWeakVowels.has(next)) return !groupHasStrong;
  if (accentedWeakVowels.has(last) && groupHasStrong) return false;
  return next !== last;
}

interface Nucleus {
  start: number;
  end: number;
}

/** Positions (in units) of each syllable's vowel group. */
function nuclei(parts: Unit[]): Nucleus[] {
  const found: Nucleus[] = [];
  let group: string[] = [];
  parts.forEach((part, index) => {
    const current = found.at(-1);
    if (part.vowel && current && current.end === index - 1 && joinsGroup(group, part.text)) {
      current.end = index;
      group.push(part.text);
    } else if (part.vowel) {
      found.push({ start: index, end: index });
      group = [part.text];
    }
  });
  return found;
}

/** How many consonant units between two groups go to the next syllable. */
function consonantsToNext(consonants: string[]): number {
  const onset = (first: string | undefined, second: string | undefined) =>
    inseparableOnsets.has(`${first ?? ''}${second ?? ''}`.toLowerCase());
  switch (consonants.length) {
    case 0:
      return 0;
    case 1:
      return 1;
    case 2:
      return onset(consonants[0], consonants[1]) ? 2 : 1;
    case 3:
      return onset(consonants[1], consonants[2]) ? 2 : 1;
    default:
      return onset(consonants.at(-2), consonants.at(-1)) ? 2 : 1;
  }
}

/** The syllables of one word, as written: syllabify('construcción') → ['cons', 'truc', 'ción']. */
export function syllabify(word: string): string[] {
  const parts = units(word);
  const groups = nuclei(parts);
  if (groups.length <= 1) return word === '' ? [] : [word];
  const boundaries: number[] = [];
  for (let index = 0; index < groups.length - 1; index++) {
    const { end } = groups[index] as Nucleus;
    const { start } = groups[index + 1] as Nucleus;
    const between = parts.slice(end + 1, start).map((part) => part.text);
    boundaries.push(start - consonantsToNext(between));
  }
  const syllables: string[] = [];
  let from = 0;
  for (const boundary of [...boundaries, parts.length]) {
    syllables.push(
      parts
        .slice(from, boundary)
        .map((part) => part.text)
        .join(''),
    );
    from = boundary;
  }
  return syllables;
}

export function countSyllables(word: string): number {
  return Math.max(1, nuclei(units(word)).length);
}
