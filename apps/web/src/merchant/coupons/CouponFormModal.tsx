import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { couponScopes, type Coupon } from '@kameng/shared';
import { App, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { createCoupon, fetchCategories, fetchProduct, fetchProducts, updateCoupon } from '../../api/catalog';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { isoToLocalInput, localInputToIso } from '../../lib/datetime-local';
import { fenToYuan, yuanToFen } from '../../lib/money';
import { buildCategoryTree, categoryOptions } from '../catalog/category-tree';
import { useDebounced } from '../../lib/use-debounced';
import { useMoneyRules } from '../catalog/money-rules';
import { MoneyInput } from '../catalog/MoneyInput';

interface CouponForm {
  code: string;
  kind: 'percent' | 'fixed';
  percent: number | null;
  amount: string;
  scope: Coupon['scope'];
  scopeId: string | null;
  minSpend: string;
  totalLimit: number | null;
  perBuyerLimit: number | null;
  startsAt: string;
  endsAt: string;
  active: boolean;
}

function toForm(c: Coupon | null): CouponForm {
  if (!c)
    return {
      code: '',
      kind: 'percent',
      percent: 10,
      amount: '',
      scope: 'all',
      scopeId: null,
      minSpend: '',
      totalLimit: null,
      perBuyerLimit: null,
      startsAt: '',
      endsAt: '',
      active: true,
    };
  return {
    code: c.code,
    kind: c.kind,
    percent: c.kind === 'percent' ? c.value : null,
    amount: c.kind === 'fixed' ? fenToYuan(c.value) : '',
    scope: c.scope,
    scopeId: c.scopeId,
    minSpend: c.minSpend > 0 ? fenToYuan(c.minSpend) : '',
    totalLimit: c.totalLimit,
    perBuyerLimit: c.perBuyerLimit,
    startsAt: isoToLocalInput(c.startsAt),
    endsAt: isoToLocalInput(c.endsAt),
    active: c.active,
  };
}

/** Picks a product by searching the merchant's products by title. */
function ProductPicker(props: { value?: string | null; onChange?: (v: string | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 300);
  const products = useQuery({
    queryKey: [...queryKeys.products, { q, limit: 20 }],
    queryFn: () => fetchProducts({ q: q || undefined, limit: 20 }),
  });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={props.value ?? undefined}
      onChange={(v: string | undefined) => props.onChange?.(v ?? null)}
      loading={products.isFetching}
      placeholder={t('coupons.pickProduct')}
      options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))}
      notFoundContent={products.isFetching ? undefined : t('catalog.products.noMatch')}
    />
  );
}

/** Picks a SKU: first its product, then one of the product's SKUs. */
function SkuPicker(props: { value?: string | null; onChange?: (v: string | null) => void }) {
  const { t } = useTranslation();
  const [productId, setProductId] = useState<string | null>(null);
  const product = useQuery({
    queryKey: queryKeys.product(productId ?? ''),
    queryFn: () => fetchProduct(productId!),
    enabled: !!productId,
  });
  const options = (product.data?.skus ?? []).map((s) => ({ value: s.id, label: s.name }));
  if (props.value && !options.some((o) => o.value === props.value)) {
    options.unshift({ value: props.value, label: props.value });
  }
  return (
    <Row gutter={8}>
      <Col span={12}>
        <ProductPicker value={productId} onChange={setProductId} />
      </Col>
      <Col span={12}>
        <Select
          value={props.value ?? undefined}
          onChange={(v: string | undefined) => props.onChange?.(v ?? null)}
          loading={product.isFetching}
          placeholder={t('coupons.pickSku')}
          options={options}
          allowClear
        />
      </Col>
    </Row>
  );
}

