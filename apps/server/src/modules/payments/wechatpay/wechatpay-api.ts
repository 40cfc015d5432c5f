/** The signed HTTP client of WeChat Pay API v3 (merchant signature out, platform signature checked in). */
import { httpRequest } from '../../../lib/http-out';
import type { ChannelConfig } from '../provider';
import {
  loadPrivateKey,
  loadPublicKey,
  authorization,
  verifyPlatformSignature,
  type PlatformKey,
} from './wechatpay-sign';

const DEFAULT_GATEWAY = 'https://api.mch.weixin.qq.com';
const TIMEOUT_MS = 10_000;

/** A WeChat Pay API call that failed, with a stable code (the gateway's `code` when it sent one). */
export class WechatpayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(`wechatpay: ${code}: ${message}`);
    this.name = 'WechatpayError';
  }
}

/** A JSON object. */
export type Json = Record<string, unknown>;

/** A plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON.parse, undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The channel's credentials needed to call the API. */
export interface Creds {
  mchId: string;
  appId: string;
  serialNo: string;
  privateKey: string;
  apiV3Key: string;
  platform: PlatformKey;
}

/** The channel's platform key (null when empty or unusable) and its serial / 公钥 ID. */
export function platformOf(channel: ChannelConfig): PlatformKey {
  return {
    serial: channel.credentials.platformSerial ?? '',
    key: loadPublicKey(channel.credentials.platformPublicKey ?? ''),
  };
}

/** The channel's credentials for calling the API; throws (naming fields, never values) when incomplete. */
export function creds(channel: ChannelConfig): Creds {
  const c = channel.credentials;
  const names = ['mchId', 'appId', 'serialNo', 'privateKey', 'platformSerial', 'platformPublicKey'];
  const missing = names.filter((n) => !c[n]);
  if (missing.length) throw new WechatpayError('CREDENTIALS_MISSING', missing.join(', '));
  const platform = platformOf(channel);
  if (!platform.key) throw new WechatpayError('CREDENTIALS_INVALID', 'platformPublicKey is not an RSA key');
  return {
    mchId: c.mchId!,
    appId: c.appId!,
    serialNo: c.serialNo!,
    privateKey: c.privateKey!,
    apiV3Key: c.apiV3Key ?? '',
    platform,
  };
}

function gatewayBase(channel: ChannelConfig): string {
  const set = channel.settings.gatewayUrl;
  return (typeof set === 'string' && set ? set : DEFAULT_GATEWAY).replace(/\/+$/, '');
}

/**
 * One signed API v3 call. A 2xx answer is believed only when its platform signature verifies
 * (serial, timestamp, RSA); other answers are errors carrying the gateway's `code`.
 */
export async function call(
  channel: ChannelConfig,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  payload?: Json,
): Promise<Json> {
  const c = creds(channel);
  let privateKey;
  try {
    privateKey = loadPrivateKey(c.privateKey);
  } catch {
    throw new WechatpayError('CREDENTIALS_INVALID', 'privateKey is not a PEM private key');
  }
  const body = payload ? JSON.stringify(payload) : '';
  const res = await httpRequest(`${gatewayBase(channel)}${pathAndQuery}`, {
    method,
    headers: {
      accept: 'application/json',
      'user-agent': 'Kameng (wechatpay-v3; node)',
      authorization: authorization(
        { mchId: c.mchId, serialNo: c.serialNo, privateKey },
        { method, pathAndQuery, body },
      ),
      ...(payload ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload ? { body } : {}),
    timeoutMs: TIMEOUT_MS,
  });
  const text = res.text;
  if (res.status < 200 || res.status > 299) {
    const err = parseJson(text);
    const code = isObject(err) && typeof err.code === 'string' ? err.code : `HTTP_${res.status}`;
    const msg = isObject(err) && typeof err.message === 'string' ? err.message.slice(0, 200) : '';
    throw new WechatpayError(code, msg, res.status);
  }
  const bad = verifyPlatformSignature(
    {
      timestamp: res.header('wechatpay-timestamp') ?? undefined,
      nonce: res.header('wechatpay-nonce') ?? undefined,
      signature: res.header('wechatpay-signature') ?? undefined,
      serial: res.header('wechatpay-serial') ?? undefined,
    },
    text,
    c.platform,
  );
  if (bad) throw new WechatpayError('ANSWER_UNVERIFIED', bad, res.status);
  if (text === '') return {};
  const json = parseJson(text);
  if (!isObject(json)) throw new WechatpayError('ANSWER_MALFORMED', 'not a JSON object', res.status);
  return json;
}
