/** The Kameng open API client (see packages/sdk/README.md and docs/docking.md). */
export {
  KamengClient,
  SDK_VERSION,
  parseRetryAfter,
  type KamengClientOptions,
  type KamengResponse,
  type NotModified,
  type OrderListQuery,
  type ProductListQuery,
  type ProductPageResult,
  type QueryParams,
  type RequestOptions,
  type ResponseInfo,
  type StatementQuery,
  type ApiStatementEntry,
} from './kameng-client';
export {
  KamengApiError,
  KamengWebhookError,
  isKamengApiError,
  type ClientErrorCode,
  type KamengApiErrorInit,
  type WebhookErrorCode,
} from './kameng-api-error';
export { signRequest, type SignRequestInput, type SignedRequest } from './sign-request';
export { verifyWebhook, type VerifyWebhookInput } from './verify-webhook';
export { paginate, type CursorPage } from './paginate';
export {
  sha256Hex,
  hmacSha256Hex,
  importHmacKey,
  randomNonce,
  timingSafeEqualString,
  type HmacKey,
} from './web-crypto';
export {
  canonicalQuery,
  canonicalString,
  parseWebhookSignature,
  formatWebhookSignature,
  webhookSignedPayload,
  API_VERSION_HEADER,
  EMPTY_BODY_SHA256,
  WEBHOOK_SIGNATURE_HEADER,
} from '@kameng/shared';
export type {
  ApiBalance,
  ApiCategory,
  ApiCreateOrderBody,
  ApiCreateWebhookEndpointBody,
  ApiError,
  ApiOrder,
  ApiOrderPage,
  ApiOrderStatus,
  ApiPing,
  ApiProduct,
  ApiProductPage,
  ApiSku,
  ApiStatementPage,
  ApiUpdateWebhookEndpointBody,
  ApiWebhookEndpoint,
  ApiWebhookEndpointWithSecret,
  ApiWebhookEvent,
  ApiWebhookTestDelivery,
  ErrorCode,
  WebhookEventType,
} from '@kameng/shared';
