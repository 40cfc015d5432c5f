/**
 * Routes of the single web app: storefront, sign-in flows, admin console, merchant console.
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
 * Form inputs carry `name` attributes equal to the shared schema field names; submit buttons are type="submit".
 */
import { BrowserRouter, Route, Routes } from 'react-router';
import { SecurityPage } from './account/SecurityPage';
import { AdminDashboard } from './admin/AdminDashboard';
import { AdminLayout } from './admin/AdminLayout';
import { AuditPage } from './admin/AuditPage';
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
import { StaffPage } from './merchant/StaffPage';
import { StorefrontHome } from './storefront/StorefrontHome';

/** The app root: providers and routes. */
export function App() {
  return (
    <AppProviders>
      <SiteEffects />
      <BrowserRouter>
        <Routes>
          <Route path="/" element={<StorefrontHome />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/setup" element={<SetupPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/admin" element={<RequireConsole area="admin" />}>
            <Route element={<AdminLayout />}>
              <Route index element={<AdminDashboard />} />
              <Route path="merchants" element={<MerchantsPage />} />
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
