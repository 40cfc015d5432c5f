import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  paymentProviderId,
  providerCredentialFields,
  type PaymentChannel,
  type PaymentProviderId,
  type SandboxFaults,
} from '@kameng/shared';
import { App, Divider, Form, Input, InputNumber, Modal, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { createChannel, updateChannel } from '../../api/admin-payments';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { fenToYuan, yuanToFen } from '../../lib/money';

interface ChannelValues {
  id: string;
  name: string;
  provider: PaymentProviderId;
  method: string;
  enabled: boolean;
  priority: number;
  weight: number;
  minAmount?: string;
  maxAmount?: string;
  dailyLimit?: string;
  autoPauseAfter: number;
  cooldownSeconds: number;
  gatewayUrl?: string;
  /** Credential field name → what the admin typed (nothing is ever pre-filled). */
  cred?: Record<string, string | undefined>;
  epayVersion?: 'v1' | 'v2';
  epayFlow?: 'mapi' | 'submit';
  epayType?: string;
  /** The other settings, as a JSON object. */
  extraSettings?: string;
  delayMs?: number;
  drop?: boolean;
  duplicate?: boolean;
  reorder?: boolean;
  corrupt?: NonNullable<SandboxFaults['corrupt']> | 'none';
}

const CORRUPT = ['signature', 'amount', 'merchant', 'trade', 'types', 'status'] as const;
/** Settings that have their own inputs (the rest is edited as JSON). */
const OWN_SETTINGS: Partial<Record<PaymentProviderId, string[]>> = {
  sandbox: ['gatewayUrl', 'faults'],
  epay: ['gatewayUrl', 'version', 'flow', 'type'],
};
const ownSettings = (p: PaymentProviderId) => OWN_SETTINGS[p] ?? ['gatewayUrl'];

/** The settings other than those with their own inputs, as pretty JSON ('' when none). */
function extraOf(provider: PaymentProviderId, settings: Record<string, unknown>): string {
  const own = ownSettings(provider);
  const rest = Object.fromEntries(Object.entries(settings).filter(([k]) => !own.includes(k)));
  return Object.keys(rest).length ? JSON.stringify(rest, null, 2) : '';
}

/** Parses the JSON settings textarea: an object, or null when it is not one. */
function parseExtra(text: string | undefined): Record<string, unknown> | null {
  if (!text?.trim()) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Creates or edits a payment channel. Credentials are write-only: left empty on edit, they stay as stored. */
export function ChannelModal({ channel, onClose }: { channel: PaymentChannel | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChannelValues>();
  const provider = Form.useWatch('provider', form) ?? channel?.provider ?? 'sandbox';
  const settings = (channel?.settings ?? {}) as {
    gatewayUrl?: string;
    faults?: SandboxFaults;
    version?: unknown;
    flow?: unknown;
    type?: unknown;
  };
  const credFields = providerCredentialFields[provider];
  // On edit, credentials are replaced only when something is typed; then every required field is needed.
  const credRule = (optional: boolean | undefined) => ({
    validator: (_r: unknown, v: string | undefined) => {
      if (optional || v?.trim()) return Promise.resolve();
      const typed = Object.values(form.getFieldValue('cred') ?? {}).some(
        (x) => typeof x === 'string' && x.trim(),
      );
      if (channel && !typed) return Promise.resolve();
      return Promise.reject(
        new Error(t(channel ? 'payments.channels.credAllRequired' : 'validation.required')),
      );
    },
  });
  const faults = settings.faults ?? {};
  const save = useMutation({
    mutationFn: async (v: ChannelValues) => {
      const credentials: Record<string, string> = {};
      for (const f of providerCredentialFields[v.provider]) {
        const value = v.cred?.[f.name];
        // Keys and PEM blocks are kept as typed; single-line ids lose stray spaces.
        if (value?.trim()) credentials[f.name] = f.multiline || f.secret ? value : value.trim();
      }
      const newSettings: Record<string, unknown> = parseExtra(v.extraSettings) ?? {};
      if (v.gatewayUrl?.trim()) newSettings.gatewayUrl = v.gatewayUrl.trim();
      if (v.provider === 'epay') {
        newSettings.version = v.epayVersion ?? 'v1';
        newSettings.flow = v.epayFlow ?? 'mapi';
        if (v.epayType?.trim()) newSettings.type = v.epayType.trim();
      }
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
        weight: v.weight ?? 1,
        minAmount: v.minAmount ? yuanToFen(v.minAmount) : null,
        maxAmount: v.maxAmount ? yuanToFen(v.maxAmount) : null,
        dailyLimit: v.dailyLimit ? yuanToFen(v.dailyLimit) : null,
        autoPauseAfter: v.autoPauseAfter ?? 5,
        cooldownSeconds: v.cooldownSeconds ?? 300,
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
        weight: channel.weight,
        minAmount: channel.minAmount !== null ? fenToYuan(channel.minAmount) : undefined,
        maxAmount: channel.maxAmount !== null ? fenToYuan(channel.maxAmount) : undefined,
        dailyLimit: channel.dailyLimit !== null ? fenToYuan(channel.dailyLimit) : undefined,
        autoPauseAfter: channel.autoPauseAfter,
        cooldownSeconds: channel.cooldownSeconds,
        gatewayUrl: settings.gatewayUrl,
        epayVersion: settings.version === 'v2' ? 'v2' : 'v1',
        epayFlow: settings.flow === 'submit' ? 'submit' : 'mapi',
        epayType: typeof settings.type === 'string' ? settings.type : undefined,
        extraSettings: extraOf(channel.provider, channel.settings),
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
        weight: 1,
        autoPauseAfter: 5,
        cooldownSeconds: 300,
        epayVersion: 'v1',
        epayFlow: 'mapi',
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
              onChange={() => form.setFieldValue('cred', {})}
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
          <Form.Item
            name="dailyLimit"
            label={t('payments.channels.dailyLimit')}
            tooltip={t('payments.channels.dailyLimitHelp')}
            rules={[amountRule]}
          >
            <Input
              name="dailyLimit"
              prefix="¥"
              placeholder={t('payments.channels.noLimit')}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item
            name="weight"
            label={t('payments.channels.weight')}
            tooltip={t('payments.channels.weightHelp')}
          >
            <InputNumber min={0} max={1000} precision={0} />
          </Form.Item>
        </Space>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item
            name="autoPauseAfter"
            label={t('payments.channels.autoPauseAfter')}
            tooltip={t('payments.channels.autoPauseHelp')}
          >
            <InputNumber min={0} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="cooldownSeconds" label={t('payments.channels.cooldownSeconds')}>
            <InputNumber min={1} max={7 * 86_400} precision={0} addonAfter="s" />
          </Form.Item>
        </Space>
        <Form.Item name="gatewayUrl" label={t('payments.channels.gatewayUrl')} rules={[{ type: 'url' }]}>
          <Input name="gatewayUrl" placeholder="https://" />
        </Form.Item>
        {provider === 'epay' ? (
          <Space wrap align="start" data-testid="epay-settings">
            <Form.Item name="epayVersion" label={t('payments.channels.epayVersion')}>
              <Select
                style={{ width: 160 }}
                options={[
                  { value: 'v1', label: 'V1 (MD5)' },
                  { value: 'v2', label: 'V2 (RSA)' },
                ]}
              />
            </Form.Item>
            <Form.Item name="epayFlow" label={t('payments.channels.epayFlow')}>
              <Select
                style={{ width: 200 }}
                options={[
                  { value: 'mapi', label: t('payments.channels.epayFlowMapi') },
                  { value: 'submit', label: t('payments.channels.epayFlowSubmit') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="epayType"
              label={t('payments.channels.epayType')}
              rules={[{ pattern: /^[A-Za-z0-9_]{1,32}$/, message: t('payments.channels.methodRule') }]}
            >
              <Input
                name="epayType"
                placeholder={t('payments.channels.epayTypeDefault')}
                style={{ width: 160 }}
              />
            </Form.Item>
          </Space>
        ) : null}
        <Form.Item
          name="extraSettings"
          label={t('payments.channels.extraSettings')}
          tooltip={t('payments.channels.extraSettingsHelp')}
          rules={[
            {
              validator: (_r, v: string | undefined) =>
                parseExtra(v)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('payments.channels.extraSettingsInvalid'))),
            },
          ]}
        >
          <Input.TextArea name="extraSettings" rows={2} placeholder="{}" spellCheck={false} />
        </Form.Item>

        <Divider titlePlacement="start" plain>
          {t('payments.channels.credentials')}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {channel
            ? channel.hasCredentials
              ? t('payments.channels.credKeep')
              : t('payments.channels.credMissingHelp')
            : t('payments.channels.credHelp')}
        </Typography.Paragraph>
        <div data-testid="channel-credentials">
          {credFields.map((f) => (
            <Form.Item
              key={provider + f.name}
              name={['cred', f.name]}
              label={
                <span>
                  <code>{f.name}</code>
                  {f.optional ? (
                    <Typography.Text type="secondary">
                      {' '}
                      ({t('payments.channels.credOptional')})
                    </Typography.Text>
                  ) : null}
                </span>
              }
              rules={[credRule(f.optional)]}
            >
              {f.multiline ? (
                <Input.TextArea
                  name={`cred-${f.name}`}
                  rows={3}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder={channel ? t('payments.channels.credUnchanged') : '-----BEGIN …-----'}
                />
              ) : f.secret ? (
                <Input.Password
                  name={`cred-${f.name}`}
                  autoComplete="new-password"
                  placeholder={
                    channel ? t('payments.channels.credUnchanged') : t('payments.channels.credValue')
                  }
                />
              ) : (
                <Input
                  name={`cred-${f.name}`}
                  autoComplete="off"
                  placeholder={
                    channel ? t('payments.channels.credUnchanged') : t('payments.channels.credValue')
                  }
                />
              )}
            </Form.Item>
          ))}
        </div>

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
