import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PaymentAnomaly } from '@kameng/shared';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { markDuplicateRefundedOffline } from '../../api/admin-payments';
import { queryKeys } from '../../api/queries';
import { useFormRules } from '../../auth/form-rules';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatFen } from '../../lib/money';

/** Confirms that a duplicate payment was paid back outside the channel, with the admin's note. */
export function MarkRefundedOfflineModal(props: { anomaly: PaymentAnomaly; onClose: () => void }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const a = props.anomaly;
  const dup = a.duplicateRefund!;
  const mutation = useMutation({
    mutationFn: (v: { note: string }) => markDuplicateRefundedOffline(dup.attemptId, { note: v.note.trim() }),
    onSuccess: () => {
      void message.success(t('payments.anomalies.markedOffline'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.anomalies });
      props.onClose();
    },
  });
  return (
    <Modal
      open
      title={t('payments.anomalies.markOfflineTitle')}
      okText={t('payments.anomalies.markOffline')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: mutation.isPending, htmlType: 'submit' }}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      modalRender={(node) => <div data-testid="mark-refunded-offline-modal">{node}</div>}
    >
      <Form<{ note: string }>
        form={form}
        name="mark-refunded-offline"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Typography.Paragraph strong>
          {t('payments.anomalies.markOfflineSummary', {
            orderNo: a.orderNo ?? a.orderId ?? '—',
            amount: formatFen(dup.amount),
            channel: a.channelId,
            trade: dup.providerTradeNo ?? '—',
          })}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          {t('payments.anomalies.markOfflineHint')}
        </Typography.Paragraph>
        <Form.Item name="note" label={t('payments.anomalies.note')} rules={rules.requiredText}>
          <Input.TextArea name="note" rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
