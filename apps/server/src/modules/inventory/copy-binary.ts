/** PostgreSQL's binary COPY signature, flags and header-extension length. */
export const COPY_BINARY_HEADER = Buffer.concat([
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
  Buffer.alloc(8), // flags (int32 0) + header extension length (int32 0)
]);
/** The file trailer: a tuple field count of -1. */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/**
 * Encodes rows of (int4, bytea, bytea) as binary COPY tuples into one buffer: no text escaping
 * of the ciphertexts, the cheapest form for PostgreSQL to read.
 */
export function encodeCopyRows(rows: readonly (readonly [number, Buffer, Buffer])[]): Buffer {
  let size = 0;
  for (const [, a, b] of rows) size += 2 + 8 + 4 + a.length + 4 + b.length;
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (const [n, a, b] of rows) {
    o = out.writeInt16BE(3, o);
    o = out.writeInt32BE(4, o);
    o = out.writeInt32BE(n, o);
    o = out.writeInt32BE(a.length, o);
    o += a.copy(out, o);
    o = out.writeInt32BE(b.length, o);
    o += b.copy(out, o);
  }
  return out;
}
