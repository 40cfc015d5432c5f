import { useMutation } from '@tanstack/react-query';
import type { KeyBatch } from '@kameng/shared';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../api/client';
import { exportKeys } from '../../api/inventory';
import { ErrorAlert } from '../../layout/ErrorAlert';

/** Exports available keys as a file after re-entering the password (the server audits it). */
export function ExportKeysModal(props: { skuId: string; batches: KeyBatch[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; batchId?: string }>();
  const run = useMutation({
    mutationFn: (v: { password: string; batchId?: string }) =>
      exportKeys(props.skuId, { password: v.password, batchId: v.batchId || undefined }),
    onSuccess: (file) => {
      saveBlob(file.blob, file.filename ?? `keys-${props.skuId}.txt`);
      void message.success(t('keys.export.done'));
      props.onClose();
    },
  });
  return (
    <Modal
      open
      title={t('keys.export.title')}
      okText={t('keys.export.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('keys.export.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => run.mutate(v)} data-testid="export-modal">
        <Form.Item name="batchId" label={t('keys.list.batch')}>
          <Select
            allowClear
            placeholder={t('keys.list.allBatches')}
            options={props.batches.map((b) => ({ value: b.id, label: b.filename ?? b.createdAt }))}
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('field.password')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input.Password name="password" autoComplete="current-password" autoFocus />
        </Form.Item>
        {run.isError ? <ErrorAlert error={run.error} /> : null}
      </Form>
    </Modal>
  );
}
