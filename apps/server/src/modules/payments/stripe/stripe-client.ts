import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { ChannelConfig } from '../provider';

let sdk: Promise<typeof Stripe> | undefined;

/** The SDK, loaded on first use: about 20 MB that a shop without a Stripe channel never pays for. */
export function loadStripe(): Promise<typeof Stripe> {
  sdk ??= import('stripe').then((m) => m.default);
  return sdk;
}

/** Per request: a checkout waits on this call, so far below the SDK's 80 s default. */
const TIMEOUT_MS = 10_000;
/** Clients kept (one per channel and key); past this the cache is simply cleared. */
const MAX_CLIENTS = 64;

const clients = new Map<string, Stripe>();

/** The channel's secret key (sk_… / rk_…), or an error naming the missing field (never its value). */
export function secretKeyOf(channel: ChannelConfig): string {
  const key = channel.credentials.secretKey ?? '';
  if (!key) throw new Error('stripe channel has no secretKey');
  return key;
}

/**
 * Where the API is: the channel's `apiBase` (or `gatewayUrl`) setting, else api.stripe.com over
 * HTTPS. Only http(s) URLs without a path are taken (the SDK builds /v1/… on host and port).
 */
export function apiTarget(
  channel: ChannelConfig,
): { host: string; port: number; protocol: 'http' | 'https' } | null {
  const set = channel.settings.apiBase ?? channel.settings.gatewayUrl;
  if (set === undefined || set === null || set === '') return null;
  if (typeof set !== 'string') throw new Error('stripe apiBase must be a URL string');
  const url = new URL(set);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('stripe apiBase must be http(s)');
  if (url.pathname !== '/' && url.pathname !== '') throw new Error('stripe apiBase must not have a path');
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

/** One Stripe client per channel configuration, cached by channel id and a hash of key and API base. */
export async function stripeClient(channel: ChannelConfig): Promise<Stripe> {
  const key = secretKeyOf(channel);
  const target = apiTarget(channel);
  const cacheKey = `${channel.id}:${createHash('sha256')
    .update(`${key}\n${JSON.stringify(target)}`)
    .digest('hex')}`;
  const cached = clients.get(cacheKey);
  if (cached) return cached;
  if (clients.size >= MAX_CLIENTS) clients.clear();
  const StripeSdk = await loadStripe();
  const client = new StripeSdk(key, {
    // The API version this SDK release pins (its types describe exactly this version).
    apiVersion: StripeSdk.API_VERSION,
    // Retries reuse the SDK's idempotency key (ours on creates and refunds), so they never double-charge.
    maxNetworkRetries: 1,
    timeout: TIMEOUT_MS,
    telemetry: false,
    ...(target ?? {}),
  });
  clients.set(cacheKey, client);
  return client;
}
