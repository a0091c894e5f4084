import { foldText } from '../kernel/text-folding';

/** A place name as a key: folded, punctuation as spaces, single spaces ("Río de Oro" → "rio de oro"). */
export function placeKey(name: string): string {
  return foldText(name)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
