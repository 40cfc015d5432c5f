/**
 * Routes of the single web app: storefront, sign-in flows, admin console, merchant console, developer console.
 *
 * Stable test ids (data-testid) for browser tests:
 *   storefront-home      storefront home page root
 *   admin-layout         admin console frame (present on every /admin/* page)
 *   merchant-layout      merchant console frame (present on every /merchant/* page)
 *   lang-switch          button; one click toggles zh-CN ⇄ en (persisted in localStorage `kameng.lang`)
 *   logout               sign-out button in the console header
 *   mfa-step             second sign-in step (TOTP / recovery code input named `code`)
 *   totp-secret          the TOTP secret text during 2FA enrolment
 *   recovery-codes       the list of one-time recovery codes after enabling 2FA
 * Also available: login-page, register-page, setup-page, setup-done, setup-missing-token, nav-login,
 *   nav-register, products-empty, user-menu, error-alert, not-found, forbidden, security-page,
 *   mfa-required-alert, mfa-toggle-recovery, totp-start, totp-qr, totp-status, totp-disable,
 *   recovery-codes-done, agreement-link, agreement-modal, admin-dashboard, admin-merchants,
 *   merchant-status-filter, merchant-{active|suspended|banned}, merchant-status-modal, admin-audit,
 *   audit-verify, audit-verify-result (data-ok="true|false"), admin-settings, merchant-dashboard,
 *   merchant-status-banner (data-status=<status>), merchant-staff, staff-add, staff-edit, staff-toggle,
 *   staff-delete, staff-modal, perm-<permission>.
 * Catalog and inventory (merchant console):
 *   category-tree (categories page; rows carry category-name, category-add-child, category-edit,
 *   category-delete; category-add, category-modal), product-list (product-search, product-status-filter,
 *   product-new, product-link, product-edit, product-stock), product-editor (data-product-id once saved;
 *   product-status, product-featured, cover-upload, cover-preview, markdown-preview, sku-add,
 *   product-save), sku-row (one per SKU, data-sku-id once saved; inputs named skuName, price,
 *   originalPrice, sharedText, manualStockCap, lowStockThreshold; tier-add, tier-row with inputs
 *   tierMinQty / tierUnitPrice; buy-n-get-m-toggle, limited-toggle, sku-delivery-mode, sku-keys-link,
 *   sku-stock, sku-remove), input-field-add, input-field-row, input-fields-preview, buyer-input-fields,
 *   keys-page, stock-available (text = the number of available keys), key-import (import-source-paste,
 *   import-source-file, import-file, import-submit), import-progress (data-percent), import-result
 *   (data-imported, data-duplicates = in file + existing, data-duplicates-in-file,
 *   data-duplicates-existing, data-invalid; invalid-lines-link), batch-list, batch-delete, key-list
 *   (key-masked, key-reveal, key-void, key-export, key-status-filter), reveal-modal, revealed-secret,
 *   export-modal, coupon-list (coupon-add, coupon-edit, coupon-delete, coupon-modal).
 * Storefront: store-search-input (header search → /search?q=), store-product-card, store-categories,
 *   store-category-link, store-featured, store-latest, store-category-page, store-search-page,
 *   product-page (data-product-id), sku-option (data-sku-id, data-selected), qty-input, qty-increase,
 *   qty-decrease, stock-indicator (data-stock = unlimited|sold_out|low|in_stock), price-panel
 *   (data-stale while a new quote is pending), price-unit, price-source, price-free, price-subtotal,
 *   price-discount, price-total (text = formatted total, e.g. ¥45.00), coupon-input, coupon-apply,
 *   coupon-status (data-applied), usage-guide, buy-button (opens the checkout).
 * Checkout (storefront, mobile first): checkout-drawer / checkout-form (contact-kind, input `contact`
 *   (checkout-contact), buyer-input-fields, checkout-coupon, checkout-lookup-password, pay-methods with
 *   pay-method (data-method), no-pay-methods, checkout-submit); cashier-page → cashier (data-order-no;
 *   cashier-amount, cashier-order-no, cashier-countdown (data-seconds), cashier-qr, cashier-go (link or
 *   form button to the gateway), cashier-form, cashier-paid = "I have paid"); order-result-page →
 *   order-result (data-status), order-status (data-status), order-no, order-total, order-delivered,
 *   order-delivering, order-manual, order-go-pay, order-keys with order-key + copy-key per key,
 *   copy-all-keys, order-shared-text, order-manual-delivery, order-usage-guide, order-missing-token;
 *   lookup-page (nav-lookup in the header; lookup-form, lookup-order-no, lookup-by, lookup-contact,
 *   lookup-password, lookup-submit). Routes /pay/:orderNo?token=&method=, /order/:orderNo?token= (also
 *   /orders/:orderNo, the payment return URL), /lookup; the token is also kept in sessionStorage.
 * Orders, merchant console (orders.read / orders.manage): merchant-orders (order-search,
 *   order-status-filter, order-from, order-to, order-row with data-status, order-link,
 *   manual-queue-link), merchant-order-detail (data-order-id, data-status; order-deliver, order-replace,
 *   order-refund, order-detail-total, order-timeline with timeline-event (data-type) and timeline-notify
 *   (data-verdict)), manual-queue (sla-age with data-level ok|warn|late, manual-handle), merchant-anomalies
 *   (/merchant/orders/anomalies: anomaly-type-filter, anomaly-row with data-type, anomaly-order link,
 *   anomaly-open-order, anomaly-refund-hint, anomaly-duplicate with data-status, anomaly-raw).
 * Payments, admin console (/admin/payments, /notifies, /anomalies, /admin/emails): admin-payments,
 *   payments-tab-{channels|notifies|anomalies}, admin-payment-channels (channel-add, channel-edit,
 *   channel-test, channel-toggle, channel-state (data-enabled), channel-faults), channel-modal
 *   (channel-provider, sandbox-faults), channel-test-result (data-ok), admin-notify-log
 *   (notify-verdict-filter, notify-verdict with data-verdict), admin-anomalies (anomaly-type with
 *   data-type, anomaly-order), admin-emails (email-status-filter, email-view, email-status with
 *   data-status), email-detail (email-body).
 * Finance, merchant console (/merchant/finance, /withdrawals, /payout-accounts; needs finance.read):
 *   merchant-finance (section root), finance-tab-{finance|withdrawals|payout-accounts}, balance-cards,
 *   balance-pending / balance-available / balance-withdrawing / balance-receivable (the last only when
 *   non-zero; text = formatted amount, e.g. ¥12.34), statement (statement-account-filter,
 *   statement-kind-filter, statement-from, statement-to, statement-export, statement-table,
 *   statement-amount, statement-load-more), withdraw-form (withdraw-available, withdraw-minimum,
 *   withdraw-fee, withdraw-account, input `amount` in 元, withdraw-net, withdraw-submit,
 *   withdraw-no-account), withdrawal-history (withdrawal-row with data-id / data-status,
 *   withdrawal-amount, withdrawal-status with data-status), payout-accounts (payout-add, payout-row
 *   with data-id, payout-masked, payout-delete), payout-modal (payout-kind-{alipay|bank|usdt}; inputs
 *   holderName, bankName, accountNumber, label).
 * Finance, admin console (/admin/finance, /withdrawals, /adjustments, /fees, /resellers, /merchants/:id):
 *   admin-finance, finance-tab-{finance|withdrawals|adjustments|fees|resellers}, finance-overview
 *   (overview-fee-revenue, overview-channel-fees, overview-liabilities, overview-pending-withdrawals),
 *   ledger-check-card, ledger-check (button), ledger-check-result (data-ok="true|false"),
 *   withdrawal-queue (withdrawal-status-filter, withdrawal-row with data-id / data-status,
 *   withdrawal-{approve|reject|paid|failed}), withdrawal-action-modal (data-action; inputs reason /
 *   payoutReference), merchant-finance (the 账务 action in the merchants table), merchant-ledger
 *   (data-merchant-id; merchant-ledger-adjust, merchant-terms-form), adjustment-form (adjust-merchant,
 *   adjust-account, adjust-direction, inputs amount / reason, adjust-submit, adjust-result),
 *   finance-fees (fee-schedules, fee-add, fee-edit, fee-modal, finance-settings,
 *   finance-settings-save, merchant-terms, terms-merchant), reseller-list (reseller-add, reseller-row,
 *   reseller-available, reseller-topup), reseller-modal, topup-modal.
 * Developer console (/developer, resellers; others see developer-not-reseller): developer-layout,
 *   developer-overview (data-api-status; api-status tag with data-status, request-access, served-version,
 *   live-balance, sandbox-balance, sandbox-topup → sandbox-topup-modal, base-url, copy-base-url,
 *   signing-cheatsheet), credential-list (credential-add, credential-row with data-id / data-state,
 *   credential-app-key, credential-mode-tag, credential-state, credential-edit, credential-rotate,
 *   credential-revoke → revoke-confirm), credential-modal (input name, credential-mode-{sandbox|live},
 *   scope-<scope> checkboxes, textarea ipAllowList, input expiresAt, credential-submit), rotate-modal
 *   (input overlapHours), secret-modal (secret-app-key, app-secret, copy-app-secret, secret-done),
 *   developer-webhooks, developer-calls / call-log (call-row with data-status, call-status, call-error
 *   with data-code, call-credential-filter, call-status-filter), developer-dashboard / stats-dashboard
 *   (stats-range, stats-key-filter, stats-totals, stats-total-calls, stats-charts with chart-calls,
 *   chart-error-rate, chart-latency, stats-key-row, stats-empty), signature-debugger (debug-method,
 *   inputs path / authorization / body, debug-submit, debug-result with data-matches, debug-problems
 *   (li data-problem), debug-canonical, debug-body-hash, debug-expected, debug-given).
 * API docking, admin console (/admin/docking, /rollout, /levels, /stats, /calls, /webhooks): admin-docking,
 *   docking-tab-{resellers|rollout|levels|stats|calls|webhooks}, docking-resellers (api-status-filter,
 *   docking-reseller-row with data-id / data-api-status, version-pin, level-select,
 *   access-{approve|reject|suspend|restore}), access-modal (data-action; textarea note, access-confirm),
 *   docking-rollout (rollout-version, input percent, rollout-allow-list, rollout-save), docking-levels
 *   (level-add, level-row, level-edit, level-delete, level-modal, level-prices with sku-picker-product,
 *   sku-picker-sku, input price, level-price-add, level-price-row, level-price, level-price-delete),
 *   docking-stats (reseller-filter + stats-dashboard), docking-calls (reseller-filter + call-log),
 *   docking-webhook-settings (allow-private-targets switch; enabling asks to confirm).
 * Form inputs carry `name` attributes equal to the shared schema field names; submit buttons are type="submit".
 */
