import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Reads a ZIP archive back (stored or deflated entries, no ZIP64), checking each entry's CRC, so
 * that tests can look inside a package the way Teams would: from the central directory.
 */
export function readZip(archive: Buffer): Map<string, Buffer> {
  const endOffset = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOffset < 0) throw new Error('not a ZIP archive: no end of central directory');
  const entryCount = archive.readUInt16LE(endOffset + 10);
  let offset = archive.readUInt32LE(endOffset + 16);
  const entries = new Map<string, Buffer>();
  for (let index = 0; index < entryCount; index++) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = archive.readUInt16LE(offset + 10);
    const checksum = archive.readUInt32LE(offset + 16);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);

    if (archive.readUInt32LE(localOffset) !== 0x04034b50)
      throw new Error(`bad local header: ${name}`);
    const dataStart =
      localOffset +
      30 +
      archive.readUInt16LE(localOffset + 26) +
      archive.readUInt16LE(localOffset + 28);
    const stored = archive.subarray(dataStart, dataStart + compressedSize);
    const data =
      method === 8 ? inflateRawSync(stored) : method === 0 ? Buffer.from(stored) : undefined;
    if (!data) throw new Error(`${name}: unsupported compression method ${method}`);
    if (crc32(data) !== checksum) throw new Error(`${name}: CRC mismatch`);
    entries.set(name, data);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
