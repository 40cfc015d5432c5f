/**
 * Every error code Kameng returns, with its HTTP status and its message in zh-CN and en.
 * Codes are stable: integrators and the web console switch on them. Never rename one.
 */
export const errorCatalog = {
  // request shape
  VALIDATION_FAILED: { status: 400, zh: '请求参数不正确', en: 'The request is invalid' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { status: 404, zh: '资源不存在', en: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持的请求方法', en: 'Method not allowed' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  CONFLICT: { status: 409, zh: '操作与当前状态冲突', en: 'The request conflicts with the current state' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },

  // authentication and sessions
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Sign-in required' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '邮箱或密码错误', en: 'Wrong e-mail or password' },
  AUTH_LOCKED: {
    status: 429,
    zh: '登录失败次数过多，账户已临时锁定，请稍后再试',
    en: 'Too many failed sign-ins; the account is locked for a while',
  },
  AUTH_ACCOUNT_DISABLED: { status: 403, zh: '账户已停用', en: 'This account is disabled' },
  AUTH_MFA_REQUIRED: { status: 401, zh: '需要两步验证', en: 'Two-factor verification required' },
  AUTH_MFA_INVALID: { status: 401, zh: '验证码不正确', en: 'The verification code is wrong' },
  AUTH_MFA_ENROLMENT_REQUIRED: {
    status: 403,
    zh: '平台管理员必须先开启两步验证',
    en: 'Platform admins must enable two-factor authentication first',
  },
  AUTH_CSRF_INVALID: {
    status: 403,
    zh: '安全令牌无效，请刷新页面',
    en: 'Invalid CSRF token; reload the page',
  },
  AUTH_FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  AUTH_WRONG_PASSWORD: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  AUTH_WEAK_PASSWORD: {
    status: 400,
    zh: '密码至少 10 位，且不能与邮箱相同',
    en: 'Passwords need at least 10 characters and must differ from the e-mail',
  },
  MFA_ALREADY_ENABLED: { status: 409, zh: '两步验证已开启', en: 'Two-factor authentication is already on' },
  MFA_NOT_STARTED: {
    status: 409,
    zh: '请先生成两步验证密钥',
    en: 'Start two-factor enrolment first',
  },
  MFA_REQUIRED_FOR_ADMIN: {
    status: 409,
    zh: '平台管理员不能关闭两步验证',
    en: 'Platform admins cannot turn two-factor authentication off',
  },

  // accounts and tenants
  EMAIL_TAKEN: { status: 409, zh: '该邮箱已被注册', en: 'This e-mail is already registered' },
  AGREEMENT_REQUIRED: {
    status: 400,
    zh: '请阅读并同意入驻协议',
    en: 'You must accept the merchant agreement',
  },
  MERCHANT_INACTIVE: { status: 403, zh: '商户已被暂停或封禁', en: 'This merchant is suspended or banned' },
  STAFF_SELF_CHANGE: {
    status: 409,
    zh: '不能修改或删除自己的员工账号',
    en: 'You cannot change or remove your own staff account',
  },
  MERCHANT_STATUS_TRANSITION: {
    status: 409,
    zh: '商户当前状态不允许此变更',
    en: 'The merchant status cannot change this way',
  },

  // first run
  SETUP_DONE: { status: 409, zh: '平台已初始化', en: 'The platform is already set up' },
  SETUP_TOKEN_INVALID: {
    status: 403,
    zh: '初始化链接无效或已过期',
    en: 'The setup link is invalid or expired',
  },

  // catalog
  CATEGORY_CYCLE: {
    status: 409,
    zh: '分类不能移动到自己的子分类下',
    en: 'A category cannot move under its own descendant',
  },
  CATEGORY_NOT_EMPTY: {
    status: 409,
    zh: '分类下还有子分类或商品，无法删除',
    en: 'The category still holds subcategories or products',
  },
  SLUG_TAKEN: { status: 409, zh: '商品链接名已被使用', en: 'This product slug is already in use' },
  PRICE_TIERS_INVALID: {
    status: 400,
    zh: '阶梯价格必须按数量递增、单价递减，且低于原价',
    en: 'Wholesale tiers must rise in quantity, fall in unit price and stay below the base price',
  },
  PRICE_RULE_INVALID: { status: 400, zh: '价格规则不正确', en: 'The pricing rule is invalid' },
  SKU_CONFIG_INVALID: {
    status: 400,
    zh: '规格的发货方式配置不完整',
    en: 'The SKU delivery settings are incomplete',
  },
  INPUT_FIELD_INVALID: { status: 400, zh: '买家填写项配置不正确', en: 'A buyer input field is invalid' },
  INPUT_FIELD_REGEX_UNSAFE: {
    status: 400,
    zh: '买家填写项的正则表达式匹配可能极慢（如 (a+)+ 这类嵌套重复），请改写得更简单',
    en: 'A buyer input pattern could take far too long to match (nested repetition such as (a+)+); simplify it',
  },
  QUANTITY_OUT_OF_RANGE: {
    status: 400,
    zh: '购买数量超出允许范围',
    en: 'The quantity is outside the allowed range',
  },
  PRODUCT_NOT_AVAILABLE: {
    status: 404,
    zh: '商品不存在或已下架',
    en: 'The product does not exist or is off sale',
  },
  COUPON_CODE_TAKEN: { status: 409, zh: '优惠码已存在', en: 'This coupon code already exists' },
  COUPON_EXCEEDS_PRICE: {
    status: 400,
    zh: '优惠金额不能超过商品价格或最低消费',
    en: 'The coupon is worth more than the price or the minimum spend',
  },
  COUPON_INVALID: { status: 400, zh: '优惠券设置不正确', en: 'The coupon settings are invalid' },
  UPLOAD_TOO_LARGE: { status: 413, zh: '文件过大', en: 'The file is too large' },
  UPLOAD_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '不支持的文件类型（仅限 PNG、JPEG、WebP、GIF 图片）',
    en: 'Unsupported file type (PNG, JPEG, WebP or GIF images only)',
  },

  // inventory
  SKU_NOT_CARD_KEYS: {
    status: 409,
    zh: '该规格不是卡密发货，不能导入卡密',
    en: 'This SKU does not deliver card keys',
  },
  IMPORT_FILE_INVALID: {
    status: 400,
    zh: '文件不是文本格式（可能是二进制文件）',
    en: 'The file is not text (it looks binary)',
  },
  IMPORT_CSV_MALFORMED: {
    status: 400,
    zh: 'CSV 格式错误（引号不匹配等）',
    en: 'The CSV is malformed (e.g. broken quoting)',
  },
  IMPORT_EMPTY: { status: 400, zh: '没有可导入的卡密', en: 'There are no keys to import' },
  INSUFFICIENT_STOCK: { status: 409, zh: '库存不足', en: 'Not enough stock' },
  BATCH_HAS_SALES: {
    status: 409,
    zh: '该批次已有卡密售出或被占用，不能删除',
    en: 'Keys of this batch were sold or are reserved; it cannot be deleted',
  },
  KEY_NOT_AVAILABLE: { status: 409, zh: '只能作废未售出的卡密', en: 'Only available keys can be voided' },

  // ledger and finance
  LEDGER_INVALID_AMOUNT: {
    status: 400,
    zh: '金额必须是正整数（以分为单位）',
    en: 'Amounts must be positive whole minor units (fen)',
  },
  LEDGER_UNKNOWN_CURRENCY: { status: 400, zh: '不支持的币种', en: 'Unsupported currency' },
  LEDGER_CURRENCY_MISMATCH: {
    status: 400,
    zh: '账户币种不一致',
    en: 'The accounts use different currencies',
  },
  LEDGER_INSUFFICIENT_FUNDS: { status: 409, zh: '余额不足', en: 'Insufficient balance' },
  LEDGER_IDEMPOTENCY_CONFLICT: {
    status: 409,
    zh: '该幂等键已用于不同的记账内容',
    en: 'This idempotency key was already used for a different posting',
  },
  LEDGER_HOLD_NOT_PENDING: { status: 409, zh: '该冻结已处理', en: 'This hold is no longer pending' },
  LEDGER_HOLD_EXCEEDED: { status: 409, zh: '入账金额超过冻结金额', en: 'The amount exceeds the hold' },
  WITHDRAWAL_BELOW_MINIMUM: {
    status: 400,
    zh: '提现金额低于最低限额',
    en: 'The amount is below the withdrawal minimum',
  },
  WITHDRAWAL_STATE: {
    status: 409,
    zh: '提现申请当前状态不允许此操作',
    en: 'The withdrawal is not in a state that allows this',
  },
  PAYOUT_ACCOUNT_INVALID: {
    status: 400,
    zh: '收款账户信息不正确',
    en: 'The payout account details are invalid',
  },

  // orders and payments
  ORDER_NOT_FOUND: {
    status: 404,
    zh: '订单不存在，或查询信息不匹配',
    en: 'No such order, or the lookup details do not match',
  },
  ORDER_STATE: {
    status: 409,
    zh: '订单当前状态不允许此操作',
    en: 'The order is not in a state that allows this',
  },
  ORDER_INPUT_INVALID: {
    status: 400,
    zh: '请正确填写下单信息',
    en: 'Some order details are missing or invalid',
  },
  ORDER_TOO_MANY_UNPAID: {
    status: 429,
    zh: '未支付订单过多，请先完成或取消之前的订单',
    en: 'Too many unpaid orders; pay or cancel the earlier ones first',
  },
  PAYMENT_CHANNEL_UNAVAILABLE: {
    status: 503,
    zh: '暂无可用的支付通道，请稍后再试',
    en: 'No payment channel is available right now',
  },
  PAYMENT_CREATE_FAILED: {
    status: 502,
    zh: '支付通道下单失败，请重试',
    en: 'The payment channel refused the payment',
  },
  BALANCE_INSUFFICIENT: {
    status: 409,
    zh: '账户余额不足，请减少余额抵扣金额或充值后再试',
    en: 'Your balance is too low; use less of it or top it up first',
  },
  BALANCE_NOT_ALLOWED: {
    status: 403,
    zh: '只能用本人的余额支付本人登录后下的订单',
    en: 'Only the signed-in buyer who placed this order can pay it from their balance',
  },
  REFUND_FAILED: { status: 502, zh: '支付通道退款失败', en: 'The payment channel refund failed' },
  REFUND_EXCEEDS_PAID: {
    status: 400,
    zh: '退款金额超过可退金额',
    en: 'The refund exceeds what can be refunded',
  },
  DUPLICATE_REFUND_STATE: {
    status: 409,
    zh: '该重复支付已在退款中或已退款，不能标记为线下退款',
    en: 'This duplicate payment is being refunded or is already refunded; it cannot be marked refunded offline',
  },
  // open API (docking): authentication, one code per failure
  API_AUTH_MISSING: {
    status: 401,
    zh: '缺少 Authorization 签名头',
    en: 'The Authorization signature header is missing',
  },
  API_AUTH_MALFORMED: {
    status: 401,
    zh: 'Authorization 签名头格式不正确',
    en: 'The Authorization header is malformed',
  },
  API_TIMESTAMP_INVALID: {
    status: 401,
    zh: '时间戳格式不正确',
    en: 'The timestamp is not a Unix time in seconds',
  },
  API_TIMESTAMP_EXPIRED: {
    status: 401,
    zh: '时间戳超出允许范围（±300 秒），请校准服务器时间',
    en: 'The timestamp is outside the ±300 s window; check your clock',
  },
  API_NONCE_REPLAYED: {
    status: 401,
    zh: '该 nonce 已使用过（重放请求）',
    en: 'This nonce was already used (replay)',
  },
  API_SIGNATURE_INVALID: { status: 401, zh: '签名不正确', en: 'The signature does not match' },
  API_KEY_UNKNOWN: { status: 401, zh: 'AppKey 不存在', en: 'Unknown AppKey' },
  API_KEY_EXPIRED: { status: 401, zh: 'AppKey 已过期', en: 'This AppKey has expired' },
  API_KEY_REVOKED: { status: 401, zh: 'AppKey 已吊销', en: 'This AppKey has been revoked' },
  API_ACCESS_SUSPENDED: {
    status: 403,
    zh: '对接权限未开通或已被暂停',
    en: 'API access is not granted or is suspended for this account',
  },
  API_SCOPE_MISSING: {
    status: 403,
    zh: '该 AppKey 没有此接口的权限',
    en: 'This AppKey lacks the scope for this endpoint',
  },
  API_IP_NOT_ALLOWED: {
    status: 403,
    zh: '请求 IP 不在白名单内',
    en: 'The request IP is not on the allow-list',
  },
  API_RATE_LIMITED: { status: 429, zh: '调用过于频繁，请稍后重试', en: 'Rate limit reached; retry later' },

  // open API: idempotency and orders
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    zh: 'Idempotency-Key 格式不正确（1–64 个字母、数字、-、_）',
    en: 'Idempotency-Key must be 1–64 letters, digits, - or _',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该 Idempotency-Key 已用于内容不同的请求',
    en: 'This Idempotency-Key was used with a different request',
  },
  OUT_ORDER_NO_REUSED: {
    status: 409,
    zh: '该外部订单号已用于内容不同的订单',
    en: 'This out_order_no was used for a different order',
  },
  API_ORDER_NOT_FOUND: { status: 404, zh: '订单不存在', en: 'Order not found' },
  API_ORDER_NOT_CANCELLABLE: {
    status: 409,
    zh: '订单当前状态不可取消',
    en: 'The order cannot be cancelled in its current state',
  },
  CREDENTIAL_NOT_FOUND: { status: 404, zh: '凭证不存在', en: 'Credential not found' },
  CREDENTIAL_LIMIT: { status: 409, zh: '凭证数量已达上限', en: 'Too many credentials' },
  IP_ALLOW_LIST_INVALID: {
    status: 400,
    zh: 'IP 白名单格式不正确（IP 或 CIDR）',
    en: 'The IP allow-list must hold IPs or CIDRs',
  },
  API_ACCESS_NOT_APPROVED: {
    status: 403,
    zh: '对接权限尚未开通：沙箱凭证需先申请，正式凭证需平台审核通过',
    en: 'API access is not granted: sandbox keys need a request, live keys an approval',
  },
  API_ACCESS_STATE: {
    status: 409,
    zh: '对接权限当前状态不允许此操作',
    en: 'The API access is not in a state that allows this',
  },

  // webhooks and hosted checkout
  WEBHOOK_URL_FORBIDDEN: {
    status: 400,
    zh: '回调地址不可用：须为 http(s)，且不能指向内网、回环或链路本地地址',
    en: 'The callback URL must be http(s) and must not point to a private, loopback or link-local address',
  },
  WEBHOOK_ENDPOINT_NOT_FOUND: { status: 404, zh: '回调地址不存在', en: 'Webhook endpoint not found' },
  WEBHOOK_DELIVERY_NOT_FOUND: { status: 404, zh: '推送记录不存在', en: 'Webhook delivery not found' },
  WEBHOOK_ENDPOINT_LIMIT: { status: 409, zh: '回调地址数量已达上限', en: 'Too many webhook endpoints' },
  WEBHOOK_ENDPOINT_DISABLED: {
    status: 409,
    zh: '回调地址已停用，请先启用',
    en: 'The webhook endpoint is disabled; enable it first',
  },
  WEBHOOK_EVENT_NOT_FOUND: { status: 404, zh: '事件不存在', en: 'Webhook event not found' },
  HOSTED_LINK_INVALID: {
    status: 400,
    zh: '跳转支付链接无效或已过期',
    en: 'The hosted checkout link is invalid or has expired',
  },
  HOSTED_LINK_EXPIRED: {
    status: 410,
    zh: '跳转支付链接已过期（有效期 30 分钟），请返回商户重新下单',
    en: 'This checkout link has expired (links are valid for 30 minutes); go back to the merchant and start again',
  },
  HOSTED_LIVE_KEY_REQUIRED: {
    status: 400,
    zh: '跳转收银台链接须使用正式环境（live）AppKey 签名',
    en: 'Hosted checkout links must be signed with a live AppKey',
  },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export type Locale = 'zh-CN' | 'en';

/** The message for a code in the given locale (zh-CN when unknown). */
export function errorMessage(code: ErrorCode, locale: Locale): string {
  const entry = errorCatalog[code];
  return locale === 'en' ? entry.en : entry.zh;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  request_id: string;
  details?: unknown;
}