import { BrowserRouter, Route, Routes } from 'react-router';
import { SecurityPage } from './account/SecurityPage';
import { AdminDashboard } from './admin/AdminDashboard';
import { DockingCallsTab } from './admin/docking/DockingCallsTab';
import { DockingLayout } from './admin/docking/DockingLayout';
import { DockingStatsTab } from './admin/docking/DockingStatsTab';
import { LevelsTab } from './admin/docking/LevelsTab';
import { ResellersApiTab } from './admin/docking/ResellersApiTab';
import { RolloutTab } from './admin/docking/RolloutTab';
import { WebhookSettingsTab } from './admin/docking/WebhookSettingsTab';
import { AdminLayout } from './admin/AdminLayout';
import { AdjustmentForm } from './admin/finance/AdjustmentForm';
import { AdminFinanceLayout } from './admin/finance/AdminFinanceLayout';
import { FeesTab } from './admin/finance/FeesTab';
import { MerchantLedgerPage } from './admin/finance/MerchantLedgerPage';
import { OverviewTab } from './admin/finance/OverviewTab';
import { ResellersTab } from './admin/finance/ResellersTab';
import { WithdrawalQueue } from './admin/finance/WithdrawalQueue';
import { AuditPage } from './admin/AuditPage';
import { AnomaliesPage } from './admin/payments/AnomaliesPage';
import { ChannelsPage } from './admin/payments/ChannelsPage';
import { EmailOutboxPage } from './admin/payments/EmailOutboxPage';
import { NotifyLogPage } from './admin/payments/NotifyLogPage';
import { PaymentsLayout } from './admin/payments/PaymentsLayout';
import { MerchantsPage } from './admin/MerchantsPage';
import { SettingsPage } from './admin/SettingsPage';
import { LoginPage } from './auth/LoginPage';
import { RegisterPage } from './auth/RegisterPage';
import { SetupPage } from './auth/SetupPage';
import { AppProviders } from './layout/AppProviders';
import { NotFound } from './layout/NotFound';
import { RequireConsole } from './layout/RequireConsole';
import { SiteEffects } from './layout/SiteEffects';
import { MerchantDashboard } from './merchant/MerchantDashboard';
import { MerchantLayout } from './merchant/MerchantLayout';
import { ManualQueuePage } from './merchant/orders/ManualQueuePage';
import { PaymentAnomaliesPage } from './merchant/orders/PaymentAnomaliesPage';
import { OrderDetailPage } from './merchant/orders/OrderDetailPage';
import { OrdersPage } from './merchant/orders/OrdersPage';
import { CategoriesPage } from './merchant/catalog/CategoriesPage';
import { ProductEditorPage } from './merchant/catalog/ProductEditor';
import { ProductsPage } from './merchant/catalog/ProductsPage';
import { CouponsPage } from './merchant/coupons/CouponsPage';
import { FinanceLayout } from './merchant/finance/FinanceLayout';
import { PayoutAccountsTab } from './merchant/finance/PayoutAccountsTab';
import { StatementTab } from './merchant/finance/StatementTab';
import { WithdrawalsTab } from './merchant/finance/WithdrawalsTab';
import { KeysPage } from './merchant/keys/KeysPage';
import { StaffPage } from './merchant/StaffPage';
import { CashierPage } from './checkout/CashierPage';
import { CallsPage } from './developer/CallsPage';
import { CredentialsPage } from './developer/CredentialsPage';
import { DashboardPage } from './developer/DashboardPage';
import { DeveloperLayout } from './developer/DeveloperLayout';
import { OverviewPage } from './developer/OverviewPage';
import { RequireReseller } from './developer/RequireReseller';
import { RequireSignedIn } from './layout/RequireSignedIn';
import { SignatureDebuggerPage } from './developer/SignatureDebuggerPage';
import { WebhooksPage } from './developer/WebhooksPage';
import { LookupPage } from './checkout/LookupPage';
import { OrderResultPage } from './checkout/OrderResultPage';
import { StoreCategoryPage } from './storefront/StoreCategoryPage';
import { StorefrontHome } from './storefront/StorefrontHome';
import { StoreProductPage } from './storefront/StoreProductPage';
import { StoreSearchPage } from './storefront/StoreSearchPage';

