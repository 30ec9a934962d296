/**
 * Checks an uploaded or emailed workbook before ExcelJS opens it. Ward files are untrusted:
 * only a real .xlsx (a zip with the workbook parts, no macros) within fixed limits gets through.
 * The sizes a zip declares can lie, so every entry is inflated here with a hard output limit:
 * a zip bomb stops at the limit instead of filling memory. The inflated entries are handed on
 * (storedZip), so ExcelJS does not inflate them a second time, in JavaScript.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { fileMessages } from '../../core/messages';

export const LIMITS = {
  fileBytes: 20 * 1024 * 1024,
  zipEntries: 2_000,
  uncompressedBytes: 200 * 1024 * 1024,
  rows: 50_000,
  columns: 60,
};

/** A workbook that yields no report; `message` is for the clerk, in Vietnamese. */
export class UnreadableFileError extends Error {
  readonly code = 'unreadable-file';
}

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function fail(message: string): never {
  throw new UnreadableFileError(message);
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= earliest; i--) if (bytes.readUInt32LE(i) === ZIP_END) return i;
  return fail(fileMessages.corrupt());
}

/** The entries of `bytes`, inflated; throws UnreadableFileError unless it is an .xlsx within LIMITS. */
export function checkXlsxBytes(bytes: Buffer, limits = LIMITS): Map<string, Buffer> {
  if (bytes.length === 0) fail(fileMessages.empty());
  if (bytes.length > limits.fileBytes) fail(fileMessages.tooLarge(Math.round(limits.fileBytes / 1024 / 1024)));
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(OLE2)) fail(fileMessages.oldOrEncrypted());
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== ZIP_LOCAL) fail(fileMessages.notXlsx());

  const end = findEndOfCentralDirectory(bytes);
  const count = bytes.readUInt16LE(end + 10);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) fail(fileMessages.zipBomb()); // zip64: never needed by a report
  if (count > limits.zipEntries) fail(fileMessages.zipBomb());

  let budget = limits.uncompressedBytes;
  let offset = directoryOffset;
  const entries = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== ZIP_CENTRAL) fail(fileMessages.corrupt());
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localOffset = bytes.readUInt32LE(offset + 42);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;

    if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== ZIP_LOCAL) fail(fileMessages.corrupt());
    const dataStart = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > bytes.length) fail(fileMessages.corrupt());
    const data = bytes.subarray(dataStart, dataStart + compressedSize);

    let size: number;
    let content: Buffer | null = null;
    if (method === 0) {
      size = compressedSize;
      content = data;
    } else if (method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(budget, 1) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') fail(fileMessages.zipBomb());
        fail(fileMessages.corrupt());
      }
      size = content.length;
    } else {
      return fail(fileMessages.corrupt());
    }
    budget -= size;
    if (budget < 0) fail(fileMessages.zipBomb());
    entries.set(name, content);
  }

  const contentTypes = entries.get('[Content_Types].xml');
  if (!contentTypes || !entries.has('xl/workbook.xml')) fail(fileMessages.notXlsx());
  if (entries.has('xl/vbaProject.bin') || /macroEnabled/i.test(contentTypes.toString('utf8'))) fail(fileMessages.macro());
  return entries;
}

/** The entries again as a zip without compression (what ExcelJS then reads without inflating anything). */
export function storedZip(entries: ReadonlyMap<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(ZIP_LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(ZIP_CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(ZIP_END, 0);
  end.writeUInt16LE(entries.size, 8);
  end.writeUInt16LE(entries.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
