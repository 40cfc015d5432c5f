import { z } from 'zod';
import { apiAccessStatuses, apiMode, apiScope, apiScopes, apiVersions } from './docking';

/**
 * The developer console (/api/developer, access 'reseller') and the admin's docking pages
 * (/api/admin/docking, access 'admin'): camelCase JSON like the rest of the console API. The signed
 * open API itself (snake_case) lives in api-v1.ts.
 */

const isoDateTime = z.iso.datetime({ offset: true });
const fen = z.number().int();

/** At most this many active (not revoked) credentials per reseller. */
export const MAX_ACTIVE_CREDENTIALS = 20;
/** The largest single sandbox top-up (test money), in fen: ¥100,000. */
export const MAX_SANDBOX_TOP_UP = 10_000_000;
/** The default overlap during which a rotated-out secret keeps working. */
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;

// ——— credentials ———

/** Whether a credential can sign requests now: `expired` is derived from `expiresAt`. */
export const credentialStates = ['active', 'expired', 'revoked'] as const;
export type CredentialState = (typeof credentialStates)[number];

/** A credential as the console shows it (never the secret). */
export const apiCredential = z.object({
  id: z.uuid(),
  name: z.string(),
  mode: apiMode,
  appKey: z.string(),
  scopes: z.array(apiScope),
  /** IPs and CIDRs (IPv4 and IPv6); empty: any address. */
  ipAllowList: z.array(z.string()),
  expiresAt: isoDateTime.nullable(),
  state: z.enum(credentialStates),
  rateLimitPerMinute: z.number().int(),
  /** While a rotation overlaps: until when the previous secret still works. */
  previousSecretValidUntil: isoDateTime.nullable(),
  lastUsedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  revokedAt: isoDateTime.nullable(),
});
export type ApiCredential = z.infer<typeof apiCredential>;

export const apiCredentialList = z.object({ items: z.array(apiCredential) });
export type ApiCredentialList = z.infer<typeof apiCredentialList>;

const credentialName = z.string().trim().min(1).max(60);
const scopeList = z
  .array(apiScope)
  .min(1)
  .max(apiScopes.length)
  .refine((s) => new Set(s).size === s.length, { message: 'duplicate scope' });
/** IPs or CIDRs; each is validated by the server (IP_ALLOW_LIST_INVALID names the bad entries). */
const ipAllowList = z.array(z.string().trim().min(1).max(64)).max(50);

/** POST /api/developer/credentials. A live credential needs approved API access; sandbox needs it requested. */
export const createApiCredentialBody = z.strictObject({
  name: credentialName,
  mode: apiMode,
  scopes: scopeList,
  ipAllowList: ipAllowList.optional(),
  expiresAt: isoDateTime.nullable().optional(),
});
export type CreateApiCredentialBody = z.input<typeof createApiCredentialBody>;

/** PATCH /api/developer/credentials/:id — only the fields given change; `expiresAt: null` removes the expiry. */
export const updateApiCredentialBody = z.strictObject({
  name: credentialName.optional(),
  scopes: scopeList.optional(),
  ipAllowList: ipAllowList.optional(),
  expiresAt: isoDateTime.nullable().optional(),
});
export type UpdateApiCredentialBody = z.input<typeof updateApiCredentialBody>;

/** POST /api/developer/credentials/:id/rotate — the old secret keeps working `overlapHours` (0: stops now). */
export const rotateApiCredentialBody = z.strictObject({
  overlapHours: z.number().int().min(0).max(168).default(DEFAULT_ROTATION_OVERLAP_HOURS),
});
export type RotateApiCredentialBody = z.input<typeof rotateApiCredentialBody>;

/** The answer to create and rotate: `appSecret` is shown this once and never again. */
export const apiCredentialWithSecret = z.object({
  credential: apiCredential,
  appSecret: z.string(),
});
export type ApiCredentialWithSecret = z.infer<typeof apiCredentialWithSecret>;

// ——— access, overview, sandbox money ———

export const apiAccessStatus = z.enum(apiAccessStatuses);

