import { AppError } from '../../lib/app-error';

/** A physical line of an upload: its 1-based number and text, or null when it exceeded the cap. */
export interface RawLine {
  line: number;
  text: string | null;
}

/** Bytes of an upload: a Node stream, a web stream or any async iterable of chunks. */
export type ByteSource = AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>;

/**
 * Splits a byte stream into lines without ever holding more than `maxChars` of one line: the rest
 * of an over-long line is skipped and the line comes out with `text: null`. Lines come in batches
 * (one per input chunk) to keep per-line overhead low. A file that is not text (invalid UTF-8 or a
 * NUL byte) is refused with IMPORT_FILE_INVALID. A leading BOM and a trailing CR are removed.
 */
export async function* readLines(source: ByteSource, maxChars: number): AsyncGenerator<RawLine[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let carry = '';
  let tooLong = false;
  let line = 0;

  const split = (text: string, out: RawLine[]) => {
    if (text.includes('\0'))
      throw new AppError('IMPORT_FILE_INVALID', { reason: 'nul_byte', line: line + 1 });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      line++;
      // +1: room for the CR of a CRLF line ending.
      if (tooLong || carry.length + (nl - start) > maxChars + 1) out.push({ line, text: null });
      else out.push({ line, text: stripCr(carry + text.slice(start, nl)) });
      carry = '';
      tooLong = false;
      start = nl + 1;
    }
    if (tooLong) return;
    if (carry.length + (text.length - start) > maxChars + 1) {
      tooLong = true;
      carry = '';
    } else carry += text.slice(start);
  };

  for await (const chunk of source) {
    const out: RawLine[] = [];
    split(decode(decoder, chunk), out);
    if (out.length) yield out;
  }
  const out: RawLine[] = [];
  split(decode(decoder, undefined), out);
  if (tooLong) out.push({ line: line + 1, text: null });
  else if (carry.length) out.push({ line: line + 1, text: stripCr(carry) });
  if (out.length) yield out;
}

function decode(decoder: TextDecoder, chunk: Buffer | Uint8Array | string | undefined): string {
  if (typeof chunk === 'string') return chunk;
  try {
    return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
  } catch {
    throw new AppError('IMPORT_FILE_INVALID', { reason: 'not_utf8' });
  }
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}
