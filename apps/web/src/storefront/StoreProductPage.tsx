import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { MinusOutlined, PlusOutlined, ShoppingOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PriceQuote, StoreProduct } from '@kameng/shared';
import { Button, Card, Divider, Input, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../api/client';
import { queryKeys } from '../api/queries';
import { fetchPriceQuote, fetchStoreProduct } from '../api/store';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';
import { formatFen } from '../lib/money';
import { useDebounced } from '../lib/use-debounced';
import { CheckoutForm } from '../checkout/CheckoutForm';
import { StoreShell } from './StoreShell';

type StoreSku = StoreProduct['skus'][number];
const MAX_QTY = 100_000;
const LOW_STOCK = 10;

/** Route /product/:id: SKU picker, quantity, live price with tiers and coupon, stock, usage notes. */
export function StoreProductPage() {
  const { id = '' } = useParams();
  const product = useQuery({
    queryKey: [...queryKeys.store, 'product', id],
    queryFn: () => fetchStoreProduct(id),
  });
  let body;
  if (product.isPending) body = <PageLoading />;
  else if (product.isError)
    body = <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />;
  else body = <ProductView key={product.data.id} product={product.data} />;
  return <StoreShell testId="store-product-route">{body}</StoreShell>;
}

function ProductView({ product }: { product: StoreProduct }) {
  const { t } = useTranslation();
  const firstInStock = product.skus.find((s) => s.stock === null || s.stock > 0) ?? product.skus[0];
  const [skuId, setSkuId] = useState<string | undefined>(firstInStock?.id);
  const sku = product.skus.find((s) => s.id === skuId);
  const minQty = product.minQty;
  const maxQty = Math.min(product.maxQty ?? MAX_QTY, MAX_QTY);
  const [qty, setQty] = useState(minQty);
  const [coupon, setCoupon] = useState<string | undefined>();
  const [checkoutOpen, setCheckoutOpen] = useState(false);
  const soldOut = !sku || (sku.stock !== null && sku.stock < qty);

  return (
    <div className="store-product" data-testid="product-page" data-product-id={product.id}>
      <div className="store-product-cover">
        {product.coverUrl ? (
          <img src={product.coverUrl} alt={product.title} />
        ) : (
          <ShoppingOutlined className="store-card-placeholder" />
        )}
      </div>
      <div className="store-product-main">
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="product-title">
          {product.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('store.product.soldBy', { name: product.merchantName })}
        </Typography.Text>
        {product.tags.length > 0 ? (
          <div style={{ marginTop: 8 }}>
            {product.tags.map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
          </div>
        ) : null}

        <Divider titlePlacement="start" plain>
          {t('store.product.chooseSku')}
        </Divider>
        <div className="sku-options" role="radiogroup" aria-label={t('store.product.chooseSku')}>
          {product.skus.map((s) => (
            <SkuOption key={s.id} sku={s} selected={s.id === skuId} onSelect={() => setSkuId(s.id)} />
          ))}
        </div>

        {sku ? (
          <>
            <Space style={{ marginTop: 16 }} wrap align="center">
              <Typography.Text>{t('store.product.quantity')}</Typography.Text>
              <QuantityStepper value={qty} min={minQty} max={maxQty} onChange={setQty} />
              <StockIndicator stock={sku.stock} />
            </Space>
            <Typography.Paragraph type="secondary" style={{ marginTop: 4, fontSize: 12 }}>
              {product.maxQty
                ? t('store.product.qtyRange', { min: minQty, max: product.maxQty })
                : t('store.product.qtyMin', { min: minQty })}
            </Typography.Paragraph>
            <PricePanel sku={sku} quantity={qty} onCouponChange={setCoupon} />
          </>
        ) : null}

        <Button
          type="primary"
          size="large"
          block
          disabled={soldOut}
          style={{ marginTop: 16 }}
          onClick={() => setCheckoutOpen(true)}
          data-testid="buy-button"
        >
          {sku && sku.stock !== null && sku.stock <= 0 ? t('store.stock.soldOut') : t('store.product.buyNow')}
        </Button>
        {sku ? (
          <CheckoutForm
            open={checkoutOpen}
            onClose={() => setCheckoutOpen(false)}
            product={product}
            skuId={sku.id}
            quantity={qty}
            coupon={coupon}
          />
        ) : null}
      </div>

      {product.usageGuide.trim() ? (
        <Card size="small" title={t('store.product.usageGuide')} className="store-product-section">
          <div className="usage-guide" data-testid="usage-guide">
            {product.usageGuide}
          </div>
        </Card>
      ) : null}
      {product.descriptionHtml.trim() ? (
        <Card size="small" title={t('store.product.description')} className="store-product-section">
          {/* descriptionHtml is rendered from Markdown and sanitised on the server (no scripts, handlers or
              unsafe URLs), which is the only reason inserting it as HTML is acceptable here. */}
          <div className="rich-text" dangerouslySetInnerHTML={{ __html: product.descriptionHtml }} />
        </Card>
      ) : null}
    </div>
  );
}

function SkuOption(props: { sku: StoreSku; selected: boolean; onSelect: () => void }) {
  const { t } = useTranslation();
  const { sku } = props;
  const soldOut = sku.stock !== null && sku.stock <= 0;
  return (
    <button
      type="button"
      role="radio"
      aria-checked={props.selected}
      className={'sku-option' + (props.selected ? ' selected' : '')}
      onClick={props.onSelect}
      data-testid="sku-option"
      data-sku-id={sku.id}
      data-selected={props.selected}
    >
      <span className="sku-option-name">{sku.name}</span>
      <span className="sku-option-price">
        {formatFen(sku.price)}
        {sku.originalPrice && sku.originalPrice > sku.price ? (
          <del>{formatFen(sku.originalPrice)}</del>
        ) : null}
      </span>
      {sku.pricing.tiers.length > 0 ? (
        <span className="sku-option-note">
          {t('store.product.tierFrom', {
            qty: sku.pricing.tiers[0]!.minQty,
            price: formatFen(sku.pricing.tiers[0]!.unitPrice),
          })}
        </span>
      ) : null}
      {sku.pricing.buyNGetM ? (
        <span className="sku-option-note">
          {t('store.product.buyNGetM', { buy: sku.pricing.buyNGetM.buy, free: sku.pricing.buyNGetM.free })}
        </span>
      ) : null}
      {soldOut ? <span className="sku-option-note soldout">{t('store.stock.soldOut')}</span> : null}
    </button>
  );
}

/** − [n] + within [min, max]; typing is allowed, the value is clamped on blur. */
/** Quantity input with − / + buttons; steps are applied to the latest value, so quick taps are never lost. */
function QuantityStepper(props: {
  value: number;
  min: number;
  max: number;
  onChange: Dispatch<SetStateAction<number>>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(String(props.value));
  useEffect(() => setText(String(props.value)), [props.value]);
  const clamp = (n: number) => Math.min(props.max, Math.max(props.min, n));
  const commit = (raw: string) => {
    const n = Number.parseInt(raw, 10);
    const next = Number.isFinite(n) ? clamp(n) : props.value;
    setText(String(next));
    if (next !== props.value) props.onChange(next);
  };
  return (
    <Space.Compact>
      <Button
        icon={<MinusOutlined />}
        aria-label={t('store.product.decrease')}
        disabled={props.value <= props.min}
        onClick={() => props.onChange((v) => clamp(v - 1))}
        data-testid="qty-decrease"
      />
      <Input
        value={text}
        inputMode="numeric"
        aria-label={t('store.product.quantity')}
        style={{ width: 72, textAlign: 'center' }}
        onChange={(e) => {
          const v = e.target.value.replace(/[^\d]/g, '');
          setText(v);
          const n = Number.parseInt(v, 10);
          if (Number.isFinite(n) && n >= props.min && n <= props.max) props.onChange(n);
        }}
        onBlur={(e) => commit(e.target.value)}
        onPressEnter={(e) => commit(e.currentTarget.value)}
        data-testid="qty-input"
      />
      <Button
        icon={<PlusOutlined />}
        aria-label={t('store.product.increase')}
        disabled={props.value >= props.max}
        onClick={() => props.onChange((v) => clamp(v + 1))}
        data-testid="qty-increase"
      />
    </Space.Compact>
  );
}

function StockIndicator({ stock }: { stock: number | null }) {
  const { t } = useTranslation();
  let tag;
  if (stock === null) tag = <Tag color="success">{t('store.stock.unlimited')}</Tag>;
  else if (stock <= 0) tag = <Tag color="default">{t('store.stock.soldOut')}</Tag>;
  else if (stock <= LOW_STOCK) tag = <Tag color="warning">{t('store.stock.low', { count: stock })}</Tag>;
  else
    tag = <Tag color="success">{t('store.stock.inStock', { count: stock >= 9999 ? '9999+' : stock })}</Tag>;
  return (
    <span
      data-testid="stock-indicator"
      data-stock={
        stock === null ? 'unlimited' : stock <= 0 ? 'sold_out' : stock <= LOW_STOCK ? 'low' : 'in_stock'
      }
    >
      {tag}
    </span>
  );
}

/** Live price from the server (debounced): unit price and its rule, free units, subtotal, coupon, total. */
function PricePanel(props: {
  sku: StoreSku;
  quantity: number;
  onCouponChange: (c: string | undefined) => void;
}) {
  const { sku, quantity, onCouponChange } = props;
  const { t } = useTranslation();
  const [couponText, setCouponText] = useState('');
  const [coupon, setCouponState] = useState<string | undefined>();
  const setCoupon = (c: string | undefined) => {
    setCouponState(c);
    onCouponChange(c);
  };
  const debouncedQty = useDebounced(quantity, 250);
  const params = { skuId: sku.id, quantity: debouncedQty, coupon };
  const quote = useQuery({
    queryKey: [...queryKeys.store, 'price', params],
    queryFn: () => fetchPriceQuote(params),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const q: PriceQuote | undefined = quote.data;
  const stale = quote.isFetching || debouncedQty !== quantity;

  return (
    <Card size="small" className="price-panel" data-testid="price-panel" data-stale={stale}>
      {quote.isError && !isApiError(quote.error, 'QUANTITY_OUT_OF_RANGE') ? (
        <ErrorAlert error={quote.error} onRetry={() => void quote.refetch()} />
      ) : null}
      {quote.isError && isApiError(quote.error, 'QUANTITY_OUT_OF_RANGE') ? (
        <Typography.Text type="danger">{quote.error.message}</Typography.Text>
      ) : null}
      {q ? (
        <Spin spinning={stale} size="small" delay={300}>
          <div className="price-row">
            <span>{t('store.price.unit')}</span>
            <span>
              {q.unitPriceSource !== 'base' ? (
                <Tag color={q.unitPriceSource === 'tier' ? 'blue' : 'red'} data-testid="price-source">
                  {t(`store.price.source.${q.unitPriceSource}`)}
                </Tag>
              ) : null}
              <span data-testid="price-unit">{formatFen(q.unitPrice)}</span>
            </span>
          </div>
          {q.freeUnits > 0 ? (
            <div className="price-row" data-testid="price-free">
              <span>{t('store.price.free')}</span>
              <span>{t('store.price.freeUnits', { free: q.freeUnits, delivered: q.deliveredQuantity })}</span>
            </div>
          ) : null}
          <div className="price-row">
            <span>{t('store.price.subtotal')}</span>
            <span data-testid="price-subtotal">{formatFen(q.subtotal)}</span>
          </div>
          {q.discount > 0 ? (
            <div className="price-row">
              <span>{t('store.price.discount')}</span>
              <span data-testid="price-discount">−{formatFen(q.discount)}</span>
            </div>
          ) : null}
          <div className="price-row price-total-row">
            <span>{t('store.price.total')}</span>
            <span className="price" data-testid="price-total">
              {formatFen(q.total)}
            </span>
          </div>
        </Spin>
      ) : quote.isPending ? (
        <Spin size="small" />
      ) : null}

      <Space.Compact style={{ width: '100%', marginTop: 12 }}>
        <Input
          value={couponText}
          onChange={(e) => setCouponText(e.target.value.toUpperCase())}
          onPressEnter={() => setCoupon(couponText.trim() || undefined)}
          placeholder={t('store.coupon.placeholder')}
          maxLength={32}
          name="coupon"
          autoComplete="off"
          data-testid="coupon-input"
        />
        <Button onClick={() => setCoupon(couponText.trim() || undefined)} data-testid="coupon-apply">
          {t('store.coupon.apply')}
        </Button>
      </Space.Compact>
      {q?.coupon ? (
        <div style={{ marginTop: 8 }} data-testid="coupon-status" data-applied={q.coupon.applied}>
          {q.coupon.applied ? (
            <Tag color="success">{t('store.coupon.applied', { code: q.coupon.code })}</Tag>
          ) : (
            <Tag color="warning">{t(`store.coupon.rejection.${q.coupon.rejection ?? 'not_found'}`)}</Tag>
          )}
          <Button
            type="link"
            size="small"
            onClick={() => {
              setCoupon(undefined);
              setCouponText('');
            }}
          >
            {t('store.coupon.remove')}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
