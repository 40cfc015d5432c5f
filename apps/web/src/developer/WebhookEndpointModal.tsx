import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  apiModes,
  webhookEventTypes,
  type ApiMode,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEventType,
} from '@kameng/shared';
import { Checkbox, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { createWebhookEndpoint, developerKeys, updateWebhookEndpoint } from '../api/developer';
import { ErrorAlert } from '../layout/ErrorAlert';

interface Values {
  url: string;
  mode: ApiMode;
  eventTypes: WebhookEventType[];
  description: string;
}

/** Whether a URL is absolute http(s) (the server's SSRF guard checks the rest). */
function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
  } catch {
    return false;
  }
}

/** Creates a webhook endpoint (its secret goes to `onCreated`) or edits URL, events and description. */
export function WebhookEndpointModal({
  editing,
  onCreated,
  onClose,
}: {
  editing: WebhookEndpoint | null;
  onCreated: (created: WebhookEndpointWithSecret) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const mutation = useMutation({
    mutationFn: async (v: Values) => {
      const common = {
        url: v.url.trim(),
        eventTypes: v.eventTypes,
        description: (v.description ?? '').trim(),
      };
      if (editing) {
        await updateWebhookEndpoint(editing.id, common);
        return null;
      }
      return createWebhookEndpoint({ ...common, mode: v.mode });
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: developerKeys.webhooks });
      if (created) onCreated(created);
      onClose();
    },
  });
  return (
    <Modal
      open
      title={editing ? t('developer.webhooks.editTitle') : t('developer.webhooks.addTitle')}
      okText={editing ? t('common.save') : t('developer.webhooks.add')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: mutation.isPending, htmlType: 'submit' }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={600}
      modalRender={(node) => <div data-testid="webhook-modal">{node}</div>}
    >
      <Form<Values>
        form={form}
        name="webhookEndpoint"
        layout="vertical"
        requiredMark={false}
        initialValues={
          editing
            ? {
                url: editing.url,
                mode: editing.mode,
                eventTypes: editing.eventTypes,
                description: editing.description,
              }
            : { url: '', mode: 'sandbox', eventTypes: ['order.delivered', 'order.refunded'], description: '' }
        }
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item
          name="url"
          label={t('developer.webhooks.url')}
          extra={t('developer.webhooks.urlHint')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 2000, message: t('developer.maxLength', { max: 2000 }) },
            {
              validator: (_r, v: unknown) =>
                !v || isHttpUrl(String(v).trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('developer.webhooks.urlInvalid'))),
            },
          ]}
        >
          <Input
            name="url"
            type="url"
            placeholder="https://shop.example.com/kameng/webhook"
            autoComplete="off"
          />
        </Form.Item>
        <Form.Item
          name="mode"
          label={t('developer.credentials.mode')}
          extra={editing ? t('developer.credentials.modeFixed') : t('developer.webhooks.modeHint')}
        >
          <Radio.Group disabled={!!editing}>
            {apiModes.map((m) => (
              <Radio.Button key={m} value={m} data-testid={`webhook-mode-${m}`}>
                {t(`developer.mode.${m}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="eventTypes"
          label={t('developer.webhooks.events')}
          rules={[{ required: true, type: 'array', min: 1, message: t('developer.webhooks.eventsRequired') }]}
        >
          <Checkbox.Group
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: 8 }}
          >
            {webhookEventTypes.map((e) => (
              <Checkbox key={e} value={e} data-testid={`event-${e}`}>
                <code>{e}</code> {t(`developer.eventType.${e}`)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="description" label={t('developer.webhooks.description')}>
          <Input name="description" maxLength={200} autoComplete="off" />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
