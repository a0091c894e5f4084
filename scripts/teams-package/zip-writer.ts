import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3): deflated files at the archive root, no ZIP64, no
 * encryption. Enough for a Teams app package, which is a handful of small files.
 */

export interface ZipEntry {
  /** Path inside the archive, with "/" separators (ASCII: Teams package file names are). */
  name: string;
  data: Buffer;
}

const localHeaderSignature = 0x04034b50;
const centralHeaderSignature = 0x02014b50;
const endOfCentralDirectorySignature = 0x06054b50;
const versionNeeded = 20; // 2.0: deflate
const deflateMethod = 8;

/** MS-DOS date and time, as ZIP stores them (local time, two-second resolution). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

export function writeZip(entries: readonly ZipEntry[], modifiedAt: Date = new Date()): Buffer {
  const stamp = dosDateTime(modifiedAt);
  const localParts: Buffer[] = [];
  const centralParts: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (!/^[\x20-\x7e]+$/.test(entry.name)) throw new Error(`unsupported file name ${entry.name}`);
    const name = Buffer.from(entry.name, 'ascii');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const checksum = crc32(entry.data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(localHeaderSignature, 0);
    local.writeUInt16LE(versionNeeded, 4);
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(deflateMethod, 8);
    local.writeUInt16LE(stamp.time, 10);
    local.writeUInt16LE(stamp.date, 12);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    localParts.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(centralHeaderSignature, 0);
    central.writeUInt16LE(versionNeeded, 4); // version made by (MS-DOS attributes)
    central.writeUInt16LE(versionNeeded, 6);
    central.writeUInt16LE(0, 8); // flags
    central.writeUInt16LE(deflateMethod, 10);
    central.writeUInt16LE(stamp.time, 12);
    central.writeUInt16LE(stamp.date, 14);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // 30–41: extra and comment lengths, disk number, internal and external attributes: all 0
    central.writeUInt32LE(offset, 42);
    centralParts.push(central, name);

    offset += local.length + name.length + compressed.length;
  }
  const centralDirectory = Buffer.concat(centralParts);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(endOfCentralDirectorySignature, 0);
  // 4–7: this disk and the disk where the central directory starts: 0
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  // 20–21: comment length 0
  return Buffer.concat([...localParts, centralDirectory, end]);
}
