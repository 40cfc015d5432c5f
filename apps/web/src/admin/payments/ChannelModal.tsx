import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  paymentProviderId,
  type PaymentChannel,
  type PaymentProviderId,
  type SandboxFaults,
} from '@kameng/shared';
import {
  App,
  Button,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { createChannel, updateChannel } from '../../api/admin-payments';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { fenToYuan, yuanToFen } from '../../lib/money';

interface CredentialRow {
  key: string;
  value: string;
}

interface ChannelValues {
  id: string;
  name: string;
  provider: PaymentProviderId;
  method: string;
  enabled: boolean;
  priority: number;
  minAmount?: string;
  maxAmount?: string;
  gatewayUrl?: string;
  credentials: CredentialRow[];
  delayMs?: number;
  drop?: boolean;
  duplicate?: boolean;
  reorder?: boolean;
  corrupt?: NonNullable<SandboxFaults['corrupt']> | 'none';
}

const CORRUPT = ['signature', 'amount', 'merchant', 'trade', 'types', 'status'] as const;
const DEFAULT_CRED_KEYS: Partial<Record<PaymentProviderId, string[]>> = {
  sandbox: ['mchId', 'key'],
  epay: ['pid', 'key'],
};

/** Creates or edits a payment channel. Credentials are write-only: left empty on edit, they stay as stored. */
export function ChannelModal({ channel, onClose }: { channel: PaymentChannel | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChannelValues>();
  const provider = Form.useWatch('provider', form) ?? channel?.provider ?? 'sandbox';
  const settings = (channel?.settings ?? {}) as { gatewayUrl?: string; faults?: SandboxFaults };
  const faults = settings.faults ?? {};
  const save = useMutation({
    mutationFn: async (v: ChannelValues) => {
      const credentials: Record<string, string> = {};
      for (const row of v.credentials ?? [])
        if (row?.key && row.value) credentials[row.key.trim()] = row.value;
      const newSettings: Record<string, unknown> = { ...(channel?.settings ?? {}) };
      if (v.gatewayUrl?.trim()) newSettings.gatewayUrl = v.gatewayUrl.trim();
      else delete newSettings.gatewayUrl;
      if (v.provider === 'sandbox') {
        newSettings.faults = {
          delayMs: v.delayMs ?? 0,
          drop: !!v.drop,
          duplicate: !!v.duplicate,
          reorder: !!v.reorder,
          corrupt: v.corrupt && v.corrupt !== 'none' ? v.corrupt : null,
        } satisfies SandboxFaults;
      }
      const common = {
        name: v.name.trim(),
        method: v.method.trim(),
        settings: newSettings,
        enabled: v.enabled,
        priority: v.priority ?? 0,
        minAmount: v.minAmount ? yuanToFen(v.minAmount) : null,
        maxAmount: v.maxAmount ? yuanToFen(v.maxAmount) : null,
      };
      if (channel) {
        return updateChannel(channel.id, {
          ...common,
          ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
        });
      }
      return createChannel({ ...common, id: v.id.trim(), provider: v.provider, credentials });
    },
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: queryKeys.paymentChannels });
      onClose();
    },
  });
  const initial: Partial<ChannelValues> = channel
    ? {
        id: channel.id,
        name: channel.name,
        provider: channel.provider,
        method: channel.method,
        enabled: channel.enabled,
        priority: channel.priority,
        minAmount: channel.minAmount !== null ? fenToYuan(channel.minAmount) : undefined,
        maxAmount: channel.maxAmount !== null ? fenToYuan(channel.maxAmount) : undefined,
        gatewayUrl: settings.gatewayUrl,
        credentials: (DEFAULT_CRED_KEYS[channel.provider] ?? []).map((key) => ({ key, value: '' })),
        delayMs: faults.delayMs ?? 0,
        drop: !!faults.drop,
        duplicate: !!faults.duplicate,
        reorder: !!faults.reorder,
        corrupt: faults.corrupt ?? 'none',
      }
    : {
        provider: 'sandbox',
        method: 'sandbox',
        enabled: true,
        priority: 0,
        credentials: DEFAULT_CRED_KEYS.sandbox!.map((key) => ({ key, value: '' })),
        delayMs: 0,
        corrupt: 'none',
      };
  const amountRule = {
    validator: (_r: unknown, v: string | undefined) =>
      !v || yuanToFen(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('validation.money'))),
  };
  return (
    <Modal
      open
      title={channel ? t('payments.channels.edit', { id: channel.id }) : t('payments.channels.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending }}
      width={640}
      destroyOnHidden
      data-testid="channel-modal"
    >
      <Form<ChannelValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
      >
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item
            name="id"
            label={t('payments.channels.id')}
            rules={[
              {
                required: true,
                pattern: /^[a-z0-9][a-z0-9_-]{0,47}$/,
                message: t('payments.channels.idRule'),
              },
            ]}
          >
            <Input name="id" disabled={!!channel} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('payments.channels.name')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input name="name" maxLength={100} style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="provider" label={t('payments.channels.provider')} rules={[{ required: true }]}>
            <Select
              disabled={!!channel}
              style={{ width: 180 }}
              options={paymentProviderId.options.map((p) => ({ value: p, label: p }))}
              onChange={(p: PaymentProviderId) =>
                form.setFieldValue(
                  'credentials',
                  (DEFAULT_CRED_KEYS[p] ?? []).map((key) => ({ key, value: '' })),
                )
              }
              data-testid="channel-provider"
            />
          </Form.Item>
          <Form.Item
            name="method"
            label={t('payments.channels.method')}
            rules={[
              { required: true, pattern: /^[a-z0-9_]{1,32}$/, message: t('payments.channels.methodRule') },
            ]}
          >
            <Input name="method" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="priority" label={t('payments.channels.priority')}>
            <InputNumber min={-1000} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="enabled" label={t('payments.channels.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="minAmount" label={t('payments.channels.minAmount')} rules={[amountRule]}>
            <Input name="minAmount" prefix="¥" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="maxAmount" label={t('payments.channels.maxAmount')} rules={[amountRule]}>
            <Input name="maxAmount" prefix="¥" style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item name="gatewayUrl" label={t('payments.channels.gatewayUrl')} rules={[{ type: 'url' }]}>
          <Input name="gatewayUrl" placeholder="https://" />
        </Form.Item>

        <Divider titlePlacement="start" plain>
          {t('payments.channels.credentials')}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {channel ? t('payments.channels.credKeep') : t('payments.channels.credHelp')}
        </Typography.Paragraph>
        <Form.List name="credentials">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'key']} rules={[{ required: true }]}>
                    <Input placeholder={t('payments.channels.credKey')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'value']} rules={channel ? [] : [{ required: true }]}>
                    <Input.Password
                      placeholder={
                        channel ? t('payments.channels.credUnchanged') : t('payments.channels.credValue')
                      }
                      autoComplete="new-password"
                      style={{ width: 260 }}
                    />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    {t('common.delete')}
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ key: '', value: '' })}>
                {t('payments.channels.credAdd')}
              </Button>
            </>
          )}
        </Form.List>

        {provider === 'sandbox' ? (
          <>
            <Divider titlePlacement="start" plain>
              {t('payments.faults.title')}
            </Divider>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('payments.faults.help')}
            </Typography.Paragraph>
            <Space wrap align="start" data-testid="sandbox-faults">
              <Form.Item name="delayMs" label={t('payments.faults.delay')}>
                <InputNumber min={0} max={60_000} step={500} precision={0} addonAfter="ms" />
              </Form.Item>
              <Form.Item name="drop" label={t('payments.faults.drop')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="duplicate" label={t('payments.faults.duplicate')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="reorder" label={t('payments.faults.reorder')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="corrupt" label={t('payments.faults.corrupt')}>
                <Select
                  style={{ width: 160 }}
                  options={[
                    { value: 'none', label: t('payments.faults.none') },
                    ...CORRUPT.map((c) => ({ value: c, label: t(`payments.faults.corruptKinds.${c}`) })),
                  ]}
                />
              </Form.Item>
            </Space>
          </>
        ) : null}
        {save.isError ? <ErrorAlert error={save.error} /> : null}
      </Form>
    </Modal>
  );
}
