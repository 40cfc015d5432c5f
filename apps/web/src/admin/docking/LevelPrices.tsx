import { type HTMLAttributes } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ResellerLevel, ResellerLevelPrice } from '@kameng/shared';
import { App, Button, Empty, Form, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import {
  adminDockingKeys,
  deleteLevelPrice,
  fetchLevelPrices,
  setLevelPrices,
} from '../../api/admin-docking';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatFen, yuanToFen } from '../../lib/money';
import { MoneyInput } from '../../merchant/catalog/MoneyInput';
import { SkuPicker } from './SkuPicker';

interface AddValues {
  skuId: string;
  price: string;
}

/** One level's price list: fixed reseller prices per SKU, add (or change) and remove entries. */
export function LevelPrices({ level }: { level: ResellerLevel }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AddValues>();
  const key = adminDockingKeys.prices(level.id);
  const prices = useQuery({ queryKey: key, queryFn: () => fetchLevelPrices(level.id) });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: adminDockingKeys.levels });
  };
  const add = useMutation({
    mutationFn: (v: AddValues) =>
      setLevelPrices(level.id, { items: [{ skuId: v.skuId, price: yuanToFen(v.price)! }] }),
    onSuccess: () => {
      void message.success(t('common.saved'));
      form.resetFields();
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (skuId: string) => deleteLevelPrice(level.id, skuId),
    onSuccess: refresh,
    onError: (err: Error) => void message.error(err.message),
  });
  const columns: ColumnsType<ResellerLevelPrice> = [
    {
      title: t('adminDocking.levels.sku'),
      key: 'sku',
      render: (_v, p) => (
        <span>
          {p.productTitle ?? '—'} · {p.skuName ?? <Typography.Text code>{p.skuId}</Typography.Text>}
        </span>
      ),
    },
    {
      title: t('adminDocking.levels.basePrice'),
      dataIndex: 'basePrice',
      key: 'basePrice',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : formatFen(v)),
    },
    {
      title: t('adminDocking.levels.levelPrice'),
      dataIndex: 'price',
      key: 'price',
      align: 'right',
      render: (v: number) => <span data-testid="level-price">{formatFen(v)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, p) => (
        <Button
          type="link"
          size="small"
          danger
          onClick={() =>
            modal.confirm({
              title: t('adminDocking.levels.removePriceTitle'),
              content: t('adminDocking.levels.removePriceBody'),
              okText: t('common.delete'),
              okButtonProps: { danger: true },
              cancelText: t('common.cancel'),
              onOk: () => remove.mutateAsync(p.skuId),
            })
          }
          data-testid="level-price-delete"
        >
          {t('common.delete')}
        </Button>
      ),
    },
  ];
  return (
    <div data-testid="level-prices" data-level-id={level.id}>
      <Form<AddValues>
        form={form}
        name={`levelPrice-${level.id}`}
        layout="inline"
        onFinish={(v) => add.mutate(v)}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item
          name="skuId"
          rules={[{ required: true, message: t('adminDocking.levels.pickSku') }]}
          style={{ minWidth: 420, flex: 1 }}
        >
          <SkuPicker />
        </Form.Item>
        <Form.Item
          name="price"
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            {
              validator: (_r, value: unknown) =>
                value === undefined || value === '' || yuanToFen(String(value)) !== null
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('validation.money'))),
            },
          ]}
        >
          <MoneyInput name="price" style={{ width: 140 }} placeholder={t('adminDocking.levels.levelPrice')} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="level-price-add">
              {t('adminDocking.levels.setPrice')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {add.isError ? <ErrorAlert error={add.error} /> : null}
      {prices.isError ? (
        <ErrorAlert error={prices.error} onRetry={() => void prices.refetch()} />
      ) : (
        <Table<ResellerLevelPrice>
          rowKey="skuId"
          columns={columns}
          dataSource={prices.data?.items ?? []}
          loading={prices.isPending}
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          onRow={() => ({ 'data-testid': 'level-price-row' }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty description={t('adminDocking.levels.noPrices')} /> }}
        />
      )}
    </div>
  );
}