/** The app root: providers and routes. */
export function App() {
  return (
    <AppProviders>
      <SiteEffects />
      <BrowserRouter>
        <Routes>
          <Route path="/" element={<StorefrontHome />} />
          <Route path="/category/:id" element={<StoreCategoryPage />} />
          <Route path="/search" element={<StoreSearchPage />} />
          <Route path="/product/:id" element={<StoreProductPage />} />
          <Route path="/pay/:orderNo" element={<CashierPage />} />
          <Route path="/order/:orderNo" element={<OrderResultPage />} />
          {/* The payment return URL the server hands the gateway (/orders/…) lands here too. */}
          <Route path="/orders/:orderNo" element={<OrderResultPage />} />
          <Route path="/lookup" element={<LookupPage />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/setup" element={<SetupPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/admin" element={<RequireConsole area="admin" />}>
            <Route element={<AdminLayout />}>
              <Route index element={<AdminDashboard />} />
              <Route path="merchants" element={<MerchantsPage />} />
              <Route path="finance" element={<AdminFinanceLayout />}>
                <Route index element={<OverviewTab />} />
                <Route path="withdrawals" element={<WithdrawalQueue />} />
                <Route path="adjustments" element={<AdjustmentForm />} />
                <Route path="fees" element={<FeesTab />} />
                <Route path="resellers" element={<ResellersTab />} />
                <Route path="merchants/:id" element={<MerchantLedgerPage />} />
              </Route>
              <Route path="payments" element={<PaymentsLayout />}>
                <Route index element={<ChannelsPage />} />
                <Route path="notifies" element={<NotifyLogPage />} />
                <Route path="anomalies" element={<AnomaliesPage />} />
              </Route>
              <Route path="docking" element={<DockingLayout />}>
                <Route index element={<ResellersApiTab />} />
                <Route path="rollout" element={<RolloutTab />} />
                <Route path="levels" element={<LevelsTab />} />
                <Route path="stats" element={<DockingStatsTab />} />
                <Route path="calls" element={<DockingCallsTab />} />
                <Route path="webhooks" element={<WebhookSettingsTab />} />
              </Route>
              <Route path="emails" element={<EmailOutboxPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="settings" element={<SettingsPage />} />
              <Route path="security" element={<SecurityPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Route>
          <Route path="/merchant" element={<RequireConsole area="merchant" />}>
            <Route element={<MerchantLayout />}>
              <Route index element={<MerchantDashboard />} />
              <Route path="staff" element={<StaffPage />} />
              <Route path="categories" element={<CategoriesPage />} />
              <Route path="products" element={<ProductsPage />} />
              <Route path="products/new" element={<ProductEditorPage />} />
              <Route path="products/:id" element={<ProductEditorPage />} />
              <Route path="products/:id/skus/:skuId/keys" element={<KeysPage />} />
              <Route path="coupons" element={<CouponsPage />} />
              <Route path="orders" element={<OrdersPage />} />
              <Route path="orders/manual" element={<ManualQueuePage />} />
              <Route path="orders/anomalies" element={<PaymentAnomaliesPage />} />
              <Route path="orders/:id" element={<OrderDetailPage />} />
              <Route path="finance" element={<FinanceLayout />}>
                <Route index element={<StatementTab />} />
                <Route path="withdrawals" element={<WithdrawalsTab />} />
                <Route path="payout-accounts" element={<PayoutAccountsTab />} />
              </Route>
              <Route path="security" element={<SecurityPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Route>
          <Route path="/developer" element={<RequireSignedIn />}>
            <Route element={<DeveloperLayout />}>
              <Route element={<RequireReseller />}>
                <Route index element={<OverviewPage />} />
                <Route path="credentials" element={<CredentialsPage />} />
                <Route path="webhooks" element={<WebhooksPage />} />
                <Route path="calls" element={<CallsPage />} />
                <Route path="dashboard" element={<DashboardPage />} />
                <Route path="signature" element={<SignatureDebuggerPage />} />
              </Route>
              <Route path="security" element={<SecurityPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Route>
          <Route path="*" element={<NotFound />} />
        </Routes>
      </BrowserRouter>
    </AppProviders>
  );
}