export const resellerLevelRef = z.object({ id: z.uuid(), name: z.string(), discountBps: z.number().int() });

/** GET /api/developer/overview */
export const developerOverview = z.object({
  reseller: z.object({ id: z.uuid(), name: z.string(), status: z.enum(['active', 'suspended']) }),
  apiStatus: apiAccessStatus,
  level: resellerLevelRef.nullable(),
  /** The protocol version this account is served now (pin or rollout). */
  servedVersion: z.enum(apiVersions),
  balances: z.object({
    /** The prepaid balance in the ledger (real money). */
    live: z.object({ available: fen, held: fen, currency: z.string() }),
    /** Test money used by sandbox credentials only. */
    sandbox: z.object({ available: fen, currency: z.string() }),
  }),
  credentials: z.object({ active: z.number().int(), limit: z.number().int() }),
});
export type DeveloperOverview = z.infer<typeof developerOverview>;

/** POST /api/developer/access-request */
export const apiAccessRequestResult = z.object({ apiStatus: apiAccessStatus });
export type ApiAccessRequestResult = z.infer<typeof apiAccessRequestResult>;

/** POST /api/developer/sandbox/top-up (test money, never in the ledger). */
export const sandboxTopUpBody = z.strictObject({
  amount: z.number().int().min(1).max(MAX_SANDBOX_TOP_UP),
});
export type SandboxTopUpBody = z.infer<typeof sandboxTopUpBody>;
export const sandboxTopUpResult = z.object({ available: fen, currency: z.string() });
export type SandboxTopUpResult = z.infer<typeof sandboxTopUpResult>;

// ——— call log ———

export const statusClasses = ['2xx', '3xx', '4xx', '5xx'] as const;

