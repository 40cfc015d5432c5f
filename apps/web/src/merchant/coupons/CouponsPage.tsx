import { useMemo, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Coupon } from '@kameng/shared';
import { App, Button, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { deleteCoupon, fetchCategories, fetchCoupons, fetchProducts } from '../../api/catalog';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Forbidden } from '../../layout/Forbidden';
import { formatDateTime } from '../../layout/format-date-time';
import { formatFen } from '../../lib/money';
import { categoryPath } from '../catalog/category-tree';
import { useCan } from '../use-can';
import { CouponFormModal } from './CouponFormModal';

/** The merchant's coupons: code, value, scope, limits, validity, usage. */
export function CouponsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canRead = useCan('catalog.read');
  const canWrite = useCan('catalog.write');
  const [editing, setEditing] = useState<Coupon | 'new' | null>(null);
  const list = useQuery({ queryKey: queryKeys.coupons, queryFn: fetchCoupons, enabled: canRead });
  const categories = useQuery({ queryKey: queryKeys.categories, queryFn: fetchCategories, enabled: canRead });
  const products = useQuery({
    queryKey: [...queryKeys.products, { limit: 100 }],
    queryFn: () => fetchProducts({ limit: 100 }),
    enabled: canRead,
  });
  const productTitles = useMemo(
    () => new Map((products.data?.items ?? []).map((p) => [p.id, p.title])),
    [products.data],
  );
  const remove = useMutation({
    mutationFn: (c: Coupon) => deleteCoupon(c.id),
    onSuccess: () => {
      void message.success(t('coupons.deleted'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.coupons });
    },
    onError: (err: Error) => void message.error(err.message),
  });

  if (!canRead) return <Forbidden />;

  const now = Date.now();
  const validity = (c: Coupon) => {
    const fmt = (v: string | null) => (v ? formatDateTime(v, i18n.language) : '…');
    return c.startsAt || c.endsAt ? `${fmt(c.startsAt)} – ${fmt(c.endsAt)}` : t('coupons.always');
  };
  const state = (c: Coupon) => {
    if (!c.active) return <Tag>{t('coupons.state.inactive')}</Tag>;
    if (c.endsAt && Date.parse(c.endsAt) <= now)
      return <Tag color="default">{t('coupons.state.expired')}</Tag>;
    if (c.startsAt && Date.parse(c.startsAt) > now)
      return <Tag color="processing">{t('coupons.state.scheduled')}</Tag>;
    if (c.totalLimit !== null && c.usedCount >= c.totalLimit)
      return <Tag color="warning">{t('coupons.state.exhausted')}</Tag>;
    return <Tag color="success">{t('coupons.state.active')}</Tag>;
  };
  const scopeLabel = (c: Coupon) => {
    const kind = t(`coupons.scope.${c.scope}`);
    if (c.scope === 'all' || !c.scopeId) return kind;
    const target =
      c.scope === 'category'
        ? categoryPath(categories.data?.items ?? [], c.scopeId)
        : c.scope === 'product'
          ? productTitles.get(c.scopeId)
          : undefined;
    return `${kind}: ${target || c.scopeId.slice(0, 8)}`;
  };

  const columns: ColumnsType<Coupon> = [
    {
      title: t('coupons.code'),
      dataIndex: 'code',
      key: 'code',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('coupons.value'),
      key: 'value',
      render: (_v, c) =>
        c.kind === 'percent' ? t('coupons.percentOff', { value: c.value }) : formatFen(c.value),
    },
    { title: t('coupons.scopeLabel'), key: 'scope', render: (_v, c) => scopeLabel(c) },
    {
      title: t('coupons.minSpend'),
      dataIndex: 'minSpend',
      key: 'minSpend',
      render: (v: number) => (v > 0 ? formatFen(v) : '—'),
    },
    {
      title: t('coupons.usage'),
      key: 'usage',
      render: (_v, c) => `${c.usedCount} / ${c.totalLimit ?? '∞'}`,
    },
    { title: t('coupons.validity'), key: 'validity', render: (_v, c) => validity(c) },
    { title: t('field.status'), key: 'state', render: (_v, c) => state(c) },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_v, c) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(c)} data-testid="coupon-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('coupons.confirmDelete', { code: c.code })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutate(c)}
          >
            <Button type="link" size="small" danger data-testid="coupon-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <div data-testid="coupon-list">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('coupons.title')}
        </Typography.Title>
        {canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="coupon-add"
          >
            {t('coupons.add')}
          </Button>
        ) : null}
      </Space>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Coupon>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('coupons.empty')} /> }}
        />
      )}
      {editing ? (
        <CouponFormModal coupon={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}
