import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Withdrawal } from '@kameng/shared';
import { App, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { reviewWithdrawal } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { useFormRules } from '../../auth/form-rules';
import { PayoutAccountLabel } from '../../finance/PayoutAccountLabel';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatFen } from '../../lib/money';

/** A review decision on a withdrawal. */
export type ReviewKind = 'approve' | 'reject' | 'paid' | 'failed';

interface ActionForm {
  reason?: string;
  payoutReference?: string;
}

const hints = {
  approve: 'adminFinance.review.approveHint',
  reject: 'adminFinance.review.rejectHint',
  paid: 'adminFinance.review.paidHint',
  failed: 'adminFinance.review.failedHint',
} as const;

/** Confirms approve / reject (reason) / mark paid (payout reference) / mark failed (reason). */
export function WithdrawalActionModal(props: {
  withdrawal: Withdrawal;
  kind: ReviewKind;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ActionForm>();
  const w = props.withdrawal;
  const mutation = useMutation({
    mutationFn: (v: ActionForm) => {
      switch (props.kind) {
        case 'approve':
          return reviewWithdrawal(w.id, { kind: 'approve' });
        case 'paid':
          return reviewWithdrawal(w.id, { kind: 'paid', payoutReference: (v.payoutReference ?? '').trim() });
        default:
          return reviewWithdrawal(w.id, { kind: props.kind, reason: (v.reason ?? '').trim() });
      }
    },
    onSuccess: () => {
      void message.success(t('adminFinance.review.done'));
      void queryClient.invalidateQueries({ queryKey: financeKeys.admin });
      props.onClose();
    },
  });
  const danger = props.kind === 'reject' || props.kind === 'failed';
  return (
    <Modal
      open
      title={t(`adminFinance.review.confirm.${props.kind}`)}
      okText={t(`adminFinance.review.${props.kind}`)}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, loading: mutation.isPending, htmlType: 'submit' }}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      modalRender={(node) => (
        <div data-testid="withdrawal-action-modal" data-action={props.kind}>
          {node}
        </div>
      )}
    >
      <Form<ActionForm>
        form={form}
        name="withdrawal-action"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Typography.Paragraph strong>
          {t('adminFinance.review.summary', {
            merchant: w.merchantName,
            amount: formatFen(w.amount),
            net: formatFen(w.netAmount),
          })}
        </Typography.Paragraph>
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('adminFinance.review.payoutAccount')}>
            <PayoutAccountLabel account={w.payoutAccount} />
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary">{t(hints[props.kind])}</Typography.Paragraph>
        {props.kind === 'reject' || props.kind === 'failed' ? (
          <Form.Item name="reason" label={t('field.reason')} rules={rules.minText(2)}>
            <Input.TextArea name="reason" rows={3} maxLength={500} showCount autoFocus />
          </Form.Item>
        ) : null}
        {props.kind === 'paid' ? (
          <Form.Item
            name="payoutReference"
            label={t('adminFinance.review.payoutReference')}
            rules={rules.requiredText}
          >
            <Input name="payoutReference" maxLength={128} autoComplete="off" autoFocus />
          </Form.Item>
        ) : null}
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
