import { ShoppingOutlined } from '@ant-design/icons';
import type { StoreProductCard } from '@kameng/shared';
import { Empty, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatFen } from '../lib/money';

/** One product in a storefront grid: cover, title, shop, price from, stock. */
export function ProductCard({ product }: { product: StoreProductCard }) {
  const { t } = useTranslation();
  return (
    <Link to={`/product/${product.id}`} className="store-card" data-testid="store-product-card">
      <div className="store-card-cover">
        {product.coverUrl ? (
          <img src={product.coverUrl} alt="" loading="lazy" />
        ) : (
          <ShoppingOutlined className="store-card-placeholder" />
        )}
        {product.inStock ? null : <span className="store-card-soldout">{t('store.stock.soldOut')}</span>}
      </div>
      <div className="store-card-body">
        <div className="store-card-title">{product.title}</div>
        <div className="store-card-meta">{product.merchantName}</div>
        <div className="store-card-price">
          <span className="price">{formatFen(product.minPrice)}</span>
          {product.originalPrice && product.originalPrice > product.minPrice ? (
            <del>{formatFen(product.originalPrice)}</del>
          ) : null}
        </div>
        {product.tags.length > 0 ? (
          <div>
            {product.tags.slice(0, 3).map((tag) => (
              <Tag key={tag} bordered={false}>
                {tag}
              </Tag>
            ))}
          </div>
        ) : null}
      </div>
    </Link>
  );
}

/** A responsive grid of product cards, or an empty state. */
export function ProductGrid(props: { products: StoreProductCard[]; empty: ReactNode }) {
  if (props.products.length === 0) {
    return (
      <Empty
        image={<ShoppingOutlined style={{ fontSize: 56, color: '#bfbfbf' }} />}
        description={props.empty}
        data-testid="products-empty"
      />
    );
  }
  return (
    <div className="store-grid">
      {props.products.map((p) => (
        <ProductCard key={p.id} product={p} />
      ))}
    </div>
  );
}

/** A section heading on storefront pages. */
export function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={4} className="store-section-title">
      {children}
    </Typography.Title>
  );
}
