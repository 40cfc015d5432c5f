import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeeSchedule, FinanceSettings, SettlementDays } from '@kameng/shared';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchMerchants } from '../../api/admin';
import {
  deleteFeeSchedule,
  fetchFeeSchedules,
  fetchFinanceSettings,
  fetchMerchantTerms,
  saveFinanceSettings,
} from '../../api/finance';
import { financeKeys, queryKeys } from '../../api/queries';
import { useFormRules } from '../../auth/form-rules';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { fenToYuan, formatFen, yuanToFen } from '../../lib/money';
import { bpsToPercent, formatBps, percentToBps } from '../../lib/percent';
import { MoneyInput } from '../../merchant/catalog/MoneyInput';
import { useFeeRules } from './fee-rules';
import { FeeScheduleModal } from './FeeScheduleModal';
import { MerchantTermsForm, settlementDayOptions } from './MerchantTermsForm';

function FeeSchedulesCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<FeeSchedule | 'new' | null>(null);
  const list = useQuery({ queryKey: financeKeys.feeSchedules, queryFn: fetchFeeSchedules });
  const remove = useMutation({
    mutationFn: (s: FeeSchedule) => deleteFeeSchedule(s.channelId),
    onSuccess: () => {
      void message.success(t('adminFinance.fees.deleted'));
      void queryClient.invalidateQueries({ queryKey: financeKeys.feeSchedules });
    },
    onError: (err: Error) => void message.error(err.message),
  });
  const columns: ColumnsType<FeeSchedule> = [
    {
      title: t('adminFinance.fees.channelId'),
      dataIndex: 'channelId',
      key: 'channelId',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    { title: t('adminFinance.fees.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('adminFinance.fees.rate'),
      dataIndex: 'rateBps',
      key: 'rateBps',
      align: 'right',
      render: (v: number) => formatBps(v),
    },
    {
      title: t('adminFinance.fees.fixed'),
      dataIndex: 'fixedFen',
      key: 'fixedFen',
      align: 'right',
      render: (v: number) => formatFen(v),
    },
    {
      title: t('adminFinance.fees.bearer'),
      dataIndex: 'bearer',
      key: 'bearer',
      render: (b: FeeSchedule['bearer']) => t(`adminFinance.fees.bearers.${b}`),
    },
    {
      title: t('adminFinance.fees.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, s) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(s)} data-testid="fee-edit">
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('adminFinance.fees.confirmDelete', { channel: s.channelId })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutate(s)}
          >
            <Button type="link" size="small" danger data-testid="fee-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={t('adminFinance.fees.channels')}
      data-testid="fee-schedules"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="fee-add">
          {t('adminFinance.fees.addChannel')}
        </Button>
      }
    >
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<FeeSchedule>
          rowKey="channelId"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('adminFinance.fees.channelsEmpty')} /> }}
        />
      )}
      {editing ? (
        <FeeScheduleModal schedule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Card>
  );
}

interface SettingsValues {
  timezone: string;
  withdrawalMinimum: string;
  withdrawalFee: string;
  defaultSettlementDays: SettlementDays;
  defaultCommission: string;
}