/** GET /api/developer/calls (and /api/admin/docking/calls with `resellerId`): newest first, `before` = the last id seen. */
export const apiCallQuery = z.strictObject({
  credentialId: z.uuid().optional(),
  status: z.enum(statusClasses).optional(),
  /** A route pattern, e.g. `/api/v1/orders/:id`. */
  route: z.string().max(200).optional(),
  errorCode: z
    .string()
    .regex(/^[A-Z0-9_]{1,64}$/)
    .optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ApiCallQuery = z.input<typeof apiCallQuery>;
export const adminApiCallQuery = apiCallQuery.extend({ resellerId: z.uuid().optional() });
export type AdminApiCallQuery = z.input<typeof adminApiCallQuery>;

export const apiCallEntry = z.object({
  id: z.number().int(),
  credentialId: z.uuid().nullable(),
  /** The credential's AppKey when known. */
  appKey: z.string().nullable(),
  resellerId: z.uuid().nullable(),
  mode: apiMode.nullable(),
  method: z.string(),
  route: z.string(),
  status: z.number().int(),
  errorCode: z.string().nullable(),
  durationMs: z.number(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  version: z.string().nullable(),
  createdAt: isoDateTime,
});
export type ApiCallEntry = z.infer<typeof apiCallEntry>;

export const apiCallPage = z.object({
  items: z.array(apiCallEntry),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: z.number().int().nullable(),
});
export type ApiCallPage = z.infer<typeof apiCallPage>;

// ——— monitoring ———

/** 24h: 5-minute buckets (288 points); 7d: 1-hour buckets (168 points). */
export const apiStatsRanges = ['24h', '7d'] as const;

/** GET /api/developer/stats */
export const apiStatsQuery = z.strictObject({
  range: z.enum(apiStatsRanges).default('24h'),
  credentialId: z.uuid().optional(),
});
export type ApiStatsQuery = z.input<typeof apiStatsQuery>;
/** GET /api/admin/docking/stats: every account, or one. */
export const adminApiStatsQuery = apiStatsQuery.extend({ resellerId: z.uuid().optional() });
export type AdminApiStatsQuery = z.input<typeof adminApiStatsQuery>;

/** Latency percentiles in milliseconds; null without calls. */
const latency = { p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() };

export const apiStatsBucket = z.object({
  /** Start of the bucket. */
  at: isoDateTime,
  calls: z.number().int(),
  /** Calls answered with status ≥ 400. */
  errors: z.number().int(),
  ...latency,
});
export type ApiStatsBucket = z.infer<typeof apiStatsBucket>;

export const apiStatsPerKey = z.object({
  credentialId: z.uuid().nullable(),
  appKey: z.string().nullable(),
  name: z.string().nullable(),
  resellerId: z.uuid().nullable(),
  calls: z.number().int(),
  errors: z.number().int(),
  /** errors / calls, 0–1. */
  errorRate: z.number(),
  p95: z.number().nullable(),
});
export type ApiStatsPerKey = z.infer<typeof apiStatsPerKey>;

export const apiStats = z.object({
  range: z.enum(apiStatsRanges),
  bucketSeconds: z.number().int(),
  from: isoDateTime,
  to: isoDateTime,
  /** Every bucket of the range, oldest first (empty buckets included, with zero calls). */
  buckets: z.array(apiStatsBucket),
  totals: z.object({ calls: z.number().int(), errors: z.number().int(), errorRate: z.number(), ...latency }),
  /** Per credential (calls without a known credential under null), most calls first. */
  perKey: z.array(apiStatsPerKey),
});
export type ApiStats = z.infer<typeof apiStats>;

// ——— signature debugger ———

export const signatureProblems = [
  'malformed_header',
  'nonce_invalid',
  'timestamp_invalid',
  'timestamp_out_of_window',
  'unknown_key',
  'key_revoked',
  'key_expired',
  'signature_mismatch',
] as const;
export type SignatureProblem = (typeof signatureProblems)[number];

/** POST /api/developer/signature-debug — the pasted request is never stored. */
export const signatureDebugBody = z.strictObject({
  method: z.string().trim().min(1).max(10),
  /** The path as sent, with the query (`/api/v1/products?limit=10`). */
  path: z.string().min(1).max(4000),
  /** The Authorization header value as sent. */
  authorization: z.string().max(1000),
  /** The raw body as sent ('' for none). */
  body: z.string().max(1_000_000).default(''),
});
export type SignatureDebugBody = z.input<typeof signatureDebugBody>;

export const signatureDebugResult = z.object({
  /** The string we sign; null when the header cannot be parsed. */
  canonicalString: z.string().nullable(),
  bodySha256: z.string(),
  /** HMAC with the credential's current secret (only for the caller's own credential). */
  expectedSignature: z.string().nullable(),
  providedSignature: z.string().nullable(),
  matches: z.boolean(),
  /** Which secret matched: the current one, or the previous one inside a rotation overlap. */
  matchedSecret: z.enum(['current', 'previous']).nullable(),
  credential: z.object({ id: z.uuid(), name: z.string(), mode: apiMode }).nullable(),
  /** Seconds between the header's timestamp and the server's clock (positive: the client is ahead). */
  clockSkewSeconds: z.number().int().nullable(),
  problems: z.array(z.enum(signatureProblems)),
});
export type SignatureDebugResult = z.infer<typeof signatureDebugResult>;

// ——— admin: access, versions, levels ———

export const adminApiReseller = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  status: z.enum(['active', 'suspended']),
  apiStatus: apiAccessStatus,
  /** The version the admin pinned; null: the rollout decides. */
  apiVersion: z.enum(apiVersions).nullable(),
  servedVersion: z.enum(apiVersions),
  level: resellerLevelRef.nullable(),
  activeCredentials: z.number().int(),
  createdAt: isoDateTime,
});
export type AdminApiReseller = z.infer<typeof adminApiReseller>;
export const adminApiResellerList = z.object({ items: z.array(adminApiReseller) });
export type AdminApiResellerList = z.infer<typeof adminApiResellerList>;

export const adminApiResellerQuery = z.strictObject({
  apiStatus: apiAccessStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/**
 * POST /api/admin/docking/resellers/:id/access: approve (none|pending → approved), reject
 * (pending → none), suspend (pending|approved → suspended), restore (suspended → approved).
 */
export const apiAccessActions = ['approve', 'reject', 'suspend', 'restore'] as const;
export type ApiAccessAction = (typeof apiAccessActions)[number];
export const setApiAccessBody = z.strictObject({
  action: z.enum(apiAccessActions),
  note: z.string().trim().max(500).optional(),
});
export type SetApiAccessBody = z.infer<typeof setApiAccessBody>;

/** PUT /api/admin/docking/resellers/:id/version */
export const pinApiVersionBody = z.strictObject({ version: z.enum(apiVersions).nullable() });
export type PinApiVersionBody = z.infer<typeof pinApiVersionBody>;

/** PUT /api/admin/docking/resellers/:id/level */
export const setResellerLevelBody = z.strictObject({ levelId: z.uuid().nullable() });
export type SetResellerLevelBody = z.infer<typeof setResellerLevelBody>;

/** GET/PUT /api/admin/docking/rollout: who gets the next version before everyone. */
export const apiRolloutSettings = z.object({
  nextVersion: z.enum(apiVersions),
  /** 0–100: accounts whose stable hash falls below this get `nextVersion`. */
  percent: z.number().int().min(0).max(100),
  /** Reseller ids that always get `nextVersion`. */
  allowList: z.array(z.uuid()),
  updatedAt: isoDateTime.nullable(),
});
export type ApiRolloutSettings = z.infer<typeof apiRolloutSettings>;
export const updateApiRolloutBody = z.strictObject({
  nextVersion: z.enum(apiVersions).optional(),
  percent: z.number().int().min(0).max(100).optional(),
  allowList: z.array(z.uuid()).max(1000).optional(),
});
export type UpdateApiRolloutBody = z.infer<typeof updateApiRolloutBody>;

/** A reseller level (分销等级). */
export const resellerLevel = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Basis points off the base price where the price list has no entry (500 = 5 % off). */
  discountBps: z.number().int(),
  priceCount: z.number().int(),
  resellerCount: z.number().int(),
  createdAt: isoDateTime,
});
export type ResellerLevel = z.infer<typeof resellerLevel>;
export const resellerLevelList = z.object({ items: z.array(resellerLevel) });
export type ResellerLevelList = z.infer<typeof resellerLevelList>;

export const resellerLevelBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  discountBps: z.number().int().min(0).max(10_000).default(0),
});
export type ResellerLevelBody = z.input<typeof resellerLevelBody>;
export const updateResellerLevelBody = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  discountBps: z.number().int().min(0).max(10_000).optional(),
});
export type UpdateResellerLevelBody = z.infer<typeof updateResellerLevelBody>;

