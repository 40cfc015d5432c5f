import { ShoppingOutlined } from '@ant-design/icons';
import { Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { StorefrontHeader } from './StorefrontHeader';

/** The public home page (mobile-first); the catalog arrives in a later issue. */
export function StorefrontHome() {
  const { t } = useTranslation();
  return (
    <div className="store-page" data-testid="storefront-home">
      <StorefrontHeader />
      <main className="store-main">
        <section className="store-hero">
          <Typography.Title level={2} style={{ marginBottom: 8 }}>
            {t('storefront.heroTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('storefront.heroSubtitle')}</Typography.Paragraph>
        </section>
        <section className="store-products" aria-label={t('storefront.productsLabel')}>
          <Empty
            image={<ShoppingOutlined style={{ fontSize: 56, color: '#bfbfbf' }} />}
            description={
              <>
                <Typography.Text strong>{t('storefront.emptyTitle')}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t('storefront.emptyDesc')}</Typography.Text>
              </>
            }
            data-testid="products-empty"
          />
        </section>
      </main>
      <footer className="store-footer">
        <Typography.Text type="secondary">{t('storefront.footer')}</Typography.Text>
      </footer>
    </div>
  );
}
