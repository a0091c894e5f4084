import { Types } from 'mongoose';

const objectIdPattern = /^[0-9a-f]{24}$/i;

/** A document id from its 24 hexadecimal digits; undefined for anything else. */
export function parseObjectId(value: unknown): Types.ObjectId | undefined {
  return typeof value === 'string' && objectIdPattern.test(value)
    ? new Types.ObjectId(value)
    : undefined;
}