/** Creates or edits a coupon: percent or fixed, scope with its target, minimum spend, limits, window. */
export function CouponFormModal(props: { coupon: Coupon | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const money = useMoneyRules();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CouponForm>();
  const kind = Form.useWatch('kind', form) ?? props.coupon?.kind ?? 'percent';
  const scope = Form.useWatch('scope', form) ?? props.coupon?.scope ?? 'all';
  const categories = useQuery({ queryKey: queryKeys.categories, queryFn: fetchCategories });
  const catOptions = useMemo(
    () => categoryOptions(buildCategoryTree(categories.data?.items ?? [])),
    [categories.data],
  );
  const save = useMutation({
    mutationFn: (v: CouponForm) => {
      const body = {
        code: v.code.trim().toUpperCase(),
        kind: v.kind,
        value: v.kind === 'percent' ? (v.percent ?? 0) : (yuanToFen(v.amount) ?? 0),
        scope: v.scope,
        scopeId: v.scope === 'all' ? null : (v.scopeId ?? null),
        minSpend: v.minSpend?.trim() ? (yuanToFen(v.minSpend) ?? 0) : 0,
        totalLimit: v.totalLimit ?? null,
        perBuyerLimit: v.perBuyerLimit ?? null,
        startsAt: localInputToIso(v.startsAt),
        endsAt: localInputToIso(v.endsAt),
        active: v.active,
      };
      return props.coupon ? updateCoupon(props.coupon.id, body) : createCoupon(body);
    },
    onSuccess: () => {
      void message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.coupons });
      props.onClose();
    },
  });
  const required = { required: true, message: t('validation.required') };

  return (
    <Modal
      open
      width={640}
      title={props.coupon ? t('coupons.edit') : t('coupons.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form<CouponForm>
        form={form}
        layout="vertical"
        initialValues={toForm(props.coupon)}
        onFinish={(v) => save.mutate(v)}
        data-testid="coupon-modal"
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('coupons.code')}
              normalize={(v: string) => v.toUpperCase()}
              rules={[required, { pattern: /^[A-Za-z0-9_-]{3,32}$/, message: t('coupons.codeRule') }]}
            >
              <Input name="code" maxLength={32} className="mono" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="active" label={t('coupons.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('coupons.kind')}>
              <Radio.Group optionType="button">
                <Radio.Button value="percent">{t('coupons.kinds.percent')}</Radio.Button>
                <Radio.Button value="fixed">{t('coupons.kinds.fixed')}</Radio.Button>
              </Radio.Group>
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            {kind === 'percent' ? (
              <Form.Item name="percent" label={t('coupons.percentValue')} rules={[required]}>
                <InputNumber
                  name="value"
                  min={1}
                  max={100}
                  precision={0}
                  suffix="%"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            ) : (
              <Form.Item name="amount" label={t('coupons.amountValue')} rules={money.required}>
                <MoneyInput name="value" />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="scope" label={t('coupons.scopeLabel')}>
              <Select
                options={couponScopes.map((s) => ({ value: s, label: t(`coupons.scope.${s}`) }))}
                onChange={() => form.setFieldValue('scopeId', null)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            {scope === 'all' ? null : (
              <Form.Item name="scopeId" label={t('coupons.scopeTarget')} rules={[required]}>
                {scope === 'category' ? (
                  <TreeSelect
                    treeDefaultExpandAll
                    treeData={catOptions}
                    placeholder={t('coupons.pickCategory')}
                  />
                ) : scope === 'product' ? (
                  <ProductPicker />
                ) : (
                  <SkuPicker />
                )}
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="minSpend" label={t('coupons.minSpend')} rules={money.optional}>
              <MoneyInput name="minSpend" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="totalLimit" label={t('coupons.totalLimit')}>
              <InputNumber
                name="totalLimit"
                min={1}
                max={10000000}
                precision={0}
                placeholder={t('catalog.product.noLimit')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="perBuyerLimit" label={t('coupons.perBuyerLimit')}>
              <InputNumber
                name="perBuyerLimit"
                min={1}
                max={1000}
                precision={0}
                placeholder={t('catalog.product.noLimit')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="startsAt" label={t('coupons.startsAt')}>
              <Input type="datetime-local" name="startsAt" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="endsAt"
              label={t('coupons.endsAt')}
              dependencies={['startsAt']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_r, v: string | undefined) => {
                    const start = getFieldValue('startsAt') as string | undefined;
                    return !v || !start || v > start
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('validation.endAfterStart')));
                  },
                }),
              ]}
            >
              <Input type="datetime-local" name="endsAt" />
            </Form.Item>
          </Col>
        </Row>
        {save.isError ? <ErrorAlert error={save.error} /> : null}
      </Form>
    </Modal>
  );
}
