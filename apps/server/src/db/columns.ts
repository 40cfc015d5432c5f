import { customType } from 'drizzle-orm/pg-core';

/** Raw bytes (ciphertexts, hashes) as Buffers. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
