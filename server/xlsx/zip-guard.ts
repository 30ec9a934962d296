/**
 * Checks an uploaded or emailed workbook before ExcelJS opens it. Ward files are untrusted:
 * only a real .xlsx (a zip with the workbook parts, no macros) within fixed limits gets through.
 * The sizes a zip declares can lie, so every entry is inflated here with a hard output limit:
 * a zip bomb stops at the limit instead of filling memory.
 */
import { inflateRawSync } from 'node:zlib';
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

/** Throws UnreadableFileError unless `bytes` is an .xlsx within LIMITS. */
export function checkXlsxBytes(bytes: Buffer, limits = LIMITS): void {
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
  const names = new Set<string>();
  let contentTypes = '';
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
    names.add(name);

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
    if (name === '[Content_Types].xml') contentTypes = content.toString('utf8');
  }

  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) fail(fileMessages.notXlsx());
  if (names.has('xl/vbaProject.bin') || /macroEnabled/i.test(contentTypes)) fail(fileMessages.macro());
}