function SettingsForm({ settings }: { settings: FinanceSettings }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const feeRules = useFeeRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (v: SettingsValues) =>
      saveFinanceSettings({
        timezone: v.timezone.trim(),
        withdrawalMinimum: yuanToFen(v.withdrawalMinimum)!,
        withdrawalFee: yuanToFen(v.withdrawalFee)!,
        defaultSettlementDays: v.defaultSettlementDays,
        defaultCommissionBps: percentToBps(v.defaultCommission)!,
      }),
    onSuccess: (saved) => {
      void message.success(t('adminFinance.fees.settingsSaved'));
      queryClient.setQueryData(financeKeys.settings, saved);
      void queryClient.invalidateQueries({ queryKey: financeKeys.admin });
    },
  });
  return (
    <Form<SettingsValues>
      name="finance-settings"
      layout="vertical"
      style={{ maxWidth: 560 }}
      initialValues={{
        timezone: settings.timezone,
        withdrawalMinimum: fenToYuan(settings.withdrawalMinimum),
        withdrawalFee: fenToYuan(settings.withdrawalFee),
        defaultSettlementDays: settings.defaultSettlementDays,
        defaultCommission: bpsToPercent(settings.defaultCommissionBps),
      }}
      onFinish={(v) => mutation.mutate(v)}
    >
      <Form.Item
        name="timezone"
        label={t('adminFinance.fees.timezone')}
        extra={t('adminFinance.fees.timezoneHint')}
        rules={rules.requiredText}
      >
        <Input name="timezone" maxLength={64} autoComplete="off" />
      </Form.Item>
      <Space wrap size="large">
        <Form.Item
          name="withdrawalMinimum"
          label={t('adminFinance.fees.withdrawalMinimum')}
          rules={feeRules.moneyOrZero}
        >
          <MoneyInput name="withdrawalMinimum" />
        </Form.Item>
        <Form.Item
          name="withdrawalFee"
          label={t('adminFinance.fees.withdrawalFee')}
          rules={feeRules.moneyOrZero}
        >
          <MoneyInput name="withdrawalFee" />
        </Form.Item>
      </Space>
      <Space wrap size="large">
        <Form.Item name="defaultSettlementDays" label={t('adminFinance.fees.defaultSettlementDays')}>
          <Select<SettlementDays>
            style={{ width: 120 }}
            options={[...settlementDayOptions].map((n) => ({
              value: n,
              label: t('adminFinance.fees.days', { n }),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="defaultCommission"
          label={t('adminFinance.fees.defaultCommission')}
          rules={feeRules.percent}
        >
          <Input name="defaultCommissionBps" suffix="%" inputMode="decimal" style={{ width: 160 }} />
        </Form.Item>
      </Space>
      {mutation.isError ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={mutation.error} />
        </div>
      ) : null}
      <Form.Item style={{ marginBottom: 0 }}>
        <Button
          type="primary"
          htmlType="submit"
          loading={mutation.isPending}
          data-testid="finance-settings-save"
        >
          {t('common.save')}
        </Button>
      </Form.Item>
    </Form>
  );
}

function SettingsCard() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: financeKeys.settings, queryFn: fetchFinanceSettings });
  return (
    <Card title={t('adminFinance.fees.settings')} data-testid="finance-settings">
      {settings.isError ? (
        <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
      ) : settings.data ? (
        <SettingsForm settings={settings.data} />
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}

function TermsCard() {
  const { t } = useTranslation();
  const [merchantId, setMerchantId] = useState<string | undefined>();
  const merchants = useQuery({
    queryKey: [...queryKeys.adminMerchants, 'all'],
    queryFn: () => fetchMerchants({ limit: 200 }),
  });
  const terms = useQuery({
    queryKey: financeKeys.terms(merchantId ?? ''),
    queryFn: () => fetchMerchantTerms(merchantId!),
    enabled: !!merchantId,
  });
  return (
    <Card title={t('adminFinance.fees.terms')} data-testid="merchant-terms">
      <Typography.Paragraph type="secondary">{t('adminFinance.fees.termsIntro')}</Typography.Paragraph>
      {merchants.isError ? (
        <ErrorAlert error={merchants.error} onRetry={() => void merchants.refetch()} />
      ) : (
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 280, marginBottom: 16 }}
          loading={merchants.isPending}
          value={merchantId}
          onChange={setMerchantId}
          placeholder={t('adminFinance.fees.pickMerchant')}
          data-testid="terms-merchant"
          options={(merchants.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
        />
      )}
      {!merchantId ? null : terms.isError ? (
        <ErrorAlert error={terms.error} onRetry={() => void terms.refetch()} />
      ) : terms.data ? (
        <MerchantTermsForm terms={terms.data} />
      ) : (
        <Skeleton active paragraph={{ rows: 1 }} />
      )}
    </Card>
  );
}

/** Channel fee schedules, platform finance settings and per-merchant terms. */
export function FeesTab() {
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="finance-fees">
      <FeeSchedulesCard />
      <SettingsCard />
      <TermsCard />
    </Space>
  );
}
