import type * as AlipayModule from 'alipay-sdk';
import type { AlipaySdk, AlipaySdkCommonResult } from 'alipay-sdk';
import type { ChannelConfig } from '../provider';
import { normalizePrivateKey, normalizePublicKey } from './alipay-keys';

/** The production gateway of the Alipay open platform (OpenAPI 2.0). */
let sdk: Promise<typeof AlipayModule> | undefined;

/** The SDK, loaded on first use: about 30 MB that a shop without an Alipay channel never pays for. */
export function loadAlipaySdk(): Promise<typeof AlipayModule> {
  sdk ??= import('alipay-sdk');
  return sdk;
}

export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';
const TIMEOUT_MS = 5000;

/** Which Alipay product creates the payment ('auto': 当面付 QR on desktops and in WeChat, wap on phones). */
export type AlipayProduct = 'auto' | 'precreate' | 'page' | 'wap';

/** An Alipay failure with a stable code: bad channel config, or the gateway refusing / misbehaving. */
export class AlipayError extends Error {
  constructor(
    readonly code: 'alipay_config' | 'alipay_gateway' | 'alipay_response',
    message: string,
  ) {
    super(`alipay: ${message}`);
    this.name = 'AlipayError';
  }
}

/** A channel's Alipay settings and keys, checked and normalized. */
export interface AlipayChannel {
  appId: string;
  /** PKCS#8 PEM. */
  privateKey: string;
  /** SPKI PEM. */
  alipayPublicKey: string;
  gatewayUrl: string;
  product: AlipayProduct;
}

/** Reads and checks a channel; throws AlipayError('alipay_config') on anything unusable (never echoing keys). */
export function alipayChannel(channel: ChannelConfig): AlipayChannel {
  const appId = channel.credentials.appId ?? '';
  if (!/^\d{8,32}$/.test(appId))
    throw new AlipayError('alipay_config', 'credentials.appId must be the app id (digits)');
  const privateKey = normalizePrivateKey(channel.credentials.privateKey ?? '');
  if (!privateKey) throw new AlipayError('alipay_config', 'credentials.privateKey is not an RSA private key');
  // Without Alipay's key the SDK would skip verifying answers: never run without it.
  const alipayPublicKey = normalizePublicKey(channel.credentials.alipayPublicKey ?? '');
  if (!alipayPublicKey) {
    throw new AlipayError('alipay_config', 'credentials.alipayPublicKey is not an RSA public key');
  }
  const rawUrl = channel.settings.gatewayUrl;
  const gatewayUrl = typeof rawUrl === 'string' && rawUrl ? rawUrl : ALIPAY_GATEWAY;
  let url: URL;
  try {
    url = new URL(gatewayUrl);
  } catch {
    throw new AlipayError('alipay_config', 'settings.gatewayUrl is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AlipayError('alipay_config', 'settings.gatewayUrl must be http(s)');
  }
  if (url.username || url.password) {
    throw new AlipayError('alipay_config', 'settings.gatewayUrl must not carry credentials');
  }
  const product = channel.settings.product ?? 'auto';
  if (product !== 'auto' && product !== 'precreate' && product !== 'page' && product !== 'wap') {
    throw new AlipayError('alipay_config', 'settings.product must be auto, precreate, page or wap');
  }
  return { appId, privateKey, alipayPublicKey, gatewayUrl, product };
}

/** The official SDK for a channel: RSA2, answers verified with Alipay's public key, raw snake_case keys. */
export async function alipaySdk(c: AlipayChannel): Promise<AlipaySdk> {
  const { AlipaySdk } = await loadAlipaySdk();
  return new AlipaySdk({
    appId: c.appId,
    privateKey: c.privateKey,
    keyType: 'PKCS8',
    alipayPublicKey: c.alipayPublicKey,
    gateway: c.gatewayUrl,
    signType: 'RSA2',
    timeout: TIMEOUT_MS,
    camelcase: false,
  });
}

/**
 * The request timestamp in Beijing time ("yyyy-MM-dd HH:mm:ss"), as the gateway expects: the SDK
 * would format the server's local time, which is wrong on servers that run in UTC.
 */
export function beijingTimestamp(now = new Date()): string {
  const t = new Date(now.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

/** A gateway answer: code "10000" is success; anything else carries sub_code / sub_msg. */
export type AlipayAnswer = AlipaySdkCommonResult;

/**
 * Calls an OpenAPI 2.0 method through the SDK with the answer's signature verified (validateSign).
 * Transport errors, HTTP errors and bad signatures throw AlipayError('alipay_gateway'); business
 * errors (code ≠ 10000) are returned for the caller to judge.
 */
export async function callAlipay(
  sdk: AlipaySdk,
  method: string,
  bizContent: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<AlipayAnswer> {
  try {
    return await sdk.exec(
      method,
      { ...extra, timestamp: beijingTimestamp(), bizContent },
      { validateSign: true },
    );
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new AlipayError('alipay_gateway', `${method}: ${msg}`);
  }
}

/** "code sub_code: sub_msg" of a failed answer, for errors and logs. */
export function answerError(method: string, a: AlipayAnswer): AlipayError {
  const detail = [a.code, a.sub_code].filter(Boolean).join(' ');
  return new AlipayError('alipay_response', `${method} failed: ${detail} ${a.sub_msg ?? a.msg ?? ''}`.trim());
}
