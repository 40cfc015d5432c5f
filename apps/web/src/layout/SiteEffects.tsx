import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSite } from '../api/queries';
import { currentLanguage, hasStoredLanguage, setLanguage } from '../i18n';

/** Applies the site's default language (unless the visitor chose one) and keeps the tab title current. */
export function SiteEffects() {
  const { t } = useTranslation();
  const site = useSite();
  const defaultLocale = site.data?.defaultLocale;
  const siteName = site.data?.siteName ?? t('app.brand');

  useEffect(() => {
    if (defaultLocale && !hasStoredLanguage() && defaultLocale !== currentLanguage()) {
      void setLanguage(defaultLocale, false);
    }
  }, [defaultLocale]);

  useEffect(() => {
    document.title = siteName;
  }, [siteName]);

  return null;
}
