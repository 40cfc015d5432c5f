import { keyImportOptions } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../lib/app-error';
import { parseKeys, type ParsedLine } from './parse-keys';

async function parseAll(chunks: (string | Buffer)[], options: Record<string, unknown> = {}) {
  const source = (async function* () {
    for (const c of chunks) yield Buffer.isBuffer(c) ? c : Buffer.from(c);
  })();
  const out: ParsedLine[] = [];
  for await (const batch of parseKeys(source, keyImportOptions.parse(options))) out.push(...batch);
  return out;
}

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('parseKeys (txt)', () => {
  it('trims, skips blank lines and numbers physical lines across chunk boundaries', async () => {
    const out = await parseAll(['\uFEFFAAA-1\r\n\n  BB', 'B-2  \r\n', '\t\nCCC-3']);
    expect(out).toEqual([
      { line: 1, key: 'AAA-1' },
      { line: 3, key: 'BBB-2' },
      { line: 5, key: 'CCC-3' },
    ]);
  });

  it('marks over-long lines invalid without buffering them, and keeps going', async () => {
    const huge = 'x'.repeat(1 << 20);
    const out = await parseAll(['OK-1\n', huge, huge, '\nOK-2\n', 'y'.repeat(1025), '\n', 'z'.repeat(1024)]);
    expect(out).toEqual([
      { line: 1, key: 'OK-1' },
      { line: 2, invalid: 'too_long' },
      { line: 3, key: 'OK-2' },
      { line: 4, invalid: 'too_long' },
      { line: 5, key: 'z'.repeat(1024) },
    ]);
  });

  it('never buffers a whole line: a 600 MB line (longer than V8 allows a string to be) is just invalid', async () => {
    const chunk = Buffer.alloc(1 << 16, 'w');
    const source = (function* () {
      yield Buffer.from('BEFORE\n');
      for (let i = 0; i < 9600; i++) yield chunk;
      yield Buffer.from('\nAFTER');
    })();
    const out: ParsedLine[] = [];
    for await (const batch of parseKeys(source, keyImportOptions.parse({}))) out.push(...batch);
    expect(out).toEqual([
      { line: 1, key: 'BEFORE' },
      { line: 2, invalid: 'too_long' },
      { line: 3, key: 'AFTER' },
    ]);
  });

  it('refuses binary input: NUL bytes or invalid UTF-8', async () => {
    const nul = await errorOf(parseAll(['ok\n', Buffer.from([0x41, 0x00, 0x42])]));
    expect(isAppError(nul, 'IMPORT_FILE_INVALID')).toBe(true);
    const bad = await errorOf(parseAll([Buffer.from([0x41, 0xff, 0xfe, 0x0a])]));
    expect(isAppError(bad, 'IMPORT_FILE_INVALID')).toBe(true);
  });

  it('accepts a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('卡密-1\n');
    expect(await parseAll([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual([{ line: 1, key: '卡密-1' }]);
  });
});

describe('parseKeys (csv)', () => {
  it('joins card and password, honours delimiter and header, reports bad rows by line', async () => {
    const csv = 'card;pw\nC1;P1\n\n"C;2";P2\nC3\n;P4\nC5;\n';
    expect(await parseAll([csv], { format: 'csv', delimiter: ';', header: true })).toEqual([
      { line: 2, key: 'C1----P1' },
      { line: 4, key: 'C;2----P2' },
      { line: 5, invalid: 'wrong_column_count' },
      { line: 6, invalid: 'empty_card' },
      { line: 7, key: 'C5' },
    ]);
  });

  it('reads tab-separated files with chosen columns', async () => {
    const out = await parseAll(['x\tK1\tS1\ny\tK2\tS2\n'], {
      format: 'csv',
      delimiter: '\\t',
      cardColumn: 2,
      passwordColumn: 3,
    });
    expect(out).toEqual([
      { line: 1, key: 'K1----S1' },
      { line: 2, key: 'K2----S2' },
    ]);
  });

  it('refuses broken quoting with the line number', async () => {
    const closing = await errorOf(parseAll(['a,b\nc,"d"x\ne,f\n'], { format: 'csv' }));
    expect(isAppError(closing, 'IMPORT_CSV_MALFORMED')).toBe(true);
    expect((closing as { details: { line: number } }).details.line).toBe(2);
    const open = await errorOf(parseAll(['a,b\nc,d\ne,"f\ng,h\n'], { format: 'csv' }));
    expect(isAppError(open, 'IMPORT_CSV_MALFORMED')).toBe(true);
    expect((open as { details: { line: number } }).details.line).toBe(3);
  });

  it('marks an over-long csv line invalid and keeps the following lines', async () => {
    const out = await parseAll(['a,b\n', 'x'.repeat(100_000), '\nc,d\n'], { format: 'csv' });
    expect(out).toEqual([
      { line: 1, key: 'a----b' },
      { line: 2, invalid: 'too_long' },
      { line: 3, key: 'c----d' },
    ]);
  });
});
