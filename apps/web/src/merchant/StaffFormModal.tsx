import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MerchantPermission, StaffMember } from '@kameng/shared';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { createStaff, updateStaff } from '../api/merchant';
import { queryKeys } from '../api/queries';
import { useFormRules } from '../auth/form-rules';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PermissionCheckboxes } from './PermissionCheckboxes';

interface StaffForm {
  email: string;
  displayName: string;
  password: string;
  permissions: MerchantPermission[];
}

/** Adds a staff member (`staff` null) or edits one's name and permissions. */
export function StaffFormModal(props: { staff: StaffMember | null; onClose: () => void }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StaffForm>();
  const editing = props.staff;
  const mutation = useMutation({
    mutationFn: (v: StaffForm) =>
      editing
        ? updateStaff(editing.id, { displayName: v.displayName.trim(), permissions: v.permissions })
        : createStaff({
            email: v.email,
            displayName: v.displayName.trim(),
            password: v.password,
            permissions: v.permissions,
          }),
    onSuccess: () => {
      void message.success(editing ? t('merchant.staff.updated') : t('merchant.staff.created'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.staff });
      props.onClose();
    },
  });

  return (
    <Modal
      open
      title={editing ? t('merchant.staff.edit') : t('merchant.staff.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: mutation.isPending, htmlType: 'submit' }}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={560}
      // On the dialog itself: the modal root is zero-sized, so a test id there never counts as visible.
      modalRender={(node) => <div data-testid="staff-modal">{node}</div>}
    >
      <Form<StaffForm>
        form={form}
        name="staff"
        layout="vertical"
        requiredMark={false}
        initialValues={{
          email: editing?.email ?? '',
          displayName: editing?.displayName ?? '',
          permissions: editing?.permissions ?? [],
        }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item name="email" label={t('field.email')} rules={editing ? [] : rules.email}>
          <Input name="email" type="email" autoComplete="off" disabled={!!editing} />
        </Form.Item>
        <Form.Item name="displayName" label={t('field.displayName')} rules={rules.requiredText}>
          <Input name="displayName" maxLength={60} />
        </Form.Item>
        {editing ? null : (
          <Form.Item name="password" label={t('field.initialPassword')} rules={rules.newPassword}>
            <Input.Password name="password" autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="permissions" label={t('field.permissions')}>
          <PermissionCheckboxes />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