/** One fixed price of a level's price list. */
export const resellerLevelPrice = z.object({
  skuId: z.uuid(),
  price: fen,
  skuName: z.string().nullable(),
  productTitle: z.string().nullable(),
  /** The SKU's base (retail) price, for comparison. */
  basePrice: fen.nullable(),
});
export type ResellerLevelPrice = z.infer<typeof resellerLevelPrice>;
export const resellerLevelPriceList = z.object({ items: z.array(resellerLevelPrice) });
export type ResellerLevelPriceList = z.infer<typeof resellerLevelPriceList>;

/** PUT /api/admin/docking/levels/:id/prices: sets (upserts) these entries; price 0 is allowed (free). */
export const setResellerLevelPricesBody = z.strictObject({
  items: z
    .array(z.strictObject({ skuId: z.uuid(), price: z.number().int().min(0).max(10_000_000_000) }))
    .min(1)
    .max(500),
});
export type SetResellerLevelPricesBody = z.infer<typeof setResellerLevelPricesBody>;

/** Params of routes on one level's price entry. */
export const levelPriceParams = z.strictObject({ id: z.uuid(), skuId: z.uuid() });

/** PATCH /api/admin/docking/credentials/:id — the admin may tune a credential's rate limit. */
export const adminUpdateCredentialBody = z.strictObject({
  rateLimitPerMinute: z.number().int().min(1).max(100_000),
});
export type AdminUpdateCredentialBody = z.infer<typeof adminUpdateCredentialBody>;
