/**
 * The ZIP container of a workbook, read just far enough to take out named parts: the central directory, and each
 * part inflated by Node's own zlib with a hard cap on its output. Node's zlib rather than a JavaScript inflater
 * (fflate): `maxOutputLength` stops inflating at the cap, where fflate with a fixed output buffer decodes on past
 * it and silently drops the rest, and it costs the bundle nothing (measured: README, "Excel workbooks").
 */
import { crc32, inflateRawSync } from 'node:zlib';

/** Why a ZIP cannot be read: `damaged` (not a valid ZIP), `too_large` (a part over its cap), `unsupported`. */
export class ZipError extends Error {
  constructor(
    readonly reason: 'damaged' | 'too_large' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

interface Entry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** A ZIP64 field: sizes or offsets that do not fit 32 bits, which no workbook of a few megabytes needs. */
const ZIP64 = 0xffffffff;
const MAX_ENTRIES = 10_000;

/** Whether the bytes start as a ZIP file does (`PK\x03\x04`). */
export const isZip = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * The parts of a ZIP by name (case-insensitive, as OPC part names are), inflated on demand. Every inflated byte
 * counts against one budget for the whole file, so many parts just under their cap cannot add up to a bomb.
 */
export class ZipReader {
  private readonly entries = new Map<string, Entry>();
  private readonly view: DataView;
  private inflated = 0;

  /** @param budget the most bytes all parts taken out may inflate to together. */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly budget: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.readDirectory();
  }

  /** Whether the ZIP has a part of this name. */
  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** The part's bytes, or undefined when there is none; throws a {@link ZipError} over `cap` or damaged. */
  read(name: string, cap: number): Uint8Array | undefined {
    const entry = this.entries.get(name.toLowerCase());
    if (!entry) return undefined;
    const limit = Math.min(cap, this.budget - this.inflated);
    // The declared size may lie; it is checked first only because it refuses most bombs without inflating.
    if (entry.size > limit) throw tooLarge(entry.name, limit);
    const at = this.dataOffset(entry);
    const raw = this.bytes.subarray(at, at + entry.compressedSize);
    let data: Uint8Array;
    if (entry.method === 0) {
      data = raw;
    } else {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, limit) });
      } catch (err) {
        if (err instanceof RangeError) throw tooLarge(entry.name, limit);
        throw new ZipError('damaged', `Part ${entry.name} cannot be inflated.`);
      }
    }
    if (data.byteLength !== entry.size || crc32(data) >>> 0 !== entry.crc) {
      throw new ZipError('damaged', `Part ${entry.name} is damaged (its size or checksum does not match).`);
    }
    this.inflated += data.byteLength;
    return data;
  }

  private u16(at: number): number {
    if (at + 2 > this.bytes.byteLength) throw damaged();
    return this.view.getUint16(at, true);
  }

  private u32(at: number): number {
    if (at + 4 > this.bytes.byteLength) throw damaged();
    return this.view.getUint32(at, true);
  }

  private readDirectory(): void {
    const { bytes } = this;
    // The end-of-central-directory record is in the last 22 bytes plus a comment of at most 64 KiB.
    let eocd = -1;
    for (let at = bytes.byteLength - 22; at >= 0 && at >= bytes.byteLength - 22 - 0xffff; at--) {
      if (this.u32(at) === EOCD) {
        eocd = at;
        break;
      }
    }
    if (eocd < 0) throw damaged();
    const count = this.u16(eocd + 10);
    const size = this.u32(eocd + 12);
    let at = this.u32(eocd + 16);
    if (count === 0xffff || size === ZIP64 || at === ZIP64) {
      throw new ZipError('unsupported', 'The file is a ZIP64 archive, which a workbook never needs.');
    }
    if (count > MAX_ENTRIES) throw new ZipError('too_large', `The file has more than ${MAX_ENTRIES} parts.`);
    for (let i = 0; i < count; i++) {
      if (this.u32(at) !== CENTRAL) throw damaged();
      const flags = this.u16(at + 8);
      const nameLength = this.u16(at + 28);
      const end = at + 46 + nameLength;
      if (end > bytes.byteLength) throw damaged();
      const name = Buffer.from(bytes.buffer, bytes.byteOffset + at + 46, nameLength).toString('utf8');
      const entry: Entry = {
        name,
        method: this.u16(at + 10),
        crc: this.u32(at + 16),
        compressedSize: this.u32(at + 20),
        size: this.u32(at + 24),
        localOffset: this.u32(at + 42),
      };
      if (flags & 1) throw new ZipError('unsupported', `Part ${name} is encrypted.`);
      if (entry.method !== 0 && entry.method !== 8) {
        throw new ZipError('unsupported', `Part ${name} uses compression method ${entry.method}.`);
      }
      if (entry.compressedSize === ZIP64 || entry.size === ZIP64 || entry.localOffset === ZIP64) {
        throw new ZipError('unsupported', 'The file is a ZIP64 archive, which a workbook never needs.');
      }
      // Two parts of one name would let two readers of the same file see different workbooks.
      const key = name.toLowerCase();
      if (this.entries.has(key)) throw new ZipError('damaged', `Part ${name} occurs twice.`);
      this.entries.set(key, entry);
      at = end + this.u16(at + 30) + this.u16(at + 32);
    }
  }

  /** Where a part's data starts: after its local header, whose name and extra field may differ in length. */
  private dataOffset(entry: Entry): number {
    const at = entry.localOffset;
    if (this.u32(at) !== LOCAL) throw damaged();
    const start = at + 30 + this.u16(at + 26) + this.u16(at + 28);
    if (start + entry.compressedSize > this.bytes.byteLength) throw damaged();
    return start;
  }
}

const damaged = () => new ZipError('damaged', 'The ZIP structure of the file is damaged.');

const tooLarge = (name: string, limit: number) =>
  new ZipError('too_large', `Part ${name} inflates to more than ${limit} bytes.`);
