import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  apiModes,
  apiScopes,
  type ApiCredential,
  type ApiCredentialWithSecret,
  type ApiMode,
  type ApiScope,
} from '@kameng/shared';
import { Checkbox, Form, Input, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { createCredential, developerKeys, updateCredential } from '../api/developer';
import { useFormRules } from '../auth/form-rules';
import { ErrorAlert } from '../layout/ErrorAlert';
import { isoToLocalInput, localInputToIso } from '../lib/datetime-local';
import { invalidIpEntries, splitIpList } from './ip-list';

interface Values {
  name: string;
  mode: ApiMode;
  scopes: ApiScope[];
  ipAllowList: string;
  expiresAt: string;
}

/** Scopes a new credential starts with: read the catalog, place and read orders, read the balance. */
const defaultScopes: ApiScope[] = ['catalog:read', 'orders:read', 'orders:write', 'balance:read'];

/**
 * Creates a credential (the answer with its secret goes to `onCreated`) or edits one's name, scopes,
 * IP allow-list and expiry. The mode of an existing credential never changes.
 */
export function CredentialFormModal({
  editing,
  liveAllowed,
  onCreated,
  onClose,
}: {
  editing: ApiCredential | null;
  liveAllowed: boolean;
  onCreated: (issued: ApiCredentialWithSecret) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const mutation = useMutation({
    mutationFn: async (v: Values) => {
      const common = {
        name: v.name.trim(),
        scopes: v.scopes,
        ipAllowList: splitIpList(v.ipAllowList ?? ''),
        expiresAt: localInputToIso(v.expiresAt),
      };
      if (editing) {
        await updateCredential(editing.id, common);
        return null;
      }
      return createCredential({ ...common, mode: v.mode });
    },
    onSuccess: (issued) => {
      void queryClient.invalidateQueries({ queryKey: developerKeys.credentials });
      void queryClient.invalidateQueries({ queryKey: developerKeys.overview });
      if (issued) onCreated(issued);
      onClose();
    },
  });
  const initial: Values = editing
    ? {
        name: editing.name,
        mode: editing.mode,
        scopes: editing.scopes,
        ipAllowList: editing.ipAllowList.join('\n'),
        expiresAt: isoToLocalInput(editing.expiresAt),
      }
    : { name: '', mode: 'sandbox', scopes: defaultScopes, ipAllowList: '', expiresAt: '' };
  return (
    <Modal
      open
      title={editing ? t('developer.credentials.editTitle') : t('developer.credentials.createTitle')}
      okText={editing ? t('common.save') : t('developer.credentials.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: mutation.isPending, htmlType: 'submit', 'data-testid': 'credential-submit' }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={600}
      modalRender={(node) => <div data-testid="credential-modal">{node}</div>}
    >
      <Form<Values>
        form={form}
        name="credential"
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item name="name" label={t('developer.credentials.name')} rules={rules.requiredText}>
          <Input
            name="name"
            maxLength={60}
            autoComplete="off"
            placeholder={t('developer.credentials.namePlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="mode"
          label={t('developer.credentials.mode')}
          extra={
            editing
              ? t('developer.credentials.modeFixed')
              : liveAllowed
                ? null
                : t('developer.credentials.liveNeedsApproval')
          }
        >
          <Radio.Group disabled={!!editing} data-testid="credential-mode">
            {apiModes.map((m) => (
              <Radio.Button
                key={m}
                value={m}
                disabled={m === 'live' && !liveAllowed}
                data-testid={`credential-mode-${m}`}
              >
                {t(`developer.mode.${m}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('developer.credentials.scopes')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('developer.credentials.scopesRequired') },
          ]}
        >
          <Checkbox.Group
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 8 }}
          >
            {apiScopes.map((s) => (
              <Checkbox key={s} value={s} data-testid={`scope-${s}`}>
                <Typography.Text code>{s}</Typography.Text> {t(`developer.scope.${s}`)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item
          name="ipAllowList"
          label={t('developer.credentials.ipAllowList')}
          extra={t('developer.credentials.ipHint')}
          rules={[
            {
              validator: (_r, value: unknown) => {
                const text = typeof value === 'string' ? value : '';
                const bad = invalidIpEntries(text);
                if (bad.length > 0)
                  return Promise.reject(
                    new Error(t('developer.credentials.ipInvalid', { entries: bad.join(', ') })),
                  );
                if (splitIpList(text).length > 50)
                  return Promise.reject(new Error(t('developer.credentials.ipTooMany', { max: 50 })));
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input.TextArea name="ipAllowList" rows={3} placeholder={'203.0.113.7\n198.51.100.0/24'} />
        </Form.Item>
        <Form.Item
          name="expiresAt"
          label={t('developer.credentials.expiresAt')}
          extra={t('developer.credentials.expiresHint')}
          rules={[
            {
              validator: (_r, value: unknown) => {
                const iso = localInputToIso(typeof value === 'string' ? value : '');
                if (!iso || new Date(iso).getTime() > Date.now()) return Promise.resolve();
                return Promise.reject(new Error(t('developer.credentials.expiryPast')));
              },
            },
          ]}
        >
          <Input name="expiresAt" type="datetime-local" />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
