import { z } from 'zod';

export const keyStatuses = ['available', 'reserved', 'sold', 'void'] as const;
export type KeyStatus = (typeof keyStatuses)[number];

/** A boolean that also accepts what an HTML form sends ('true', 'on', '1', 'yes'; anything else is false). */
const formBoolean = z.preprocess(
  (v) => (typeof v === 'string' ? ['true', '1', 'on', 'yes'].includes(v.trim().toLowerCase()) : v),
  z.boolean(),
);

export const keyImportOptions = z.strictObject({
  /** txt: one key per line; csv: card number + password columns. */
  format: z.enum(['txt', 'csv']).default('txt'),
  /** CSV field delimiter (one character; `\t` for tab). */
  delimiter: z.string().min(1).max(2).default(','),
  /** CSV: 1-based column numbers of the card number and (optional) password. */
  cardColumn: z.coerce.number().int().min(1).max(50).default(1),
  passwordColumn: z
    .preprocess(
      (v) => (v === '' || v === 'none' ? null : v),
      z.coerce.number().int().min(1).max(50).nullable(),
    )
    .default(2),
  /** CSV: skip the first line. */
  header: formBoolean.default(false),
});
export type KeyImportOptions = z.infer<typeof keyImportOptions>;

export const pasteKeysBody = keyImportOptions.extend({
  text: z
    .string()
    .min(1)
    .max(10 * 1024 * 1024),
});

export const keyBatch = z.object({
  id: z.uuid(),
  skuId: z.uuid(),
  source: z.enum(['paste', 'file']),
  filename: z.string().nullable(),
  format: z.enum(['txt', 'csv']),
  status: z.enum(['done', 'failed']),
  totalLines: z.number().int(),
  imported: z.number().int(),
  duplicatesInFile: z.number().int(),
  duplicatesExisting: z.number().int(),
  invalid: z.number().int(),
  /** Keys of this batch not yet sold or reserved (a batch can be deleted while nothing was sold). */
  remaining: z.number().int(),
  sold: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type KeyBatch = z.infer<typeof keyBatch>;

export const cardKey = z.object({
  id: z.string(),
  batchId: z.uuid(),
  status: z.enum(keyStatuses),
  /** The key with its middle hidden, e.g. `AB••••••YZ`. */
  masked: z.string(),
  orderId: z.uuid().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  soldAt: z.iso.datetime({ offset: true }).nullable(),
});
export type CardKey = z.infer<typeof cardKey>;

export const keyListQuery = z.strictObject({
  status: z.enum(keyStatuses).optional(),
  batchId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Keyset pagination: keys with an id below this. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const revealKeyResponse = z.object({ id: z.string(), secret: z.string() });

export const exportKeysBody = z.strictObject({
  /** Re-authentication: the caller's password. */
  password: z.string().min(1).max(200),
  batchId: z.uuid().optional(),
});

export const voidKeysBody = z.strictObject({
  ids: z.array(z.coerce.number().int().positive()).min(1).max(1000),
});
export const voidKeysResponse = z.object({ voided: z.number().int() });
