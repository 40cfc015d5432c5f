import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  DEFAULT_ROTATION_OVERLAP_HOURS,
  type ApiCredential,
  type ApiCredentialWithSecret,
} from '@kameng/shared';
import { Form, InputNumber, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { developerKeys, rotateCredential } from '../api/developer';
import { ErrorAlert } from '../layout/ErrorAlert';

/** Issues a new secret for a credential; the old one keeps working for the overlap chosen here. */
export function RotateModal({
  credential,
  onRotated,
  onClose,
}: {
  credential: ApiCredential;
  onRotated: (issued: ApiCredentialWithSecret) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ overlapHours: number }>();
  const mutation = useMutation({
    mutationFn: (v: { overlapHours: number }) =>
      rotateCredential(credential.id, { overlapHours: v.overlapHours }),
    onSuccess: (issued) => {
      void queryClient.invalidateQueries({ queryKey: developerKeys.credentials });
      onRotated(issued);
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('developer.credentials.rotateTitle', { name: credential.name })}
      okText={t('developer.credentials.rotate')}
      okButtonProps={{ danger: true, loading: mutation.isPending, htmlType: 'submit' }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      modalRender={(node) => <div data-testid="rotate-modal">{node}</div>}
    >
      <Typography.Paragraph>{t('developer.credentials.rotateHint')}</Typography.Paragraph>
      <Form
        form={form}
        name="rotate"
        layout="vertical"
        requiredMark={false}
        initialValues={{ overlapHours: DEFAULT_ROTATION_OVERLAP_HOURS }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item
          name="overlapHours"
          label={t('developer.credentials.overlapHours')}
          extra={t('developer.credentials.overlapHint')}
          rules={[
            {
              required: true,
              type: 'integer',
              min: 0,
              max: 168,
              message: t('developer.credentials.overlapRange'),
            },
          ]}
        >
          <InputNumber name="overlapHours" min={0} max={168} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
