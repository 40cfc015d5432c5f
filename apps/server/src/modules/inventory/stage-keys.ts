import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SecretBox } from '../../lib/crypto';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, encodeCopyRows } from './copy-binary';
import type { ImportTally } from './import-tally';
import { keyAad, keyHashPurpose } from './key-crypto';
import type { ParsedLine } from './parse-keys';

/** Keys per segment: big enough for cheap statements, small enough (~2 MB) to hold one ahead in memory. */
export const SEGMENT_ROWS = 20_000;

/** Encrypted keys ready for one COPY: binary tuples of (line, keyed hash, ciphertext). */
export interface Segment {
  rows: number;
  chunks: Buffer[];
}

/**
 * Parsed lines → hashed and encrypted segments; invalid lines are tallied. The caller asks for the
 * next segment before it runs the database work of the current one, so hashing and encryption in
 * Node overlap with PostgreSQL inserting the previous segment.
 */
export async function* encryptSegments(
  box: SecretBox,
  skuId: string,
  lines: AsyncIterable<ParsedLine[]>,
  tally: ImportTally,
): AsyncGenerator<Segment> {
  const purpose = keyHashPurpose(skuId);
  const aad = keyAad(skuId);
  let segment: Segment = { rows: 0, chunks: [] };
  for await (const batch of lines) {
    const rows: [number, Buffer, Buffer][] = [];
    for (const p of batch) {
      if ('invalid' in p) tally.addInvalid(p.line, p.invalid);
      else rows.push([p.line, box.mac(p.key, purpose), box.encrypt(p.key, aad)]);
    }
    if (!rows.length) continue;
    tally.valid += rows.length;
    segment.rows += rows.length;
    segment.chunks.push(encodeCopyRows(rows));
    if (segment.rows >= SEGMENT_ROWS) {
      yield segment;
      segment = { rows: 0, chunks: [] };
    }
  }
  if (segment.rows) yield segment;
}

/** Creates the transaction's staging table (dropped at commit or rollback). */
export async function createStage(client: pg.ClientBase): Promise<void> {
  await client.query(
    'CREATE TEMP TABLE key_import_stage (line int4 NOT NULL, key_hash bytea NOT NULL, secret bytea NOT NULL) ON COMMIT DROP',
  );
}

/** Replaces the staging table's rows with one segment, by binary COPY. */
export async function copySegment(client: pg.ClientBase, segment: Segment): Promise<void> {
  await client.query('TRUNCATE key_import_stage');
  await pipeline(
    Readable.from([COPY_BINARY_HEADER, ...segment.chunks, COPY_BINARY_TRAILER]),
    client.query(copyFrom('COPY key_import_stage FROM STDIN (FORMAT binary)')),
  );
}
