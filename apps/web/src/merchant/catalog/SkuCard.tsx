import { DeleteOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons';
import type { Sku } from '@kameng/shared';
import {
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMoneyRules } from './money-rules';
import { MoneyInput } from './MoneyInput';
import type { SkuDeliveryMode } from './product-form';

const modes: SkuDeliveryMode[] = ['card_keys', 'shared_text', 'manual'];

/** One SKU of the product editor: price, delivery mode and its settings, pricing rules. */
export function SkuCard(props: {
  index: number;
  productId: string | null;
  saved: Sku | undefined;
  canManageKeys: boolean;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const money = useMoneyRules();
  const form = Form.useFormInstance();
  const i = props.index;
  const mode = Form.useWatch<SkuDeliveryMode | undefined>(['skus', i, 'deliveryMode'], form);
  const buyNGetMOn = Form.useWatch<boolean | undefined>(['skus', i, 'buyNGetMOn'], form);
  const limitedOn = Form.useWatch<boolean | undefined>(['skus', i, 'limitedOn'], form);
  // Not a rendered field: `preserve` reads it from the store all the same.
  const hasSharedText = Form.useWatch<boolean | undefined>(['skus', i, 'hasSharedText'], {
    form,
    preserve: true,
  });
  const saved = props.saved;

  return (
    <Card
      size="small"
      data-testid="sku-row"
      data-sku-id={saved?.id}
      title={
        <Space size={4} wrap>
          {t('catalog.sku.label', { n: i + 1 })}
          {saved ? (
            <Tag data-testid="sku-stock">
              {t('catalog.sku.stock')}:{' '}
              {saved.stock.available === null ? t('catalog.stock.unlimited') : saved.stock.available}
            </Tag>
          ) : null}
        </Space>
      }
      extra={
        <Space size={0}>
          {saved && props.productId && saved.deliveryMode === 'card_keys' && props.canManageKeys ? (
            <Link
              to={`/merchant/products/${props.productId}/skus/${saved.id}/keys`}
              data-testid="sku-keys-link"
            >
              <Button type="link" size="small" icon={<KeyOutlined />}>
                {t('catalog.sku.manageKeys')}
              </Button>
            </Link>
          ) : null}
          {props.onRemove ? (
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              onClick={props.onRemove}
              aria-label={t('catalog.sku.remove')}
              data-testid="sku-remove"
            />
          ) : null}
        </Space>
      }
    >
      <Form.Item name={[i, 'id']} hidden>
        <Input />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item
            name={[i, 'name']}
            label={t('catalog.sku.name')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input name="skuName" maxLength={40} placeholder={t('catalog.sku.namePlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6} lg={4}>
          <Form.Item name={[i, 'price']} label={t('catalog.sku.price')} rules={money.required}>
            <MoneyInput name="price" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6} lg={4}>
          <Form.Item
            name={[i, 'originalPrice']}
            label={t('catalog.sku.originalPrice')}
            rules={money.optional}
          >
            <MoneyInput name="originalPrice" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12} lg={6}>
          <Form.Item name={[i, 'deliveryMode']} label={t('catalog.sku.deliveryMode')}>
            <Select
              data-testid="sku-delivery-mode"
              options={modes.map((m) => ({ value: m, label: t(`catalog.delivery.${m}`) }))}
              disabled={
                !!saved && saved.deliveryMode === 'card_keys' && saved.stock.sold + saved.stock.reserved > 0
              }
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6} lg={4}>
          <Form.Item name={[i, 'sort']} label={t('catalog.categories.sort')}>
            <InputNumber name="sort" precision={0} min={-10000} max={10000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        {mode === 'shared_text' ? (
          <Col xs={24}>
            <Form.Item
              name={[i, 'sharedText']}
              label={t('catalog.sku.sharedText')}
              extra={hasSharedText ? t('catalog.sku.sharedTextKept') : t('catalog.sku.sharedTextHint')}
              rules={
                hasSharedText ? [] : [{ required: true, whitespace: true, message: t('validation.required') }]
              }
            >
              <Input.TextArea name="sharedText" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
            </Form.Item>
          </Col>
        ) : null}
        {mode === 'manual' ? (
          <Col xs={12} sm={8}>
            <Form.Item
              name={[i, 'manualStockCap']}
              label={t('catalog.sku.manualStockCap')}
              extra={t('catalog.sku.manualStockCapHint')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <InputNumber
                name="manualStockCap"
                precision={0}
                min={0}
                max={10000000}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        ) : null}
        {mode !== 'shared_text' ? (
          <Col xs={12} sm={8}>
            <Form.Item
              name={[i, 'lowStockThreshold']}
              label={t('catalog.sku.lowStockThreshold')}
              extra={t('catalog.sku.lowStockThresholdHint')}
            >
              <InputNumber
                name="lowStockThreshold"
                precision={0}
                min={0}
                max={1000000}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        ) : null}
      </Row>

      <Typography.Text strong>{t('catalog.pricing.title')}</Typography.Text>
      <div className="pricing-rules">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('catalog.pricing.tiers')}
        </Typography.Paragraph>
        <Form.List name={[i, 'tiers']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap data-testid="tier-row">
                  <Form.Item
                    name={[f.name, 'minQty']}
                    label={t('catalog.pricing.minQty')}
                    rules={[{ required: true, message: t('validation.required') }]}
                  >
                    <InputNumber
                      name="tierMinQty"
                      precision={0}
                      min={2}
                      max={100000}
                      style={{ width: 110 }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'unitPrice']}
                    label={t('catalog.pricing.unitPrice')}
                    rules={money.required}
                  >
                    <MoneyInput name="tierUnitPrice" style={{ width: 130 }} />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(f.name)}
                    aria-label={t('common.delete')}
                  />
                </Space>
              ))}
              <div>
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => add({ minQty: null, unitPrice: '' })}
                  data-testid="tier-add"
                >
                  {t('catalog.pricing.addTier')}
                </Button>
              </div>
            </>
          )}
        </Form.List>

        <Space align="baseline" wrap style={{ marginTop: 12 }}>
          <Form.Item name={[i, 'buyNGetMOn']} valuePropName="checked" label={t('catalog.pricing.buyNGetM')}>
            <Switch data-testid="buy-n-get-m-toggle" />
          </Form.Item>
          {buyNGetMOn ? (
            <>
              <Form.Item
                name={[i, 'buy']}
                label={t('catalog.pricing.buy')}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <InputNumber name="buy" precision={0} min={1} max={1000} style={{ width: 90 }} />
              </Form.Item>
              <Form.Item
                name={[i, 'free']}
                label={t('catalog.pricing.free')}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <InputNumber name="free" precision={0} min={1} max={1000} style={{ width: 90 }} />
              </Form.Item>
            </>
          ) : null}
        </Space>

        <Space align="baseline" wrap>
          <Form.Item name={[i, 'limitedOn']} valuePropName="checked" label={t('catalog.pricing.limited')}>
            <Switch data-testid="limited-toggle" />
          </Form.Item>
          {limitedOn ? (
            <>
              <Form.Item
                name={[i, 'limitedPrice']}
                label={t('catalog.pricing.limitedPrice')}
                rules={money.required}
              >
                <MoneyInput name="limitedPrice" style={{ width: 130 }} />
              </Form.Item>
              <Form.Item
                name={[i, 'limitedStartsAt']}
                label={t('catalog.pricing.startsAt')}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <Input type="datetime-local" name="limitedStartsAt" />
              </Form.Item>
              <Form.Item
                name={[i, 'limitedEndsAt']}
                label={t('catalog.pricing.endsAt')}
                dependencies={[['skus', i, 'limitedStartsAt']]}
                rules={[
                  { required: true, message: t('validation.required') },
                  ({ getFieldValue }) => ({
                    validator: (_r, value: string | undefined) => {
                      const start = getFieldValue(['skus', i, 'limitedStartsAt']) as string | undefined;
                      return !value || !start || value > start
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('validation.endAfterStart')));
                    },
                  }),
                ]}
              >
                <Input type="datetime-local" name="limitedEndsAt" />
              </Form.Item>
            </>
          ) : null}
        </Space>
      </div>
    </Card>
  );
}
