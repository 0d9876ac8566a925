import { isUtf8 } from 'node:buffer';
import type { Position } from './positions.ts';

/**
 * Scenario files and the JSON files they reference are UTF-8 (YAML 1.2 §5.2 also allows UTF-16
 * and UTF-32, but the AWS CLI reads JSON as UTF-8 and so do the tools users run on these files).
 * Anything else is refused with the encoding named, rather than decoded into replacement
 * characters without a word or into NULs that make a misleading error (issue 14).
 */

export type Decoded = { ok: true; text: string } | { ok: false; message: string; hint: string; position: Position };

const BOMS: readonly { bytes: readonly number[]; name: string }[] = [
  // UTF-32LE's mark starts with UTF-16LE's, so it is tried first.
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32 (little-endian)' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32 (big-endian)' },
  { bytes: [0xff, 0xfe], name: 'UTF-16 (little-endian)' },
  { bytes: [0xfe, 0xff], name: 'UTF-16 (big-endian)' },
];

/** Without a mark, YAML 1.2 §5.2 tells the encodings apart by where the first character's NULs are. */
function unmarkedWide(b: Buffer): string | undefined {
  if (b.length < 4) return b.length >= 2 && b[1] === 0 && b[0] !== 0 ? 'UTF-16 (little-endian)' : undefined;
  const z = [b[0] === 0, b[1] === 0, b[2] === 0, b[3] === 0];
  if (!z[0] && z[1] && z[2] && z[3]) return 'UTF-32 (little-endian)';
  if (z[0] && z[1] && z[2] && !z[3]) return 'UTF-32 (big-endian)';
  if (!z[0] && z[1]) return 'UTF-16 (little-endian)';
  if (z[0] && !z[1]) return 'UTF-16 (big-endian)';
  return undefined;
}

const SAVE_AS_UTF8 = 'save the file as UTF-8 (e.g. iconv -t UTF-8, or your editor\'s "Save with encoding")';

export function decodeUtf8(bytes: Buffer): Decoded {
  for (const bom of BOMS) {
    if (bom.bytes.every((byte, i) => bytes[i] === byte)) {
      return { ok: false, message: `the file is ${bom.name}, not UTF-8: it starts with that byte-order mark`, hint: SAVE_AS_UTF8, position: { line: 1, column: 1 } };
    }
  }
  const wide = unmarkedWide(bytes);
  if (wide) return { ok: false, message: `the file looks like ${wide}, not UTF-8 (NUL bytes between its characters)`, hint: SAVE_AS_UTF8, position: { line: 1, column: 1 } };
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    return {
      ok: false,
      message: `not valid UTF-8: byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset} (is the file Latin-1 or Windows-1252?)`,
      hint: SAVE_AS_UTF8,
      position: positionOf(bytes, offset),
    };
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  // YAML and JSON both forbid a raw NUL; one in a value would be cut short by every C string
  // on the way to a shell or an environment.
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    return { ok: false, message: 'the file holds a NUL byte: it is not a text file', hint: 'write \\0 inside a double-quoted string if a NUL is really meant', position: positionIn(text, nul) };
  }
  return { ok: true, text };
}

/** RFC 3629's well-formed byte sequences (Table 3-7 of the Unicode standard). */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const byte = b[k];
    return byte !== undefined && byte >= lo && byte <= hi;
  };
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) i += 1;
    else if (c >= 0xc2 && c <= 0xdf && cont(i + 1)) i += 2;
    else if (c === 0xe0 && cont(i + 1, 0xa0) && cont(i + 2)) i += 3;
    else if (((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) && cont(i + 1) && cont(i + 2)) i += 3;
    else if (c === 0xed && cont(i + 1, 0x80, 0x9f) && cont(i + 2)) i += 3;
    else if (c === 0xf0 && cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3)) i += 4;
    else if (c >= 0xf1 && c <= 0xf3 && cont(i + 1) && cont(i + 2) && cont(i + 3)) i += 4;
    else if (c === 0xf4 && cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3)) i += 4;
    else return i;
  }
  return i;
}

/** Line and column (in characters) of a byte offset in a buffer that is valid UTF-8 before it. */
function positionOf(b: Buffer, offset: number): Position {
  const text = b.subarray(0, offset).toString('utf8');
  return positionIn(text, text.length);
}

export function positionIn(text: string, index: number): Position {
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: index - lineStart + 1 };
}
