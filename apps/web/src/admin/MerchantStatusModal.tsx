import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Merchant } from '@kameng/shared';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { setMerchantStatus } from '../api/admin';
import { queryKeys } from '../api/queries';
import { useFormRules } from '../auth/form-rules';
import { ErrorAlert } from '../layout/ErrorAlert';

/** A status the admin can move a merchant to. */
export type TargetStatus = 'active' | 'suspended' | 'banned';

/** Asks for the reason (kept in the audit log) and changes the merchant's status. */
export function MerchantStatusModal(props: {
  merchant: Merchant;
  target: TargetStatus;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const mutation = useMutation({
    mutationFn: (reason: string) => setMerchantStatus(props.merchant.id, { status: props.target, reason }),
    onSuccess: () => {
      void message.success(t('admin.merchants.changed'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.adminMerchants });
      props.onClose();
    },
  });
  return (
    <Modal
      open
      title={t(`admin.merchants.confirm.${props.target}`, { name: props.merchant.name })}
      okText={t(`admin.merchants.action.${props.target}`)}
      okButtonProps={{ danger: props.target !== 'active', loading: mutation.isPending, htmlType: 'submit' }}
      cancelText={t('common.cancel')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      // On the dialog itself: the modal root is zero-sized, so a test id there never counts as visible.
      modalRender={(node) => <div data-testid="merchant-status-modal">{node}</div>}
    >
      <Form<{ reason: string }>
        form={form}
        name="merchant-status"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => mutation.mutate(v.reason.trim())}
      >
        <Typography.Paragraph type="secondary">{t('admin.merchants.reasonHint')}</Typography.Paragraph>
        <Form.Item name="reason" label={t('field.reason')} rules={rules.minText(2)}>
          <Input.TextArea name="reason" rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
