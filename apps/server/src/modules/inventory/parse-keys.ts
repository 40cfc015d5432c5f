import { Readable, pipeline } from 'node:stream';
import type { KeyImportOptions } from '@kameng/shared';
import { parse, type CsvError } from 'csv-parse';
import { AppError } from '../../lib/app-error';
import { readLines, type ByteSource } from './read-lines';

/** Longest key accepted, in characters (after trimming). */
export const MAX_KEY_CHARS = 1024;
/** Longest raw line buffered; the rest of a longer line is skipped, never held in memory. */
const MAX_LINE_CHARS = 4096;
/** How a CSV row becomes one stored key: `card----password` (the 卡号----密码 convention), or the card alone. */
export const CSV_KEY_SEPARATOR = '----';

/** Why a line was not imported (written to the batch's downloadable report). */
export type InvalidReason = 'too_long' | 'control_characters' | 'wrong_column_count' | 'empty_card';

/** One non-blank line of an import: a key, or the reason it is invalid. */
export type ParsedLine = { line: number; key: string } | { line: number; invalid: InvalidReason };

// C0 controls except TAB, and DEL: never part of a key typed or printed by a human.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0008\u000a-\u001f\u007f]/;

function checkKey(key: string): InvalidReason | null {
  if (key.length > MAX_KEY_CHARS) return 'too_long';
  if (CONTROL.test(key)) return 'control_characters';
  return null;
}

/**
 * Parses an upload into keys, streaming: txt is one key per line (trimmed; blank lines skipped),
 * csv takes the card (and optional password) columns. Refuses non-text input (IMPORT_FILE_INVALID)
 * and CSV with broken quoting (IMPORT_CSV_MALFORMED, with the line); other problems are per line.
 */
export function parseKeys(source: ByteSource, options: KeyImportOptions): AsyncGenerator<ParsedLine[]> {
  return options.format === 'csv' ? parseCsv(source, options) : parseTxt(source);
}

async function* parseTxt(source: ByteSource): AsyncGenerator<ParsedLine[]> {
  for await (const lines of readLines(source, MAX_LINE_CHARS)) {
    const out: ParsedLine[] = [];
    for (const { line, text } of lines) {
      if (text === null) {
        out.push({ line, invalid: 'too_long' });
        continue;
      }
      const key = text.trim();
      if (!key) continue;
      const bad = checkKey(key);
      out.push(bad ? { line, invalid: bad } : { line, key });
    }
    if (out.length) yield out;
  }
}

/** Stands in for an over-long line, so csv-parse keeps counting lines and we report it in order. */
const TOO_LONG = '\u0000too_long';

/** The delimiter as csv-parse wants it (`\t` may be typed as backslash-t). */
export function csvDelimiter(delimiter: string): string {
  const d = delimiter === '\\t' ? '\t' : delimiter;
  if (d.includes('"') || d.includes('\n') || d.includes('\r')) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'delimiter', message: 'invalid delimiter' }],
    });
  }
  return d;
}

async function* parseCsv(source: ByteSource, o: KeyImportOptions): AsyncGenerator<ParsedLine[]> {
  let lastLine = 0;
  const parser = parse({
    // Called synchronously while parsing, so it is current even when a later record fails.
    on_record: (record, context) => {
      lastLine = context.lines;
      return record;
    },
    delimiter: csvDelimiter(o.delimiter),
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    // Lines are capped before they reach the parser; only an unclosed quote can grow a record this big.
    max_record_size: 4 * MAX_LINE_CHARS,
  });
  const feed = Readable.from(
    (async function* () {
      for await (const lines of readLines(source, MAX_LINE_CHARS)) {
        yield lines.map((l) => l.text ?? TOO_LONG).join('\n') + '\n';
      }
    })(),
  );
  pipeline(feed, parser, () => undefined); // errors reach the loop below through the parser
  const need = Math.max(o.cardColumn, o.passwordColumn ?? 0);
  let expected: number | undefined;
  let headerSeen = !o.header;
  let out: ParsedLine[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = info.lines;
      if (record.length === 1 && record[0] === TOO_LONG) out.push({ line, invalid: 'too_long' });
      else if (record.every((f) => f.trim() === '')) continue;
      else if (!headerSeen) {
        headerSeen = true;
        expected = record.length;
        continue;
      } else {
        expected ??= record.length;
        out.push(csvKey(line, record, o, expected, need));
      }
      if (out.length >= 1000) {
        yield out;
        out = [];
      }
    }
  } catch (err) {
    const code = (err as CsvError).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      // An unclosed quote is only noticed later: name the line where the broken record starts.
      const runaway = code === 'CSV_QUOTE_NOT_CLOSED' || code === 'CSV_MAX_RECORD_SIZE';
      const line = runaway ? lastLine + 1 : ((err as CsvError & { lines?: number }).lines ?? lastLine + 1);
      throw new AppError('IMPORT_CSV_MALFORMED', { line, reason: code });
    }
    throw err;
  }
  if (out.length) yield out;
}

function csvKey(
  line: number,
  record: string[],
  o: KeyImportOptions,
  expected: number,
  need: number,
): ParsedLine {
  if (record.length !== expected || record.length < need) return { line, invalid: 'wrong_column_count' };
  const card = record[o.cardColumn - 1]!.trim();
  if (!card) return { line, invalid: 'empty_card' };
  const password = o.passwordColumn ? record[o.passwordColumn - 1]!.trim() : '';
  const key = password ? card + CSV_KEY_SEPARATOR + password : card;
  const bad = checkKey(key);
  return bad ? { line, invalid: bad } : { line, key };
}
