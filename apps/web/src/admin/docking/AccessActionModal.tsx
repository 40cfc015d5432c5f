import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AdminApiReseller, ApiAccessAction } from '@kameng/shared';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminDockingKeys, setApiAccess } from '../../api/admin-docking';
import { ErrorAlert } from '../../layout/ErrorAlert';

/** Confirms an API access change for a reseller, with an optional note kept in the audit log. */
export function AccessActionModal({
  reseller,
  action,
  onClose,
}: {
  reseller: AdminApiReseller;
  action: ApiAccessAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const destructive = action === 'suspend' || action === 'reject';
  const mutation = useMutation({
    mutationFn: (v: { note: string }) =>
      setApiAccess(reseller.id, { action, note: v.note?.trim() ? v.note.trim() : undefined }),
    onSuccess: () => {
      void message.success(t('adminDocking.resellers.changed'));
      void queryClient.invalidateQueries({ queryKey: adminDockingKeys.resellers });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t(`adminDocking.resellers.confirm.${action}`, { name: reseller.name })}
      okText={t(`adminDocking.resellers.actions.${action}`)}
      okButtonProps={{
        danger: destructive,
        loading: mutation.isPending,
        htmlType: 'submit',
        'data-testid': 'access-confirm',
      }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      modalRender={(node) => (
        <div data-testid="access-modal" data-action={action}>
          {node}
        </div>
      )}
    >
      <Typography.Paragraph>{t(`adminDocking.resellers.explain.${action}`)}</Typography.Paragraph>
      <Form
        form={form}
        name="apiAccess"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item name="note" label={t('adminDocking.resellers.note')}>
          <Input.TextArea name="note" rows={2} maxLength={500} showCount />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
